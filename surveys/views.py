"""Staff pages of the survey. Thin: fetch through the scope helpers, call one selector or service."""
from __future__ import annotations

import io
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.choices import ParticipantCategory
from core.codes import close_question
from core.secrecy import group_too_small
from campaigns.selectors import campaign_for_request, campaigns_for
from core.views import service_errors, service_messages
from core.imports import import_start, run_errors
from core.models import ImportStatus
from organizations.models import Organization
from organizations.scope import can, get_scoped_or_404, pk_param, restrict

from . import importers, rules, services
from .charts import bar_chart
from .choices import ParticipantLabel, satisfaction_words
from .forms import (
    CodesForm, ExcelForm, QuestionForm, ReasonForm, RecordForm, ReopenForm, ReportForm, ReviewForm, RoundForm, SummaryForm,
    TemplateCopyForm,
)
from .models import (
    REPORT_SECTIONS, OneTimeCode, Question, QuestionnaireTemplate, SurveyAttachment, SurveyRecord, SurveyReport,
    SurveyRound, SurveySummary,
)
from .selectors import (
    branches_for, overview_rows, questions_for, round_quorum, rounds_for, teams_covering, templates_for,
)
from .selectors import round_results as select_round_results
from .selectors import (
    category_counts,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# ---------------------------------------------------------------- helpers shared with the public pages

def answers_from_post(post: Any, questions: list[Question]) -> dict[int, Any]:
    raw: dict[int, Any] = {}
    for q in questions:
        key = f"q{q.pk}"
        raw[q.pk] = post.getlist(key) if q.kind == "multiple" else post.get(key, "")
    return raw


def grouped(questions: list[Question], raw: dict[int, Any], errors: dict[int, str]) -> list[tuple[str, list[dict]]]:
    """Questions by section, each with its choices, what was given and its error (for re-display)."""
    words = satisfaction_words()
    items = []
    for number, q in enumerate(questions, start=1):
        if q.kind == "satisfaction":
            choices = [(k, words[k]) for k in rules.SATISFACTION_KEYS]
        elif q.kind == "scale":
            choices = [(v, v) for v in rules.SCALE_VALUES]
        else:
            choices = [(o, o) for o in q.options]
        given = raw.get(q.pk, [] if q.kind == "multiple" else "")
        items.append({"q": q, "number": number, "choices": choices, "given": given,
                      "given_list": given if isinstance(given, list) else [given], "error": errors.get(q.pk)})
    return [(section, list(group)) for section, group in groupby(items, key=lambda i: i["q"].section)]


def _round(request: HttpRequest, pk: int, action: str = "view") -> SurveyRound:
    return get_scoped_or_404(SurveyRound.objects.select_related("organization", "campaign__ruleset", "template"),
                             request.user, action, pk=pk)


# ---------------------------------------------------------------- rounds

@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    campaign = campaign_for_request(request)
    rounds = rounds_for(request.user).filter(campaign=campaign).order_by("organization__path", "-created") if campaign else SurveyRound.objects.none()
    page = Paginator(rounds, 50).get_page(request.GET.get("page"))
    counts = category_counts([r.pk for r in page])
    for r in page:
        r.respondents = sum(counts[r.pk].values())
    can_create = restrict(Organization.objects.filter(is_active=True), request.user, "enter").exists()
    return render(request, "surveys/round_list.html", {"page": page, "campaign": campaign, "can_create": can_create})


@login_required
def round_create(request: HttpRequest) -> HttpResponse:
    orgs = restrict(Organization.objects.filter(is_active=True).exclude(kind="county"), request.user, "enter").order_by("path")
    if not orgs.exists():
        raise Http404
    campaigns = campaigns_for(request.user).order_by("-year")
    initial = {"campaign": campaign_for_request(request)}
    if pk_param(request.GET, "org"):
        initial["organization"] = orgs.filter(pk=pk_param(request.GET, "org")).first()
    form = RoundForm(request.POST or None, initial=initial, orgs=orgs, campaigns=campaigns,
                     templates=templates_for(request.user).filter(is_current=True))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = data["organization"]
        template = data["template"] or QuestionnaireTemplate.objects.filter(
            owner__isnull=True, is_current=True, category=rules.category_for_domain(org.domain)).first()
        with service_errors(form):
            round_ = services.survey_round_create(actor=request.user, organization=org, campaign=data["campaign"],
                                                  activity=data["activity"], template=template,
                                                  title=data["title"], note=data["note"])
            messages.success(request, _("Survey round created. Make codes, enter paper questionnaires or import Excel."))
            return redirect("surveys:round-detail", pk=round_.pk)
    return render(request, "core/form_page.html", {"form": form, "title": _("New survey round")})


def _round_context(request: HttpRequest, round_: SurveyRound) -> dict[str, Any]:
    status = round_quorum(round_)
    return {"round": round_, "status": status, "categories": ParticipantCategory.choices,
            "can_enter": can(request.user, "enter", round_.organization)}


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    context = _round_context(request, round_)
    batches = {}
    for row in OneTimeCode.objects.filter(round=round_).values("batch", "category", "used"):
        b = batches.setdefault(row["batch"], {"batch": row["batch"], "total": 0, "used": 0, "categories": set()})
        b["total"] += 1
        b["used"] += row["used"]
        b["categories"].add(row["category"])
    context["batches"] = sorted(batches.values(), key=lambda b: b["batch"])
    context["channels"] = {r["channel"]: r["n"] for r in round_.responses.values("channel").annotate(n=Count("id"))}
    context["questions"] = len(questions_for(round_))
    from .views_paper import round_papers  # the paper side of the round (core/paper.py)

    context["papers"] = round_papers(round_)
    return render(request, "surveys/round_detail.html", context)


@login_required
def round_quorum_panel(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    return render(request, "surveys/_quorum.html", _round_context(request, round_))


@login_required
@require_POST
def round_open(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk, "enter")
    with service_messages(request, _("The round is open: codes can be used now.")):
        services.survey_round_open(actor=request.user, round_=round_)
    return redirect("surveys:round-detail", pk=pk)


@login_required
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk, "enter")
    form = ReasonForm(request.POST or None, submit_label=_("Close round"))
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            services.survey_round_close(actor=request.user, round_=round_, reason=form.cleaned_data["reason"])
            messages.success(request, _("The round is closed. The results are ready."))
            return redirect("surveys:round-results", pk=pk)
    status = round_quorum(round_)
    return render(request, "core/confirm.html", {
        "form": form, "title": _("Close %(title)s") % {"title": round_.title},
        "message": (_("Quorum met: %(n)d respondents. After closing, unused codes stop working and the results are shown.") % {"n": status.total})
        if status.result and status.result.ok else _("The quorum is not met yet: %(missing)s") % {"missing": status.result.summary if status.result else "-"},
        "danger": not (status.result and status.result.ok),
        "consequence": close_question(OneTimeCode.objects.filter(round=round_), what=_(
            "After the close nobody can answer with a code; only a reopening with a reason lets staff enter missed paper questionnaires."),
            threshold=round_.campaign.ruleset.setting("small_group_threshold")),
    })


@login_required
def round_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk, "enter")
    form = ReasonForm(request.POST or None, submit_label=_("Reopen round"), required=True)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            services.survey_round_reopen(actor=request.user, round_=round_, reason=form.cleaned_data["reason"])
            messages.success(request, _("The round is open again."))
            return redirect("surveys:round-detail", pk=pk)
    return render(request, "core/confirm.html", {"form": form, "title": _("Reopen %(title)s") % {"title": round_.title},
                                                 "message": _("Reopening lets staff enter missed questionnaires. Say why."), "danger": True})


