"""Views of the follow-through: thin — check access, call one selector or service, render or redirect."""
from __future__ import annotations


from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.selectors import campaign_for_request
from core.views import service_errors
from organizations.models import Organization
from organizations.scope import get_scoped_or_404, restrict, scope_paths

from . import rules, selectors, services
from upgrades.services import EVIDENCE_TYPES

from .forms import CaseMeasureForm, CaseOpenForm, ExitDecisionForm, ExitRequestForm, MeasureEvidenceForm, NoteForm, ProgressForm
from .models import Case, CaseEvidence, CaseMeasure

ALERT_LABELS = {
    "lagging_running": lambda a: _("Lagging %(n)d years running (%(years)s)") % {"n": len(a.years), "years": "、".join(map(str, a.years))},
    "low_stars_running": lambda a: _("Below the star mark %(n)d years running (%(years)s)") % {"n": len(a.years), "years": "、".join(map(str, a.years))},
    "stars_lowered": lambda a: _("Star level lowered in %(year)d") % {"year": a.years[1]},
    "case_overdue": lambda a: _("Transformation case past its deadline"),
    "measure_overdue": lambda a: _("%(n)d commitment measures long overdue") % {"n": a.count},
}


def alert_label(alert: rules.Alert) -> str:
    return ALERT_LABELS[alert.kind](alert)


def _campaign(request: HttpRequest):
    campaign = campaign_for_request(request)
    if campaign is None:
        raise Http404
    return campaign


def _case(request: HttpRequest, pk: int, action: str = "view") -> Case:
    return get_scoped_or_404(selectors.cases_for(request.user, action), request.user, action, pk=pk)


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    campaign = _campaign(request)
    if not scope_paths(request.user):
        raise Http404
    cases = list(selectors.case_list(request.user, campaign))
    today = timezone.localdate()
    for c in cases:
        c.overdue = rules.is_overdue(c.state, c.deadline, today)
    return render(request, "followup/case_list.html", {
        "campaign": campaign, "cases": cases, "counts": selectors.case_counts(request.user, campaign),
        "candidates": selectors.candidates(request.user, campaign), "is_superior": bool(scope_paths(request.user, "assess"))})


@login_required
def case_open(request: HttpRequest) -> HttpResponse:
    campaign = _campaign(request)
    org = get_scoped_or_404(Organization.objects.select_related("parent"), request.user, "assess", via="parent",
                            pk=request.GET.get("org") or request.POST.get("org") or 0)
    level, _stars = services.starting_point(campaign, org)
    helpers = restrict(Organization.objects.filter(is_active=True, path__under=campaign.scope.path), request.user).exclude(
        pk=org.pk).order_by("path")
    form = CaseOpenForm(request.POST or None, problems=services.problem_choices(campaign, org),
                        situations=rules.checklist(campaign.ruleset.setting("weak_situations")), helpers=helpers,
                        initial={"deadline": campaign.summary_due})
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            case = services.case_open(actor=request.user, campaign=campaign, organization=org, **form.cleaned_data)
            messages.success(request, _("The case is open."))
            return redirect("followup:case-detail", case.pk)
    return render(request, "followup/case_open.html", {"form": form, "org": org, "campaign": campaign, "start_level": level})


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    level, rate, ye = services.exit_evidence(case)
    actions = services.actions_for(request.user, case)
    measures = list(case.measures.prefetch_related(
        Prefetch("evidence", queryset=CaseEvidence.objects.select_related("library_file"))))
    evidence_form = MeasureEvidenceForm(campaign=case.campaign, organization=case.organization) if "measure" in actions else None
    return render(request, "followup/case_detail.html", {
        "case": case, "measures": measures, "evidence_form": evidence_form,
        # the table row renders the pick compactly, from the form's own choices
        "library_choices": list(evidence_form.fields["library_file"].queryset) if evidence_form else [],
        "evidence_accept": ",".join(f".{t}" for t in EVIDENCE_TYPES), "notes": case.notes.select_related("author"),
        "events": case.events.select_related("actor"), "actions": actions,
        "overdue": rules.is_overdue(case.state, case.deadline, timezone.localdate()),
        "ye_level": level, "ye_rate": rate, "ye": ye, "min_rate": case.campaign.ruleset.setting("case_exit_masses_rate"),
        "measure_form": CaseMeasureForm(), "note_form": NoteForm(initial={"month": timezone.localdate().strftime("%Y-%m")}),
        "progress_form": ProgressForm()})


