"""Views of scoring sheets and star ratings. Thin: fetch through the scope helpers, call one service."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from campaigns.models import Campaign
from campaigns.selectors import campaign_for_request, campaigns_for
from core.views import service_errors, service_messages
from organizations.choices import OrgKind
from organizations.models import Organization
from organizations.scope import can, get_scoped_or_404, has_role, restrict

from . import services as services
from .choices import AppState, Decision, Stage
from .forms import (AnswerForm, ApplicationForm, CutoffsForm, DecisionForm, EvidenceForm, ReopenForm, RuleForm, SectionForm,
                    SheetCreateForm, SpotCheckForm, TemplateCopyForm, parse_entries, read_entries, read_spot_check)
from .models import EvidenceFile, ScoreSheet, ScoringRule, ScoringSection, ScoringTemplate, StarApplication, StarObjection, StarRating
from .rules import CRITERIA_SETS, STAR_WORKFLOW, star_class
from .services_reopen import application_reopen, may_reopen_sheet
from .services_reopen import sheet_reopen as sheet_reopen_service
from .trust import evidence_frozen, may_decide_stage, stage_frozen
from .views_enter import _enter_context, _previous_stage, _problem_rules
from .selectors import (RATED_KINDS, suggestion_for, template_thresholds, applications_for, county_inbox_queryset, inbox_items, inbox_rows, entries_of, quota_for, sheets_for, star_history, template_with_rules, templates_for)


#: labels of the three classes named by the ``star_class_mapping`` setting
CLASS_LABELS = {"advanced": gettext_lazy("advanced"), "average": gettext_lazy("average"), "lagging": gettext_lazy("lagging")}


def _class_label(level: int | None, mapping: str) -> str:
    key = star_class(level or 0, mapping)
    return str(CLASS_LABELS.get(key, key))


def _campaigns(request: HttpRequest) -> list[Campaign]:
    return list(campaigns_for(request.user).order_by("-year", "scope__path")[:20])


def _rated_orgs(user: Any, action: str = "enter"):
    return restrict(Organization.objects.filter(is_active=True, kind__in=RATED_KINDS), user, action).order_by("path")


# ---------------------------------------------------------------- overview

@login_required
def star_home(request: HttpRequest) -> HttpResponse:
    campaign = campaign_for_request(request)
    apps = applications_for(request.user)
    sheets = sheets_for(request.user)
    if campaign:
        apps = apps.filter(campaign=campaign)
        sheets = sheets.filter(campaign=campaign)
    return render(request, "ratings/stars/home.html", {
        "campaign": campaign, "campaigns": _campaigns(request), "applications": apps[:50], "sheets": sheets[:50],
        "is_county": has_role(request.user, "county_reviewer"),
        "can_enter": _rated_orgs(request.user).exists(),
    })


# ---------------------------------------------------------------- templates

@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, "county_reviewer", "township_staff", "branch_secretary"):
        raise Http404
    templates = templates_for(request.user).filter(is_active=True)
    return render(request, "ratings/stars/template_list.html", {"templates": templates})


@login_required
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not has_role(request.user, "county_reviewer", "township_staff", "branch_secretary"):
        raise Http404
    template = get_object_or_404(templates_for(request.user).prefetch_related("sections__rules"), pk=pk)
    can_edit = (not template.is_builtin and template.owner is not None and can(request.user, "manage_rules", template.owner))
    return render(request, "ratings/stars/template_detail.html", {
        "template": template, "can_edit": can_edit, "frozen": template.sheets.exists(),
        "can_copy": restrict(Organization.objects.filter(kind=OrgKind.COUNTY), request.user, "manage_rules").exists(),
        "max_total": sum((s.max_points for s in template.sections.all()), Decimal(0)),
        "cutoffs": template_thresholds(None, template),
    })


@login_required
def template_cutoffs(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_scoped_or_404(ScoringTemplate.objects.filter(is_builtin=False), request.user, "manage_rules", via="owner", pk=pk)
    form = CutoffsForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            new = services.template_cutoffs_update(actor=request.user, template=template,
                                                   **{k: form.cleaned_data[k] for k in services.CUTOFF_FIELDS})
            messages.success(request, _("Saved."))
            return redirect("stars:template-detail", pk=new.pk)
    return render(request, "core/form_page.html", {"form": form, "title": _("Star cut-offs of this sheet"),
                                                   "subtitle": str(template)})


@login_required
def template_copy(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(templates_for(request.user), pk=pk)
    owners = restrict(Organization.objects.filter(kind=OrgKind.COUNTY), request.user, "manage_rules")
    if not owners.exists():
        raise Http404
    form = TemplateCopyForm(request.POST or None, owners=owners, initial={
        "name": _("%(name)s (copy)") % {"name": source.name}, "year": timezone.localdate().year, "owner": owners.first()})
    if request.method == "POST" and form.is_valid():
        copy = services.template_copy(actor=request.user, template=source, **form.cleaned_data)
        messages.success(request, _("Template copied; you can now edit it."))
        return redirect("stars:template-detail", pk=copy.pk)
    return render(request, "core/form_page.html", {"form": form, "title": _("Copy scoring template")})


@login_required
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_scoped_or_404(ScoringRule.objects.filter(section__template__is_builtin=False).select_related("section__template"),
                             request.user, "manage_rules", via="section__template__owner", pk=pk)
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        data = form.rule_fields()
        rule.refresh_from_db()
        with service_errors(form):
            saved = services.template_rule_update(actor=request.user, rule=rule, **data)
            messages.success(request, _("Rule saved."))
            return redirect("stars:template-detail", pk=saved.section.template_id)
    return render(request, "core/form_page.html", {"form": form, "title": _("Edit scoring rule"),
                                                   "subtitle": _("A template with scores is frozen: saving makes a new version.")})


@login_required
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    section = get_scoped_or_404(ScoringSection.objects.filter(template__is_builtin=False).select_related("template"),
                                request.user, "manage_rules", via="template__owner", pk=pk)
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in form.Meta.fields}
        section.refresh_from_db()
        with service_errors(form):
            saved = services.template_section_update(actor=request.user, section=section, **data)
            messages.success(request, _("Section saved."))
            return redirect("stars:template-detail", pk=saved.template_id)
    return render(request, "core/form_page.html", {"form": form, "title": _("Edit scoring section"),
                                                   "subtitle": _("A template with scores is frozen: saving makes a new version.")})


@login_required
def rule_add(request: HttpRequest, pk: int) -> HttpResponse:
    section = get_scoped_or_404(ScoringSection.objects.filter(template__is_builtin=False).select_related("template"),
                                request.user, "manage_rules", via="template__owner", pk=pk)
    form = RuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.rule_fields()
        with service_errors(form):
            rule = services.template_rule_add(actor=request.user, section=section, **data)
            messages.success(request, _("Rule added."))
            return redirect("stars:template-detail", pk=rule.section.template_id)
    return render(request, "core/form_page.html", {"form": form, "title": _("Add a scoring rule"), "subtitle": section.title})


# ---------------------------------------------------------------- score sheets

@login_required
def sheet_list(request: HttpRequest) -> HttpResponse:
    campaign = campaign_for_request(request)
    sheets = sheets_for(request.user).order_by("organization__path")
    if campaign:
        sheets = sheets.filter(campaign=campaign)
    page = Paginator(sheets, 50).get_page(request.GET.get("page"))
    return render(request, "ratings/stars/sheet_list.html", {"page": page, "campaign": campaign, "campaigns": _campaigns(request),
                                                             "can_create": _rated_orgs(request.user).exists()})


@login_required
def sheet_create(request: HttpRequest) -> HttpResponse:
    campaign = campaign_for_request(request)
    # any organisation below the county can be scored (a township committee on seed 000's sheet, by the county)
    orgs = restrict(Organization.objects.filter(is_active=True).exclude(kind=OrgKind.COUNTY), request.user, "enter").order_by("path")
    if campaign is None or not orgs.exists():
        raise Http404
    form = SheetCreateForm(request.POST or None, organizations=orgs, templates=templates_for(request.user).filter(is_active=True),
                           initial={"organization": orgs.first()})
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            sheet = services.sheet_create(actor=request.user, campaign=campaign, **form.cleaned_data)
            return redirect("stars:sheet-enter", pk=sheet.pk, stage=Stage.SELF)
    return render(request, "core/form_page.html", {"form": form, "title": _("New score sheet"), "subtitle": str(campaign)})


def _rows(template: ScoringTemplate, sheet: ScoreSheet, stages: list[str]) -> list[dict[str, Any]]:
    """Sections with their rules and each stage's entry, for the sheet page and the printed sheet."""
    entries: dict[tuple[int, str], Any] = {(e.rule_id, e.stage): e for e in sheet.entries.all()}
    evidence: dict[int, list[EvidenceFile]] = {}
    for ev in sheet.evidence.all():
        for r in ev.rules.all():
            evidence.setdefault(r.pk, []).append(ev)
    out = []
    for section in template.sections.all():
        rules = []
        for rule in section.rules.all():
            per_stage = {st: entries.get((rule.pk, st)) for st in stages}
            s, r = per_stage.get(Stage.SELF), per_stage.get(Stage.REVIEWER)
            diff = (r.points - s.points) if (s is not None and r is not None) else None
            rules.append({"rule": rule, "entries": per_stage, "self": s, "reviewer": r,
                          "final": per_stage.get(Stage.FINAL), "diff": diff, "evidence": evidence.get(rule.pk, [])})
        out.append({"section": section, "rules": rules})
    return out