# ---------------------------------------------------------------- codes

@login_required
def codes_generate(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk, "enter")
    form = CodesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        counts = {c: form.cleaned_data[c] for c in ("party_member", "masses", "service_recipient") if form.cleaned_data[c]}
        with service_errors(form):
            codes = services.codes_generate(actor=request.user, round_=round_, counts=counts, label=form.cleaned_data["label"] or "")
            messages.success(request, _("%(n)d codes made. Print the slips and hand out one per person.") % {"n": len(codes)})
            return redirect("surveys:round-detail", pk=pk)
    return render(request, "core/form_page.html", {
        "form": form, "title": _("Make one-time codes for %(title)s") % {"title": round_.title},
        "subtitle": _("Each code answers one questionnaire once. A code records only the category; nothing links the answers to it."),
    })


@login_required
def codes_pdf(request: HttpRequest, pk: int, batch: int) -> HttpResponse:
    round_ = _round(request, pk, "enter")
    codes = list(OneTimeCode.objects.filter(round=round_, batch=batch, used=False).order_by("id"))
    if not codes:
        raise Http404
    from .slips import slips_pdf

    base = request.build_absolute_uri(reverse("surveys:code-entry"))
    data = slips_pdf(round_, codes, base_url=base)
    return FileResponse(io.BytesIO(data), as_attachment=False, filename=f"codes-{round_.pk}-{batch}.pdf",
                        content_type="application/pdf")


