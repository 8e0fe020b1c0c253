"""Views of the agreements up the line: thin — check access, call one service, render or redirect."""
from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.selectors import campaign_for_request
from core.views import service_errors, service_messages
from organizations.models import Organization
from organizations.scope import can, get_scoped_or_404, restrict, scope_paths

from . import agreements as services
from .forms import LineAgreementForm, ReasonForm, ScanForm
from .models import LineAgreement


def _campaign(request: HttpRequest):
    campaign = campaign_for_request(request)
    if campaign is None:
        raise Http404
    return campaign


def _agreement(request: HttpRequest, pk: int, action: str = "view") -> LineAgreement:
    qs = LineAgreement.objects.select_related("organization__parent", "campaign__ruleset", "submitted_by", "decided_by")
    return get_scoped_or_404(qs, request.user, action, pk=pk)


def _back(obj: LineAgreement) -> HttpResponse:
    return redirect(reverse("followup:agreement", args=[obj.organization_id]) + f"?campaign={obj.campaign_id}")


@login_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    campaign = _campaign(request)
    if not scope_paths(request.user, "assess"):
        raise Http404
    orgs = restrict(Organization.objects.filter(kind__in=services.KINDS, is_active=True, path__under=campaign.scope.path),
                    request.user).order_by("path")
    found = {a.organization_id: a for a in LineAgreement.objects.filter(campaign=campaign, organization__in=orgs)}
    return render(request, "followup/agreement_list.html", {"campaign": campaign, "rows": [(o, found.get(o.pk)) for o in orgs]})


@login_required
def agreement(request: HttpRequest, org_pk: int) -> HttpResponse:
    campaign = _campaign(request)
    org = get_scoped_or_404(Organization.objects.select_related("parent"), request.user, "view", pk=org_pk, kind__in=services.KINDS)
    obj = LineAgreement.objects.filter(campaign=campaign, organization=org).select_related("submitted_by", "decided_by").first()
    editable = can(request.user, "enter", org) and (obj is None or obj.state in ("draft", "returned"))
    form = None
    if editable:
        initial = {"targets": obj.targets, "measures": obj.measures} if obj else {"targets": services.default_targets(campaign)}
        form = LineAgreementForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            with service_errors(form):
                obj = services.agreement_save(actor=request.user, campaign=campaign, organization=org, **form.cleaned_data)
                messages.success(request, _("The agreement is saved."))
                return _back(obj)
    elif request.method == "POST":
        raise Http404
    return render(request, "followup/agreement.html", {
        "campaign": campaign, "org": org, "a": obj, "form": form, "actions": services.actions_for(request.user, obj) if obj else set(),
        "scan_form": ScanForm(), "reason_form": ReasonForm()})


@login_required
@require_POST
def agreement_transition(request: HttpRequest, pk: int, transition: str) -> HttpResponse:
    obj = _agreement(request, pk)
    if transition not in ("submit", "approve", "return") or transition not in services.actions_for(request.user, obj):
        raise Http404
    form = ReasonForm(request.POST)
    form.is_valid()
    labels = {"submit": _("Submitted to the county."), "approve": _("The agreement is approved."), "return": _("The agreement is returned.")}
    with service_messages(request, labels[transition]):
        services.agreement_transition(actor=request.user, agreement=obj, transition=transition, comment=form.cleaned_data.get("reason", ""))
    return _back(obj)


@login_required
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The township's target responsibility agreement, laid out like the paper one, with seal blocks."""
    from weasyprint import HTML

    obj = _agreement(request, pk)
    context = {"a": obj, "superior": obj.organization.parent, "generated": timezone.localtime(),
               "font_dir": settings.PDF_FONT_DIR.as_uri(),
               "data": {"title": _("Target responsibility agreement"), "organization_name": "", "year": obj.campaign.year}}
    data = HTML(string=render_to_string("followup/pdf/agreement.html", context), base_url=str(settings.PDF_FONT_DIR)).write_pdf()
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="agreement-{obj.organization_id}-{obj.campaign.year}.pdf"'
    return response


@login_required
def agreement_scan(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: upload the signed scan (the township); GET: download it (whoever sees the agreement)."""
    if request.method == "POST":
        obj = _agreement(request, pk, "enter")
        form = ScanForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
            return _back(obj)
        with service_messages(request, _("The signed scan is uploaded.")):
            services.agreement_scan_upload(actor=request.user, agreement=obj, upload=form.cleaned_data["file"])
        return _back(obj)
    obj = _agreement(request, pk)
    if not obj.scan:
        raise Http404
    return FileResponse(obj.scan.open("rb"), as_attachment=True, filename=obj.scan.name.rsplit("/", 1)[-1])
