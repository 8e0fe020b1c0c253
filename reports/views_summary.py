"""The annual summary's words: the township writes and submits (上报), the county sees who has and who has not."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.views import service_errors
from organizations.choices import OrgKind
from organizations.models import Organization
from organizations.scope import get_scoped_or_404, restrict

from . import narrative
from .models import SummaryNarrative


class NarrativeForm(forms.ModelForm):
    class Meta:
        model = SummaryNarrative
        fields = narrative.FIELDS
        widgets = {f: forms.Textarea(attrs={"rows": 4}) for f in narrative.FIELDS}
        help_texts = {"achievements": gettext_lazy("What was achieved against the year's targets."),
                      "experience": gettext_lazy("What worked and should be kept."),
                      "problems": gettext_lazy("What is still lacking."),
                      "next_steps": gettext_lazy("What the township will do next year.")}


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        raise Http404 from None


@login_required
def summary_overview(request: HttpRequest) -> HttpResponse:
    """The county (or a township) sees the townships of its scope: submitted or not."""
    year = _year(request)
    roots = list(restrict(Organization.objects.filter(kind__in=(OrgKind.COUNTY, OrgKind.TOWNSHIP)), request.user, "report")
                 .order_by("path"))
    if not roots:
        raise Http404
    statuses = narrative.narrative_statuses(request.user, roots[0], year)
    done = sum(1 for s in statuses if s.submitted)
    return render(request, "reports/summary_overview.html", {"year": year, "statuses": statuses, "done": done,
                                                             "missing": len(statuses) - done})


@login_required
def summary_edit(request: HttpRequest, org_pk: int) -> HttpResponse:
    year = _year(request)
    org = get_scoped_or_404(Organization.objects.filter(kind=OrgKind.TOWNSHIP), request.user, "report", pk=org_pk)
    obj = SummaryNarrative.objects.filter(organization=org, year=year).first()
    writable = narrative.may_write(request.user, org) and (obj is None or obj.state == SummaryNarrative.State.DRAFT)
    form = NarrativeForm(request.POST or None, instance=obj) if writable else None
    if request.method == "POST":
        if not writable:
            raise Http404
        if form.is_valid():
            with service_errors(form):
                narrative.narrative_save(actor=request.user, organization=org, year=year,
                                         **{f: form.cleaned_data[f] for f in narrative.FIELDS})
                if request.POST.get("submit") == "1":
                    narrative.narrative_submit(actor=request.user, organization=org, year=year)
                    messages.success(request, _("The annual summary has been submitted to the county."))
                else:
                    messages.success(request, _("Saved."))
                return redirect(f"{request.path}?year={year}")
    return render(request, "reports/summary_edit.html", {"org": org, "year": year, "obj": obj, "form": form})