# ---------------------------------------------------------------- paper and Excel

@login_required
def paper_entry(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk, "enter")
    if round_.status == "closed":
        messages.error(request, _("The round is closed; reopen it to enter more questionnaires."))
        return redirect("surveys:round-detail", pk=pk)
    questions = questions_for(round_)
    raw: dict[int, Any] = {}
    errors: dict[int, str] = {}
    category, label, form_error = "", "", ""
    if request.method == "POST":
        raw = answers_from_post(request.POST, questions)
        category = request.POST.get("category", "")
        label = request.POST.get("label", "")
        if category not in ParticipantCategory.values:
            form_error = _("Choose the category of the respondent.")
        elif label not in ParticipantLabel.values:
            form_error = _("Unknown label.")
        else:
            try:
                response = services.response_enter_paper(actor=request.user, round_=round_, category=category, label=label, answers=raw)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    errors = {int(k): v[0] for k, v in exc.message_dict.items() if k.isdigit()}
                form_error = _("Some answers are missing or wrong; they are marked below.") if errors else " ".join(exc.messages)
            else:
                request.session[f"surveys-last-paper-{round_.pk}"] = response.pk
                messages.success(request, _("Questionnaire saved. Next one."))
                return redirect("surveys:paper-entry", pk=pk)
    status = round_quorum(round_)
    return render(request, "surveys/paper_entry.html", {
        "round": round_, "sections": grouped(questions, raw, errors), "categories": ParticipantCategory.choices,
        "labels": ParticipantLabel.choices, "category": category, "label": label, "form_error": form_error,
        "status": status, "can_undo": bool(request.session.get(f"surveys-last-paper-{round_.pk}")),
    }, status=400 if form_error else 200)


@login_required
@require_POST
def paper_undo(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk, "enter")
    response_id = request.session.pop(f"surveys-last-paper-{round_.pk}", None)
    with service_messages(request, _("The last questionnaire you entered was taken back; enter it again.")):
        services.response_undo_paper(actor=request.user, round_=round_, response_id=response_id or 0)
    return redirect("surveys:paper-entry", pk=pk)


@login_required
def excel_template(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk, "enter")
    data = importers.excel_template(round_)
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=f"questionnaire-{round_.pk}.xlsx", content_type=XLSX)


@login_required
def excel_import(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk, "enter")
    form = ExcelForm(request.POST or None, request.FILES or None)
    run = None
    if request.method == "POST" and form.is_valid():
        run = import_start(actor=request.user, kind=importers.KIND, organization=round_.organization,
                           target=f"round:{round_.pk}", upload=form.cleaned_data["file"])
        if run.background:
            messages.info(request, _("The file is large; it is imported in the background. This page shows how far it is."))
            return redirect("core:import-run", pk=run.pk)
        if run.status == ImportStatus.DONE:
            messages.success(request, run.summary)
            return redirect("surveys:round-detail", pk=pk)
    errors = run_errors(run) if run else []
    return render(request, "surveys/excel_import.html", {"form": form, "round": round_, "run": run, "errors": errors[:300],
                                                          "error_count": run.error_count if run else 0},
                  status=400 if errors else 200)