def _sheet(request: HttpRequest, pk: int) -> ScoreSheet:
    return get_scoped_or_404(
        ScoreSheet.objects.select_related("organization", "campaign__ruleset", "template").prefetch_related(
            "entries", Prefetch("evidence", queryset=EvidenceFile.objects.prefetch_related("rules"))),
        request.user, pk=pk)


def _section_totals(sheet: ScoreSheet, template: ScoringTemplate, stage: str):
    if not sheet.entries.all():
        return None
    entries = {e.rule_id: e for e in sheet.entries.all() if e.stage == stage}
    if not entries:
        return None
    from .scoring import Entry

    return services.sheet_preview(sheet, template, {
        rid: Entry(quantity=e.quantity, flag=e.flag, choice=e.choice, amount=e.amount, comment=e.comment)
        for rid, e in entries.items()})


@login_required
def sheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _sheet(request, pk)
    template = template_with_rules(sheet.template_id)
    stages = [Stage.SELF, Stage.REVIEWER, Stage.FINAL]
    results = {st: _section_totals(sheet, template, st) for st in stages}
    section_rows = []
    for section in template.sections.all():
        section_rows.append({"section": section, "scores": [
            (results[st].section(section.pk).score if results[st] else None) for st in stages]})
    return render(request, "ratings/stars/sheet_detail.html", {
        "sheet": sheet, "template": template, "rows": _rows(template, sheet, stages), "section_rows": section_rows,
        "stage_links": [(st, label) for st, label in Stage.choices if services.may_enter_stage(request.user, sheet, st)],
        "can_submit": can(request.user, "enter", sheet.organization) and sheet.status == "draft" and sheet.self_total is not None,
        "can_upload": ((can(request.user, "enter", sheet.organization) or services.can_above(request.user, "assess", sheet.organization))
                       and evidence_frozen(sheet) is None),
        "can_reopen": may_reopen_sheet(request.user, sheet),
    })