@login_required
@require_POST
def measure_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk, "enter")
    form = CaseMeasureForm(request.POST)
    if form.is_valid():
        with service_errors(form):
            services.case_measure_add(actor=request.user, case=case, **form.cleaned_data)
            messages.success(request, _("Measure added."))
    if form.errors:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("followup:case-detail", case.pk)


@login_required
@require_POST
def measure_progress(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_scoped_or_404(CaseMeasure.objects.select_related("case__organization"), request.user, "enter",
                                via="case__organization", pk=pk)
    form = ProgressForm(request.POST)
    if form.is_valid():
        with service_errors(form):
            services.case_measure_progress(actor=request.user, measure=measure, **form.cleaned_data)
            messages.success(request, _("Progress saved."))
    if form.errors:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("followup:case-detail", measure.case_id)


@login_required
@require_POST
def measure_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """A file for a measure: uploaded (into the evidence library) or picked from the library."""
    measure = get_scoped_or_404(CaseMeasure.objects.select_related("case__organization", "case__campaign"), request.user,
                                "enter", via="case__organization", pk=pk)
    form = MeasureEvidenceForm(request.POST, request.FILES, campaign=measure.case.campaign,
                               organization=measure.case.organization)
    if form.is_valid():
        with service_errors(form):
            services.case_measure_evidence_add(actor=request.user, measure=measure, upload=form.cleaned_data["file"] or None,
                                               library_file=form.cleaned_data["library_file"])
            messages.success(request, _("Evidence added; it is kept in the evidence library."))
    if form.errors:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("followup:case-detail", measure.case_id)


@login_required
@require_POST
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk, "enter")
    form = NoteForm(request.POST)
    if form.is_valid():
        with service_errors(form):
            services.case_note_add(actor=request.user, case=case, **form.cleaned_data)
            messages.success(request, _("Monthly note saved."))
    if form.errors:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("followup:case-detail", case.pk)


@login_required
def request_exit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk, "enter")
    if "request_exit" not in services.actions_for(request.user, case):
        raise Http404
    form = ExitRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            services.case_request_exit(actor=request.user, case=case, **form.cleaned_data)
            messages.success(request, _("The exit is requested from the superior."))
            return redirect("followup:case-detail", case.pk)
    level, rate, _ye = services.exit_evidence(case)
    return render(request, "followup/case_exit.html", {"case": case, "form": form, "ye_level": level, "ye_rate": rate,
                                                        "title": _("Request the exit")})


@login_required
def decide_exit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    if "decide_exit" not in services.actions_for(request.user, case):
        raise Http404
    form = ExitDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            services.case_decide_exit(actor=request.user, case=case, accept=form.cleaned_data["decision"] == "accept",
                                      comment=form.cleaned_data["reason"])
            messages.success(request, _("The decision is recorded."))
            return redirect("followup:case-detail", case.pk)
    level, rate, _ye = services.exit_evidence(case)
    return render(request, "followup/case_exit.html", {"case": case, "form": form, "ye_level": level, "ye_rate": rate,
                                                        "title": _("Decide on the exit")})


@login_required
def case_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The case record (整顿转化工作台账) as the paper form would be printed."""
    from weasyprint import HTML

    case = _case(request, pk)
    context = {"case": case, "measures": case.measures.prefetch_related(
                   Prefetch("evidence", queryset=CaseEvidence.objects.select_related("library_file"))), "notes": case.notes.all(),
               "events": case.events.select_related("actor"), "generated": timezone.localtime(),
               "font_dir": settings.PDF_FONT_DIR.as_uri(),
               "data": {"title": _("Lagging-branch transformation record"), "organization_name": case.organization.name,
                        "year": case.campaign.year}}
    data = HTML(string=render_to_string("followup/pdf/case.html", context), base_url=str(settings.PDF_FONT_DIR)).write_pdf()
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="case-{case.pk}.pdf"'
    return response


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    campaign = _campaign(request)
    if not scope_paths(request.user):
        raise Http404
    rows = [(r, alert_label(r.alert)) for r in selectors.alerts(request.user, campaign)]
    return render(request, "followup/alerts.html", {"campaign": campaign, "rows": rows})