# ---------------------------------------------------------------- results

@login_required
def round_results(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    if round_.status != "closed":
        messages.info(request, _("Results are shown once the round is closed."))
        return redirect("surveys:round-detail", pk=pk)
    count_basic = round_.campaign.ruleset.setting("satisfaction_rate_counts_basic")
    results, respondents, overall = select_round_results(round_, count_basic=count_basic)
    for res in results:
        res.chart = bar_chart(res.shares, title=res.question.text) if res.shares else ""
    threshold = round_.campaign.ruleset.setting("small_group_threshold")
    return render(request, "surveys/round_results.html", {
        "small_group": threshold if any(group_too_small(n, threshold) for n in respondents.values()) else None,
        "round": round_, "results": results, "respondents": respondents, "overall": overall,
        "total": sum(respondents.values()), "count_basic": count_basic, "status": round_quorum(round_),
    })


# ---------------------------------------------------------------- questionnaires

@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    templates = templates_for(request.user).filter(is_current=True).order_by("owner_id", "category", "name")
    templates = templates.annotate(question_count=Count("questions"))
    return render(request, "surveys/template_list.html", {"templates": templates})


def _template(request: HttpRequest, pk: int) -> QuestionnaireTemplate:
    return get_object_or_404(templates_for(request.user), pk=pk)


@login_required
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template(request, pk)
    questions = list(template.questions.order_by("order", "id"))
    can_edit = template.owner_id is not None and can(request.user, "manage_campaign", template.owner) and template.is_current
    return render(request, "surveys/template_detail.html", {
        "template": template, "sections": grouped(questions, {}, {}), "can_edit": can_edit,
        "frozen": template.is_frozen, "can_copy": restrict(Organization.objects.all(), request.user, "manage_campaign").exists(),
    })


@login_required
def template_copy(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template(request, pk)
    owners = restrict(Organization.objects.filter(is_active=True, kind__in=["county", "township", "committee"]),
                      request.user, "manage_campaign").order_by("path")
    if not owners.exists():
        raise Http404
    form = TemplateCopyForm(request.POST or None, owners=owners, initial={"owner": owners.first(), "name": template.name})
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            copy = services.template_copy(actor=request.user, template=template, **form.cleaned_data)
            messages.success(request, _("Copy made; you can now change its questions."))
            return redirect("surveys:template-detail", pk=copy.pk)
    return render(request, "core/form_page.html", {"form": form, "title": _("Copy %(name)s") % {"name": template.name}})


@login_required
@require_POST
def template_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    template = _editable_template(request, pk)
    try:
        new = services.template_new_version(actor=request.user, template=template)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("surveys:template-detail", pk=pk)
    messages.success(request, _("Version %(v)d made; the old version keeps its answers.") % {"v": new.version})
    return redirect("surveys:template-detail", pk=new.pk)


def _question_form_page(request: HttpRequest, template: QuestionnaireTemplate, question: Question | None) -> HttpResponse:
    initial = {}
    if question:
        initial = {"text": question.text, "kind": question.kind, "section": question.section, "topic": question.topic,
                   "required": question.required, "options": "\n".join(question.options), "order": question.order}
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            services.question_save(actor=request.user, template=template, question=question, **form.cleaned_data)
            messages.success(request, _("Question saved."))
            return redirect("surveys:template-detail", pk=template.pk)
    return render(request, "core/form_page.html", {"form": form, "title": template.name})


def _editable_template(request: HttpRequest, pk: int) -> QuestionnaireTemplate:
    template = _template(request, pk)
    if template.owner_id is None or not can(request.user, "manage_campaign", template.owner):
        raise Http404
    return template


@login_required
def question_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _question_form_page(request, _editable_template(request, pk), None)


@login_required
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("template"), pk=pk)
    template = _editable_template(request, question.template_id)
    return _question_form_page(request, template, question)


@login_required
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("template"), pk=pk)
    template = _editable_template(request, question.template_id)
    form = ReasonForm(request.POST or None, submit_label=_("Delete"))
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            services.question_delete(actor=request.user, question=question)
            messages.success(request, _("Question deleted."))
            return redirect("surveys:template-detail", pk=template.pk)
    return render(request, "core/confirm.html", {"form": form, "title": _("Delete question"), "message": question.text, "danger": True})