@login_required
def sheet_enter(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    sheet = _sheet(request, pk)
    if stage not in Stage.values or not services.may_score_stage(request.user, sheet, stage):
        raise Http404
    refused = stage_frozen(sheet, stage)
    if refused is None and not may_decide_stage(request.user, sheet, stage):
        refused = _("You entered or submitted the earlier scores of this sheet yourself, so another person must "
                    "score this stage (four eyes).")
    if refused:  # a decided or someone else's stage: said in words, nothing changes
        messages.error(request, refused)
        return redirect("stars:sheet-detail", pk=sheet.pk)
    template = template_with_rules(sheet.template_id)
    if request.method == "POST":
        entries, errors = read_entries(request.POST, template)
        spot = read_spot_check(request.POST, errors) if stage == Stage.REVIEWER else None
        if errors:
            # refused whole: nothing is saved, the page says what is wrong and where (docs/rules.md §7)
            for error in errors:
                messages.error(request, error)
            result = services.sheet_preview(sheet, template, entries)
            return render(request, "ratings/stars/sheet_enter.html", _enter_context(sheet, template, stage, entries, result))
        try:
            services.sheet_save_entries(actor=request.user, sheet=sheet, stage=stage, entries=entries,
                                        template=template, spot_check_score=spot)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            result = services.sheet_preview(sheet, template, entries)
            return render(request, "ratings/stars/sheet_enter.html", _enter_context(sheet, template, stage, entries, result), status=400)
        messages.success(request, _("Scores saved."))
        return redirect("stars:sheet-detail", pk=sheet.pk)
    entries = entries_of(sheet, stage)
    if not entries and stage != Stage.SELF:
        # start from the previous stage's figures; its comments stay its own, shown beside (issue #19)
        entries = {pk: replace(e, comment="") for pk, e in entries_of(sheet, _previous_stage(stage)).items()}
    result = services.sheet_preview(sheet, template, entries)
    return render(request, "ratings/stars/sheet_enter.html", _enter_context(sheet, template, stage, entries, result))


@login_required
@require_POST
def sheet_preview(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    """htmx: the totals as typed, computed by the same engine that saves."""
    sheet = _sheet(request, pk)
    if stage not in Stage.values or not services.may_enter_stage(request.user, sheet, stage):
        raise Http404
    template = template_with_rules(sheet.template_id)
    result = services.sheet_preview(sheet, template, parse_entries(request.POST, template))
    return render(request, "ratings/stars/_totals.html", {
        "result": result, "template": template, "problem_rules": _problem_rules(template, result),
        "sections": [{"section": s, "result": result.section(s.pk)} for s in template.sections.all()]})


@login_required
@require_POST
def sheet_submit(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _sheet(request, pk)
    with service_messages(request, _("Self-score submitted to the township.")):
        services.sheet_submit(actor=request.user, sheet=sheet)
    return redirect("stars:sheet-detail", pk=sheet.pk)


@login_required
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _sheet(request, pk)
    if not (can(request.user, "enter", sheet.organization) or services.can_above(request.user, "assess", sheet.organization)):
        raise Http404
    if evidence_frozen(sheet):
        messages.error(request, evidence_frozen(sheet))
        return redirect("stars:sheet-detail", pk=sheet.pk)
    form = EvidenceForm(request.POST or None, request.FILES or None, template=sheet.template, ruleset=sheet.campaign.ruleset,
                        campaign=sheet.campaign, organization=sheet.organization)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            services.evidence_upload(actor=request.user, sheet=sheet, upload=form.cleaned_data["file"],
                                     rules=form.cleaned_data["rules"], library_file=form.cleaned_data["library_file"])
            messages.success(request, _("Evidence uploaded."))
            return redirect("stars:sheet-detail", pk=sheet.pk)
    return render(request, "core/form_page.html", {"form": form, "title": _("Upload evidence"),
                                                   "subtitle": _("One file can back several rules: choose them all.")})


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    ev = get_scoped_or_404(EvidenceFile.objects.select_related("sheet__organization"), request.user,
                           via="sheet__organization", pk=pk)
    return FileResponse(ev.file.open("rb"), as_attachment=True, filename=ev.name,
                        content_type=ev.content_type or "application/octet-stream")


# ---------------------------------------------------------------- applications

def _criteria(campaign: Campaign) -> dict[int, tuple[str, ...]]:
    return CRITERIA_SETS.get(campaign.ruleset.setting("star_criteria_set"), {})


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    campaign = campaign_for_request(request)
    apps = applications_for(request.user).order_by("organization__path")
    if campaign:
        apps = apps.filter(campaign=campaign)
    state = request.GET.get("state", "")
    if state in AppState.values:
        apps = apps.filter(state=state)
    page = Paginator(apps, 50).get_page(request.GET.get("page"))
    return render(request, "ratings/stars/application_list.html", {
        "page": page, "campaign": campaign, "campaigns": _campaigns(request), "states": AppState.choices, "state": state,
        "can_create": _rated_orgs(request.user).exists()})


@login_required
def application_create(request: HttpRequest) -> HttpResponse:
    campaign = campaign_for_request(request)
    orgs = _rated_orgs(request.user)
    if campaign is None or not orgs.exists():
        raise Http404
    sheets = sheets_for(request.user).filter(campaign=campaign, organization__in=orgs)
    form = ApplicationForm(request.POST or None, organizations=orgs, sheets=sheets, criteria=_criteria(campaign),
                           initial={"organization": orgs.first(), "sheet": sheets.first()})
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("organization", "requested_level", "sheet", "innovation_project", "summary")}
        with service_errors(form):
            app = services.application_create(actor=request.user, campaign=campaign, criteria_met=form.criteria_met(), **data)
            messages.success(request, _("Application saved. Check it, then apply."))
            return redirect("stars:application-detail", pk=app.pk)
    return render(request, "core/form_page.html", {"form": form, "title": _("Star application"), "subtitle": str(campaign)})


def _suggestion(app: StarApplication):
    return suggestion_for(app)


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = get_scoped_or_404(StarApplication.objects.select_related("organization", "campaign__ruleset", "sheet__template")
                            .prefetch_related("approvals", "objections"), request.user, pk=pk)
    total, decision = _suggestion(app)
    rs = app.campaign.ruleset
    criteria = _criteria(app.campaign)
    criteria_rows = [(level, [(text, bool((app.criteria_met or {}).get(str(level), [False] * len(items))[i]))
                              for i, text in enumerate(items)]) for level, items in criteria.items()]
    quota = quota_for(app.campaign) if rs.setting("star_quota_enabled") else None
    return render(request, "ratings/stars/application_detail.html", {
        "app": app, "total": total, "decision": decision, "decisions": services.allowed_decisions(request.user, app),
        "criteria_rows": criteria_rows, "quota": quota, "klass": _class_label(app.final_level, rs.setting("star_class_mapping")),
        "can_answer": services.can_above(request.user, "review", app.organization),
        "recognised_by": rs.setting("star_innovation_recognised_by"),
        "cutoffs": _cutoffs(app),
    })


def _cutoffs(app: StarApplication) -> list[tuple[int, Any]]:
    th = template_thresholds(app.campaign.ruleset, app.sheet.template if app.sheet is not None else None)
    return [(5, th.five), (4, th.four), (3, th.three), (2, th.two)]


@login_required
@require_POST
def application_innovation(request: HttpRequest, pk: int) -> HttpResponse:
    """The county recognises (or withdraws) the application's innovation project (docs/rules.md §8)."""
    app = get_scoped_or_404(StarApplication.objects.select_related("organization", "campaign__ruleset"), request.user, pk=pk)
    if not services.can_above(request.user, "review", app.organization):
        raise Http404
    try:
        services.application_innovation_recognise(actor=request.user, application=app,
                                                  recognised=request.POST.get("recognised") == "1")
        messages.success(request, _("Saved."))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("stars:application-detail", pk=app.pk)


DECISION_TITLES = {
    Decision.SUBMIT: _("Apply (申报)"), Decision.ASSESS: _("Township assessment"), Decision.INSPECT: _("County acceptance inspection"),
    Decision.NOTICE: _("Open the public notice"), Decision.APPROVE: _("County approval"), Decision.RETURN: _("Return with reasons"),
    Decision.REOPEN: _("Reopen the approval"),
}

# What happens, said on the page before the irreversible steps (issue #19).
DECISION_CONSEQUENCES = {
    Decision.NOTICE: _("Opening the public notice publishes the organisation's name, star level and scores on the public "
                       "page for the notice period; anyone with the address may read it and raise an objection."),
    Decision.APPROVE: _("Approving makes the star level final: the rating and its score sheet become read-only and count "
                        "for the year-end; only the county can reopen it, with a reason."),
}


@login_required
def application_act(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    app = get_scoped_or_404(StarApplication.objects.select_related("organization", "campaign__ruleset", "sheet"), request.user, pk=pk)
    if decision not in STAR_WORKFLOW.transitions or decision not in services.allowed_decisions(request.user, app):
        raise Http404
    total, suggestion = _suggestion(app)
    form = DecisionForm(request.POST or None, decision=decision,
                        may_recognise=services.can_above(request.user, "review", app.organization), initial={
        "level": app.proposed_level or app.requested_level,
        "innovation_recognised": app.innovation_recognised, "vetoes": app.vetoes})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kwargs: dict[str, Any] = {"actor": request.user, "application": app}
        if decision == Decision.ASSESS:
            kwargs.update(level=data["level"], comment=data["comment"], innovation_recognised=data["innovation_recognised"],
                          vetoes=data["vetoes"], departure_reason=data["departure_reason"],
                          exception_reason=data.get("exception_reason", ""))
        elif decision == Decision.APPROVE:
            kwargs.update(comment=data["comment"], over_quota_reason=data.get("over_quota_reason", ""))
        elif decision in (Decision.RETURN, Decision.REOPEN):
            kwargs.update(reason=data["comment"])
        else:
            kwargs.update(comment=data["comment"])
        with service_errors(form):
            (application_reopen if decision == Decision.REOPEN else services.SERVICES[decision])(**kwargs)
            messages.success(request, _("Done: %(step)s.") % {"step": DECISION_TITLES[decision]})
            return redirect("stars:application-detail", pk=app.pk)
    msg = _("%(org)s applies for %(level)d stars; score %(total)s; the rules suggest %(suggested)d stars.") % {
        "org": app.organization.name, "level": app.requested_level, "total": total if total is not None else "—",
        "suggested": suggestion.level}
    from .views_quota import whatif_context

    try:
        picked = int(form["level"].value()) if "level" in form.fields else app.level
    except (TypeError, ValueError):
        picked = app.level
    return render(request, "ratings/stars/decision.html", {"form": form, "title": DECISION_TITLES[decision], "message": msg,
                                                           "consequence": DECISION_CONSEQUENCES.get(decision, ""),
                                                           "danger": decision in (Decision.RETURN, Decision.REOPEN),
                                                           **whatif_context(app, form, picked)})


@login_required
def sheet_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """The county reopens a final score sheet, with a reason (docs/rules.md §13)."""
    sheet = _sheet(request, pk)
    if not services.can_above(request.user, "review", sheet.organization):
        raise Http404
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            sheet_reopen_service(actor=request.user, sheet=sheet, reason=form.cleaned_data["reason"])
            messages.success(request, _("The sheet is reopened for a new final score."))
            return redirect("stars:sheet-detail", pk=sheet.pk)
    return render(request, "core/confirm.html", {"form": form, "title": _("Reopen the final score"), "danger": True,
                                                 "message": f"{sheet.organization.name} · {sheet.template.name}"})


@login_required
def objection_answer(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_scoped_or_404(StarObjection.objects.select_related("application__organization"), request.user, "review",
                            via="application__organization", pk=pk)
    if not services.can_above(request.user, "review", obj.application.organization):
        raise Http404
    form = AnswerForm(request.POST or None, initial={"answer": obj.answer})
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            services.objection_answer(actor=request.user, objection=obj, answer=form.cleaned_data["answer"])
            return redirect("stars:application-detail", pk=obj.application_id)
    return render(request, "core/form_page.html", {"form": form, "title": _("Answer the objection"), "subtitle": obj.text})


# ---------------------------------------------------------------- county views

INBOX_PAGE = 50


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, "county_reviewer"):
        raise Http404
    query = request.GET.get("q", "").strip()[:50]
    waiting = request.GET.get("waiting", "")
    overdue = request.GET.get("overdue") == "1"
    rows = county_inbox_queryset(request.user, query=query, waiting=waiting, overdue=overdue)
    page = Paginator(rows, INBOX_PAGE).get_page(request.GET.get("page"))
    return render(request, "ratings/stars/inbox.html", {
        "rows": inbox_rows(inbox_items(page.object_list)), "page": page, "query": query, "waiting": waiting, "overdue": overdue})


@login_required
def quota(request: HttpRequest) -> HttpResponse:
    campaign = campaign_for_request(request)
    if campaign is None or not (can(request.user, "assess", campaign.scope) or has_role(request.user, "township_staff")):
        raise Http404
    result = quota_for(campaign)
    rs = campaign.ruleset
    over_apps = restrict(StarApplication.objects.filter(campaign=campaign, over_quota=True), request.user).select_related("organization")
    return render(request, "ratings/stars/quota.html", {
        "campaign": campaign, "campaigns": _campaigns(request), "result": result, "enabled": rs.setting("star_quota_enabled"),
        "blocks": rs.setting("star_quota_blocks"), "over_apps": over_apps,
        "goal_3plus": rs.setting("star_goal_3plus"), "goal_5": rs.setting("star_goal_5"),
    })


@login_required
def history(request: HttpRequest, org_pk: int) -> HttpResponse:
    org = get_scoped_or_404(Organization, request.user, pk=org_pk)
    ratings = list(star_history(org))
    rows = []
    for i, r in enumerate(ratings):
        prev = ratings[i + 1].level if i + 1 < len(ratings) else None
        rows.append({"rating": r, "change": (r.level - prev) if prev is not None else None,
                     "klass": _class_label(r.level, r.campaign.ruleset.setting("star_class_mapping"))})
    return render(request, "ratings/stars/history.html", {
        "org": org, "rows": rows, "can_spot_check": services.can_above(request.user, "review", org)})


@login_required
def spot_check(request: HttpRequest, pk: int) -> HttpResponse:
    rating = get_scoped_or_404(StarRating.objects.select_related("organization"), request.user, "review", pk=pk)
    if not services.can_above(request.user, "review", rating.organization):
        raise Http404
    form = SpotCheckForm(request.POST or None, initial={"new_level": rating.level})
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            services.rating_spot_check(actor=request.user, rating=rating, **form.cleaned_data)
            messages.success(request, _("Spot check recorded."))
            return redirect("stars:star-history", org_pk=rating.organization_id)
    return render(request, "core/form_page.html", {"form": form, "title": _("Spot check (抽查)"), "subtitle": str(rating)})
