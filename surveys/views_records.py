"""Files of a survey record (symposium, interview, home visit): attached through the organisation's
evidence library (campaigns/library.py), uploaded once or picked from what the library already holds."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.views import service_errors
from organizations.scope import get_scoped_or_404

from . import services
from .forms import RecordAttachmentForm
from .models import SurveyRecord


@login_required
def record_attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_scoped_or_404(SurveyRecord.objects.select_related("organization", "campaign"), request.user, "enter", pk=pk)
    if not record.organization.is_active:  # said in words, never a form that cannot be saved
        messages.error(request, _("The organisation is archived."))
        return redirect("surveys:record-detail", pk=record.pk)
    form = RecordAttachmentForm(request.POST or None, request.FILES or None, campaign=record.campaign,
                                organization=record.organization)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            services.survey_record_attachment_add(actor=request.user, record=record, upload=form.cleaned_data["file"],
                                                  library_file=form.cleaned_data["library_file"])
            messages.success(request, _("File attached."))
            return redirect("surveys:record-detail", pk=record.pk)
    return render(request, "core/form_page.html", {"form": form, "title": _("Attach a file"), "subtitle": record.title})