# ---------------------------------------------------------------- other survey records

@login_required
def record_list(request: HttpRequest) -> HttpResponse:
    campaign = campaign_for_request(request)
    records = restrict(SurveyRecord.objects.select_related("organization"), request.user).filter(campaign=campaign)
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    can_create = restrict(Organization.objects.filter(is_active=True), request.user, "enter").exists()
    return render(request, "surveys/record_list.html", {"page": page, "campaign": campaign, "can_create": can_create})


@login_required
def record_create(request: HttpRequest) -> HttpResponse:
    orgs = restrict(Organization.objects.filter(is_active=True).exclude(kind="county"), request.user, "enter").order_by("path")
    campaign = campaign_for_request(request)
    if not orgs.exists() or campaign is None:
        raise Http404
    form = RecordForm(request.POST or None, request.FILES or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = data.pop("organization")
        files = data.pop("files") or []
        with service_errors(form):
            record = services.survey_record_save(actor=request.user, organization=org, campaign=campaign, files=files, **data)
            messages.success(request, _("Record saved."))
            return redirect("surveys:record-detail", pk=record.pk)
    return render(request, "core/form_page.html", {"form": form, "title": _("New symposium, interview or case record")})


@login_required
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_scoped_or_404(SurveyRecord.objects.select_related("organization", "campaign"), request.user, pk=pk)
    labels = dict(ParticipantLabel.choices)
    return render(request, "surveys/record_detail.html", {
        "record": record, "attachments": record.attachments.all(),
        "can_attach": record.organization.is_active and can(request.user, "enter", record.organization),
        "labels": [labels.get(x, x) for x in record.heard_labels],
    })


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_scoped_or_404(SurveyAttachment.objects.select_related("record"), request.user,
                                   via="record__organization", pk=pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name,
                        content_type=attachment.content_type)


# ---------------------------------------------------------------- overview and reports

@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The township's view: every organisation, its rounds, quorum and report (who has/hasn't submitted)."""
    campaign = campaign_for_request(request)
    orgs = branches_for(request.user)
    page = Paginator(orgs, 50).get_page(request.GET.get("page"))
    rows = overview_rows(list(page), campaign) if campaign else []
    covering = teams_covering(request.user, campaign, page) if campaign else {}
    for row in rows:  # the survey team beside each branch's own report (seed 000 §二(三))
        row.team = covering.get(row.org.pk)
    summary_orgs = restrict(Organization.objects.filter(is_active=True, kind__in=["township", "committee"], depth=1),
                            request.user, "assess").order_by("path")[:20]
    return render(request, "surveys/overview.html", {"page": page, "rows": rows, "campaign": campaign,
                                                     "summary_orgs": summary_orgs, "today": timezone.localdate(),
                                                     "can_enter": restrict(Organization.objects.all(), request.user, "enter").exists()})


@login_required
def report_edit(request: HttpRequest, org_pk: int) -> HttpResponse:
    org = get_scoped_or_404(Organization, request.user, pk=org_pk)
    campaign = campaign_for_request(request)
    if campaign is None:
        raise Http404
    report = SurveyReport.objects.filter(organization=org, campaign=campaign).first()
    can_write = can(request.user, "enter", org) and (report is None or report.status in ("draft", "returned"))
    superior = report is not None and org.parent_id is not None and can(request.user, "assess", org.parent)
    can_review = superior and report.status == "submitted"
    can_reopen = superior and report.status in rules.REPORT_REOPEN
    form = ReportForm(request.POST or None, initial={f: getattr(report, f) for f, *_ in REPORT_SECTIONS} if report else None)
    if request.method == "POST":
        if not can_write:
            raise Http404
        if form.is_valid():
            report = report or services.survey_report_get_or_create(organization=org, campaign=campaign)
            with service_errors(form):
                services.survey_report_save(actor=request.user, report=report, **form.cleaned_data)
                if "submit" in request.POST:
                    services.survey_report_submit(actor=request.user, report=report)
                messages.success(request, _("Report submitted to the township.") if "submit" in request.POST else _("Report saved."))
                return redirect(f"{reverse('surveys:report-edit', args=[org.pk])}?campaign={campaign.pk}")
    team = teams_covering(request.user, campaign, [org]).get(org.pk)
    rounds = list(SurveyRound.objects.filter(organization=org, campaign=campaign).select_related("template"))
    statuses = [(r, round_quorum(r)) for r in rounds]
    return render(request, "surveys/report_edit.html", {
        "org": org, "campaign": campaign, "report": report, "form": form, "can_write": can_write, "team": team,
        "can_review": can_review, "statuses": statuses,
        "section_values": [(title, getattr(report, f) if report else "") for f, title, _h in REPORT_SECTIONS],
        "review_form": ReviewForm(may_accept=services.may_accept_report(request.user, report)) if can_review else None,
        "reopen_form": ReopenForm() if can_reopen else None,
        "can_export": report is not None and can(request.user, "report", org),
    })


@login_required
@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_scoped_or_404(SurveyReport.objects.select_related("organization", "campaign"), request.user, "assess", pk=pk)
    form = ReviewForm(request.POST, may_accept=services.may_accept_report(request.user, report))
    if form.is_valid():
        with service_messages(request, _("Review saved.")):
            services.survey_report_review(actor=request.user, report=report, accept=form.cleaned_data["decision"] == "accept",
                                          comment=form.cleaned_data["comment"])
    else:
        messages.error(request, _("Choose accept or return."))
    return redirect(f"{reverse('surveys:report-edit', args=[report.organization_id])}?campaign={report.campaign_id}")


@login_required
@require_POST
def report_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """The superior reopens an accepted report, with a reason (docs/rules.md §13)."""
    report = get_scoped_or_404(SurveyReport.objects.select_related("organization", "campaign"), request.user, "assess", pk=pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        with service_messages(request, _("The report is reopened for a new review.")):
            services.survey_report_reopen(actor=request.user, report=report, reason=form.cleaned_data["reason"])
    else:
        messages.error(request, _("Give the reason for reopening."))
    return redirect(f"{reverse('surveys:report-edit', args=[report.organization_id])}?campaign={report.campaign_id}")


@login_required
def summary_edit(request: HttpRequest, org_pk: int) -> HttpResponse:
    org = get_scoped_or_404(Organization, request.user, "assess", pk=org_pk)
    campaign = campaign_for_request(request)
    if campaign is None:
        raise Http404
    summary = SurveySummary.objects.filter(organization=org, campaign=campaign).first()
    form = SummaryForm(request.POST or None, initial={f: getattr(summary, f) for f in ("overview", "common_problems", "measures")} if summary else None)
    if request.method == "POST" and form.is_valid():
        services.survey_summary_save(actor=request.user, organization=org, campaign=campaign, **form.cleaned_data)
        messages.success(request, _("Summary saved."))
        return redirect(f"{reverse('surveys:summary-edit', args=[org.pk])}?campaign={campaign.pk}")
    reports = SurveyReport.objects.filter(campaign=campaign, organization__path__under=org.path).exclude(organization=org)
    stats = {"submitted": reports.filter(status__in=["submitted", "accepted"]).count(),
             "late": reports.filter(is_late=True).count()}
    return render(request, "surveys/summary_edit.html", {"org": org, "campaign": campaign, "form": form, "stats": stats})


