"""Writes of the survey app: one atomic function per action. Each locks the row it changes, re-checks
the stored state and the actor's permission, and writes an audit row.

Online answers are the exception on purpose: a participant's submission writes no audit row (an audit
row carries the exact time and would order the responses); the counts are audited when the round closes.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.library import library_file_add, library_file_for, library_use
from campaigns.models import Campaign
from core.audit import audit_record, snapshot
from core.four_eyes import audit_authors, four_eyes_on, may_decide, require_other_person
# CodeProblem is also this module's name for it: the public views and the tests catch services.CodeProblem.
from core.codes import CodeProblem, code_check, code_redeem, codes_issue, codes_settle  # noqa: F401
from core.uploads import check_upload, content_type
from organizations.models import Organization
from organizations.scope import can, require

from . import rules
from .models import (
    REPORT_SECTIONS, Answer, OneTimeCode, Question, QuestionnaireTemplate, Response, SurveyAttachment, SurveyRecord,
    SurveyReport, SurveyRound, SurveySummary,
)
from .secrecy import responses_reshuffle
from .selectors import questions_for, round_quorum

ENTRY_STATES = ("draft", "open")
MAX_CODES_PER_BATCH = 500
# Survey record attachments (seed: PDF, JPG, PNG, Word and Excel); checked by core.uploads.
ATTACHMENT_TYPES = ("pdf", "jpg", "jpeg", "png", "docx", "xlsx")


# ---------------------------------------------------------------- questionnaires

def _require_template_editable(actor: Any, template: QuestionnaireTemplate) -> None:
    if template.owner_id is None:
        raise ValidationError(_("A built-in questionnaire cannot be changed; make a copy first."))
    require(actor, "manage_campaign", template.owner)
    if not template.is_current:
        raise ValidationError(_("This is an old version; edit the current version."))
    if template.is_frozen:
        raise ValidationError(_("This questionnaire already has answers; make a new version to change it."))


def _clone(template: QuestionnaireTemplate, **fields: Any) -> QuestionnaireTemplate:
    copy = QuestionnaireTemplate.objects.create(
        name=fields.get("name", template.name), category=template.category, description=template.description,
        owner=fields["owner"], copied_from=fields.get("copied_from"), previous=fields.get("previous"),
        version=fields.get("version", 1),
    )
    Question.objects.bulk_create([
        Question(template=copy, order=q.order, section=q.section, topic=q.topic, text=q.text, kind=q.kind,
                 required=q.required, options=list(q.options))
        for q in template.questions.order_by("order", "id")
    ])
    return copy


@transaction.atomic
def template_copy(*, actor: Any, template: QuestionnaireTemplate, owner: Organization, name: str) -> QuestionnaireTemplate:
    require(actor, "manage_campaign", owner)
    copy = _clone(template, owner=owner, copied_from=template, name=name or template.name)
    audit_record(actor=actor, action="survey_template.copy", obj=copy, organization=owner,
                 after={"from": template.pk, "name": copy.name})
    return copy


@transaction.atomic
def template_new_version(*, actor: Any, template: QuestionnaireTemplate) -> QuestionnaireTemplate:
    """A frozen questionnaire is edited through a new version; the old one keeps its answers."""
    template = QuestionnaireTemplate.objects.select_for_update().get(pk=template.pk)
    if template.owner_id is None:
        raise ValidationError(_("A built-in questionnaire cannot be changed; make a copy first."))
    require(actor, "manage_campaign", template.owner)
    if not template.is_current:
        raise ValidationError(_("This is an old version; edit the current version."))
    new = _clone(template, owner=template.owner, previous=template, copied_from=template.copied_from,
                 version=template.version + 1)
    QuestionnaireTemplate.objects.filter(pk=template.pk).update(is_current=False)
    audit_record(actor=actor, action="survey_template.new_version", obj=new, organization=template.owner,
                 before={"version": template.version}, after={"version": new.version})
    return new


def _clean_options(kind: str, options: list[str]) -> list[str]:
    options = [o.strip() for o in options if o.strip()]
    if kind in ("single", "multiple"):
        if len(options) < 2:
            raise ValidationError({"options": _("Give at least two options, one per line.")})
        if len(set(options)) != len(options):
            raise ValidationError({"options": _("The options must differ.")})
        return options
    return []


@transaction.atomic
def question_save(*, actor: Any, template: QuestionnaireTemplate, question: Question | None = None,
                  text: str, kind: str, section: str = "", topic: str = "", required: bool = True,
                  options: list[str] | None = None, order: int | None = None) -> Question:
    template = QuestionnaireTemplate.objects.select_for_update().get(pk=template.pk)
    _require_template_editable(actor, template)
    opts = _clean_options(kind, options or [])
    before = snapshot(question, ["text", "kind", "section", "topic", "required", "options", "order"]) if question else None
    if question is None:
        last = template.questions.order_by("-order").values_list("order", flat=True).first() or 0
        question = Question(template=template, order=order or last + 1)
    elif question.template_id != template.pk:
        raise ValidationError(_("The question does not belong to this questionnaire."))
    question.text, question.kind, question.section, question.topic = text, kind, section, topic
    question.required, question.options = required, opts
    if order:
        question.order = order
    question.full_clean()
    question.save()
    audit_record(actor=actor, action="survey_question.save", obj=question, organization=template.owner, before=before,
                 after=snapshot(question, ["text", "kind", "section", "topic", "required", "options", "order"]))
    return question


@transaction.atomic
def question_delete(*, actor: Any, question: Question) -> None:
    template = QuestionnaireTemplate.objects.select_for_update().get(pk=question.template_id)
    _require_template_editable(actor, template)
    audit_record(actor=actor, action="survey_question.delete", obj=question, organization=template.owner,
                 before=snapshot(question, ["text", "kind", "order"]))
    question.delete()


# ---------------------------------------------------------------- rounds

def _require_enter(actor: Any, org: Organization) -> None:
    require(actor, "enter", org)


@transaction.atomic
def survey_round_create(*, actor: Any, organization: Organization, campaign: Campaign, activity: str,
                        template: QuestionnaireTemplate, title: str = "", note: str = "") -> SurveyRound:
    _require_enter(actor, organization)
    if not organization.is_active:
        raise ValidationError(_("The organisation is archived."))
    if not (organization.path.startswith(campaign.scope.path) or campaign.scope.path.startswith(organization.path)):
        raise ValidationError({"campaign": _("The campaign does not cover this organisation.")})
    if activity not in ("questionnaire", "masses_assessment"):
        raise ValidationError({"activity": _("Unknown activity.")})
    if not template.is_current:
        raise ValidationError({"template": _("Choose the current version of the questionnaire.")})
    kind_words = _("questionnaire survey") if activity == "questionnaire" else _("masses assessment")
    round_ = SurveyRound(
        organization=organization, campaign=campaign, activity=activity, template=template,
        title=title or _("%(org)s %(year)d %(kind)s") % {"org": organization.name, "year": campaign.year, "kind": kind_words},
        note=note, created_by=actor,
    )
    round_.full_clean()
    round_.save()
    audit_record(actor=actor, action="survey_round.create", obj=round_, organization=organization,
                 after=snapshot(round_, ["title", "activity", "template", "campaign", "status"]))
    return round_


def _lock_round(round_: SurveyRound) -> SurveyRound:
    return SurveyRound.objects.select_for_update(of=("self",)).select_related("organization", "campaign", "template").get(pk=round_.pk)


@transaction.atomic
def survey_round_open(*, actor: Any, round_: SurveyRound) -> SurveyRound:
    round_ = _lock_round(round_)
    _require_enter(actor, round_.organization)
    if not rules.can_move(rules.ROUND_TRANSITIONS, round_.status, "open"):
        raise ValidationError(_("This round cannot be opened now."))
    before = round_.status
    round_.status = "open"
    round_.closed_at = None
    round_.save(update_fields=["status", "closed_at", "updated"])
    audit_record(actor=actor, action="survey_round.open", obj=round_, organization=round_.organization,
                 before={"status": before}, after={"status": "open"})
    return round_


@transaction.atomic
def survey_round_close(*, actor: Any, round_: SurveyRound, reason: str = "") -> SurveyRound:
    """Close a round only when its quorum holds; otherwise say what is missing (docs/rules.md §4)."""
    round_ = _lock_round(round_)
    _require_enter(actor, round_.organization)
    if not rules.can_move(rules.ROUND_TRANSITIONS, round_.status, "closed"):
        raise ValidationError(_("This round is already closed."))
    status = round_quorum(round_)
    if status.rule is None:
        raise ValidationError(_("The campaign's rule set has no quorum rule for this activity."))
    if not status.result.ok:
        raise ValidationError(_("The quorum is not met: %(missing)s. Save the round and collect more questionnaires.")
                              % {"missing": status.result.summary})
    before = round_.status
    round_.status = "closed"
    round_.closed_at = timezone.now()
    round_.save(update_fields=["status", "closed_at", "updated"])
    # The round's lock waited for submissions in flight (code_redeem share-locks the round first), so no
    # answer is lost and no code is half-used. Unused codes stay: they now answer "closed". Codes and
    # online answers are written again in this transaction (docs/rules.md §14).
    codes_settle(OneTimeCode.objects.filter(round=round_))
    responses_reshuffle(round_, on=timezone.localdate(round_.closed_at))
    audit_record(actor=actor, action="survey_round.close", obj=round_, organization=round_.organization,
                 before={"status": before}, after={"status": "closed", "counts": status.counts,
                                                   "masses_percent": status.result.masses_percent}, reason=reason)
    return round_


@transaction.atomic
def survey_round_reopen(*, actor: Any, round_: SurveyRound, reason: str) -> SurveyRound:
    round_ = _lock_round(round_)
    _require_enter(actor, round_.organization)
    if round_.status != "closed":
        raise ValidationError(_("Only a closed round can be reopened."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the round is reopened.")})
    round_.status = "open"
    round_.closed_at = None
    round_.save(update_fields=["status", "closed_at", "updated"])
    audit_record(actor=actor, action="survey_round.reopen", obj=round_, organization=round_.organization,
                 before={"status": "closed"}, after={"status": "open"}, reason=reason)
    return round_


# ---------------------------------------------------------------- codes

@transaction.atomic
def codes_generate(*, actor: Any, round_: SurveyRound, counts: dict[str, int], label: str = "") -> list[OneTimeCode]:
    round_ = _lock_round(round_)
    _require_enter(actor, round_.organization)
    if round_.status not in ENTRY_STATES:
        raise ValidationError(_("Codes can be made only for a round that is not closed."))
    total = sum(max(0, n) for n in counts.values())
    if total <= 0:
        raise ValidationError(_("Give the number of codes for at least one category."))
    if total > MAX_CODES_PER_BATCH:
        raise ValidationError(_("At most %(n)d codes at a time.") % {"n": MAX_CODES_PER_BATCH})
    if counts.get("service_recipient"):
        rule = round_quorum(round_).rule
        if rule is not None and not rule.may_invite_service_recipients:
            raise ValidationError({"service_recipient": _("The quorum rule of this round does not allow service recipients.")})
    batch = (round_.codes.order_by("-batch").values_list("batch", flat=True).first() or 0) + 1
    codes_issue(OneTimeCode, counts, round=round_, label=label, batch=batch)
    audit_record(actor=actor, action="survey_codes.generate", obj=round_, organization=round_.organization,
                 after={"batch": batch, "counts": counts, "label": label})
    return list(OneTimeCode.objects.filter(round=round_, batch=batch).order_by("id"))


def _round_open(row: OneTimeCode) -> bool:
    """Read afresh (after the code row's lock in ``code_submit``): a round closed meanwhile is closed."""
    return SurveyRound.objects.filter(pk=row.round_id, status="open").exists()


def code_lookup(raw: str) -> OneTimeCode:
    """The code behind the answer page, or CodeProblem; the submission asks again under the lock."""
    return code_check(OneTimeCode, raw, is_open=lambda row: row.round.status == "open",
                      select_related=("round__organization", "round__template"))


# ---------------------------------------------------------------- answers

@dataclass
class Parsed:
    question: Question
    values: list[str]
    text: str


def answer_problem_text(problem: rules.AnswerProblem) -> str:
    """The pure rule's reason in words, for the paper-entry page and the Excel error list."""
    if problem.code == "required":
        return _("an answer is required")
    if problem.code == "scale":
        return _("give a whole number from 1 to 5")
    if problem.code == "satisfaction":
        return _("answer 满意, 基本满意 or 不满意")
    return _("“%(value)s” is not one of the options") % {"value": problem.value}


def parse_answers(questions: list[Question], raw: dict[int, Any]) -> tuple[list[Parsed], dict[int, str]]:
    """Every question's raw value → values; errors by question id (Chinese)."""
    parsed: list[Parsed] = []
    errors: dict[int, str] = {}
    for q in questions:
        value = raw.get(q.pk)
        if isinstance(value, (list, tuple)):
            value = "、".join(str(v) for v in value if str(v).strip())
        try:
            values, text = rules.parse_answer(rules.QuestionShape(q.kind, tuple(q.options), q.required), value)
        except rules.AnswerProblem as problem:
            errors[q.pk] = answer_problem_text(problem)
            continue
        if values or text:
            parsed.append(Parsed(q, values, text))
    return parsed, errors


def _answer_rows(response: Response, parsed: list[Parsed]) -> list[Answer]:
    rows = []
    for p in parsed:
        if p.text:
            rows.append(Answer(response=response, question=p.question, text=p.text))
        for v in p.values:
            rows.append(Answer(response=response, question=p.question, value=v))
    return rows


def code_submit(*, code: str, answers: dict[int, Any]) -> None:
    """A participant submits once through a code (no login), through ``core.codes.code_redeem``: the code
    row is locked, re-checked and marked used in the same transaction that stores the response, so two
    simultaneous submissions of one code store one response; answers that do not parse leave the code
    unused. The response keeps no reference to the code, and no time of day."""

    def store(row: OneTimeCode) -> None:
        parsed, errors = parse_answers(questions_for(row.round), answers)
        if errors:
            raise ValidationError({str(k): v for k, v in errors.items()})
        response = Response.objects.create(round_id=row.round_id, category=row.category, label=row.label,
                                           channel="online", entered_on=timezone.localdate())
        Answer.objects.bulk_create(_answer_rows(response, parsed))

    code_redeem(OneTimeCode, code, owner="round", is_open=_round_open, cast=store,
                select_related=("round__organization", "round__template"))


@transaction.atomic
def response_enter_paper(*, actor: Any, round_: SurveyRound, category: str, label: str,
                         answers: dict[int, Any]) -> Response:
    round_ = _lock_round(round_)
    _require_enter(actor, round_.organization)
    if round_.status not in ENTRY_STATES:
        raise ValidationError(_("The round is closed; reopen it to enter more questionnaires."))
    parsed, errors = parse_answers(questions_for(round_), answers)
    if errors:
        raise ValidationError({str(k): v for k, v in errors.items()})
    response = Response.objects.create(round=round_, category=category, label=label, channel="paper",
                                       entered_by=actor, entered_on=timezone.localdate())
    Answer.objects.bulk_create(_answer_rows(response, parsed))
    audit_record(actor=actor, action="survey_response.paper", obj=response, organization=round_.organization,
                 after={"round": round_.pk, "category": category})
    return response


def insert_answer_rows(rows: list[tuple[int, int, str, str]]) -> None:
    """(response id, question id, value, text) rows in one executemany: an Excel sheet of 5,000
    questionnaires is about 110,000 answers, and building that many model instances costs more than
    the insert itself."""
    table = Answer._meta.db_table
    columns = ", ".join(connection.ops.quote_name(Answer._meta.get_field(f).column)
                        for f in ("response", "question", "value", "text"))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(f"INSERT INTO {connection.ops.quote_name(table)} ({columns}) VALUES (%s, %s, %s, %s)",
                               rows[start:start + 5000])


@transaction.atomic
def response_undo_paper(*, actor: Any, round_: SurveyRound, response_id: int) -> None:
    """Take back a paper questionnaire the same person just typed in wrongly (before the round closes)."""
    round_ = _lock_round(round_)
    _require_enter(actor, round_.organization)
    if round_.status not in ENTRY_STATES:
        raise ValidationError(_("The round is closed; reopen it to enter more questionnaires."))
    response = Response.objects.filter(pk=response_id, round=round_, channel="paper", entered_by=actor).first()
    if response is None:
        raise ValidationError(_("Only the questionnaire you entered last can be taken back."))
    audit_record(actor=actor, action="survey_response.paper_undo", obj=response, organization=round_.organization,
                 before={"round": round_.pk, "category": response.category})
    response.delete()


# ---------------------------------------------------------------- other survey records

def check_attachment(upload: Any) -> str:
    """The content type to store for a survey record attachment, once core.uploads has checked it."""
    try:
        return content_type(check_upload(upload, allowed=ATTACHMENT_TYPES))
    except ValidationError as exc:
        raise ValidationError({"files": exc})


RECORD_FIELDS = ["kind", "title", "held_on", "place", "heard_party_members", "heard_masses",
                 "heard_service_recipients", "heard_labels", "content", "findings"]


@transaction.atomic
def survey_record_save(*, actor: Any, organization: Organization, campaign: Campaign, record: SurveyRecord | None = None,
                       files: list[Any] = (), **data: Any) -> SurveyRecord:
    _require_enter(actor, organization)
    content_types = [check_attachment(f) for f in files]
    if record is None:
        record = SurveyRecord(organization=organization, campaign=campaign, created_by=actor)
        before = None
    else:
        record = SurveyRecord.objects.select_for_update().get(pk=record.pk)
        before = snapshot(record, RECORD_FIELDS)
    for key in RECORD_FIELDS:
        if key in data:
            setattr(record, key, data[key])
    record.full_clean()
    record.save()
    for f, ctype in zip(files, content_types):
        # enter once: the file is stored in the organisation's library for the year and only linked here
        lib = library_file_add(actor=actor, campaign=campaign, organization=organization, upload=f, content_type=ctype)
        _attachment_link(actor, record, lib, f.name)
    audit_record(actor=actor, action="survey_record.save", obj=record, organization=organization, before=before,
                 after={**snapshot(record, RECORD_FIELDS), "files": [f.name for f in files]})
    return record


def _attachment_link(actor: Any, record: SurveyRecord, lib: Any, name: str) -> SurveyAttachment:
    att = SurveyAttachment(record=record, name=name[:200], size=lib.size, content_type=lib.content_type,
                           uploaded_by=actor, library_file=lib)
    att.file.name = lib.file.name
    att.save()
    what = _("Survey record")
    library_use(lib, kind="surveys.attachment", object_id=att.pk, label=f"{what} · {record.title} · {record.organization.name}")
    return att


@transaction.atomic
def survey_record_attachment_add(*, actor: Any, record: SurveyRecord, upload: Any = None,
                                 library_file: Any = None) -> SurveyAttachment:
    """A file of a survey record: a new ``upload`` or a ``library_file`` already in the organisation's
    library for the year (campaigns/library.py); the library lists the record among the file's uses."""
    record = SurveyRecord.objects.select_for_update(of=("self",)).select_related("organization", "campaign").get(pk=record.pk)
    _require_enter(actor, record.organization)
    if not record.organization.is_active:
        raise ValidationError(_("The organisation is archived."))
    lib = library_file_for(actor=actor, campaign=record.campaign, organization=record.organization, upload=upload,
                           picked=library_file, allowed=ATTACHMENT_TYPES)
    if record.attachments.filter(library_file=lib).exists():
        raise ValidationError({"library_file": _("This file is already attached to the record.")})
    att = _attachment_link(actor, record, lib, upload.name if upload is not None else lib.name)
    audit_record(actor=actor, action="survey_record.attachment_add", obj=record, organization=record.organization,
                 after={"file": att.name, "size": att.size, "library_file": lib.pk, "picked": upload is None})
    return att


# ---------------------------------------------------------------- special survey reports

SECTION_FIELDS = [f for f, _t, _h in REPORT_SECTIONS]


def survey_report_get_or_create(*, organization: Organization, campaign: Campaign) -> SurveyReport:
    report, _created = SurveyReport.objects.get_or_create(organization=organization, campaign=campaign)
    return report


@transaction.atomic
def survey_report_save(*, actor: Any, report: SurveyReport, **sections: str) -> SurveyReport:
    report = SurveyReport.objects.select_for_update(of=("self",)).select_related("organization").get(pk=report.pk)
    _require_enter(actor, report.organization)
    if report.status not in ("draft", "returned"):
        raise ValidationError(_("A submitted report cannot be changed; the township can return it."))
    before = snapshot(report, SECTION_FIELDS)
    for key in SECTION_FIELDS:
        if key in sections:
            setattr(report, key, sections[key])
    report.save()
    audit_record(actor=actor, action="survey_report.save", obj=report, organization=report.organization,
                 before=before, after=snapshot(report, SECTION_FIELDS))
    return report


@transaction.atomic
def survey_report_submit(*, actor: Any, report: SurveyReport, now: datetime.datetime | None = None) -> SurveyReport:
    report = SurveyReport.objects.select_for_update(of=("self",)).select_related("organization", "campaign").get(pk=report.pk)
    _require_enter(actor, report.organization)
    if not rules.can_move(rules.REPORT_TRANSITIONS, report.status, "submitted"):
        raise ValidationError(_("This report has already been submitted."))
    empty = [str(title) for f, title, _h in REPORT_SECTIONS if not getattr(report, f).strip()]
    if empty:
        raise ValidationError(_("Please write these sections before submitting: %(names)s") % {"names": "、".join(empty)})
    now = now or timezone.now()
    before = report.status
    report.status = "submitted"
    report.submitted_at = now
    report.submitted_by = actor
    report.is_late = rules.is_late(timezone.localdate(now), report.campaign.survey_due)
    report.save(update_fields=["status", "submitted_at", "submitted_by", "is_late", "updated"])
    audit_record(actor=actor, action="survey_report.submit", obj=report, organization=report.organization,
                 before={"status": before}, after={"status": "submitted", "late": report.is_late})
    return report


def survey_report_authors(report: SurveyReport) -> set[int]:
    """Who wrote or submitted the report: four eyes keeps them from accepting it."""
    return audit_authors(report, "survey_report.save", "survey_report.submit") | (
        {report.submitted_by_id} if report.submitted_by_id else set())


def may_accept_report(user: Any, report: SurveyReport) -> bool:
    return may_decide(user, authors=survey_report_authors(report), enabled=four_eyes_on(report.campaign.ruleset))


def _may_review_report(actor: Any, report: SurveyReport) -> bool:
    parent = report.organization.parent
    return can(actor, "assess", report.organization) and (parent is None or can(actor, "assess", parent))


@transaction.atomic
def survey_report_review(*, actor: Any, report: SurveyReport, accept: bool, comment: str = "") -> SurveyReport:
    report = SurveyReport.objects.select_for_update(of=("self",)).select_related("organization", "campaign__ruleset").get(pk=report.pk)
    if not _may_review_report(actor, report):
        raise ValidationError(_("Only the superior organisation reviews this report."))
    target = "accepted" if accept else "returned"
    if not rules.can_move(rules.REPORT_TRANSITIONS, report.status, target):
        raise ValidationError(_("Only a submitted report can be reviewed."))
    if accept:
        require_other_person(actor, authors=survey_report_authors(report), ruleset=report.campaign.ruleset)
    if not accept and not comment.strip():
        raise ValidationError({"comment": _("Say why the report is returned.")})
    before = report.status
    report.status = target
    report.review_comment = comment
    report.reviewed_at = timezone.now()
    report.reviewed_by = actor
    report.save(update_fields=["status", "review_comment", "reviewed_at", "reviewed_by", "updated"])
    audit_record(actor=actor, action=f"survey_report.{target}", obj=report, organization=report.organization,
                 before={"status": before}, after={"status": target}, reason=comment)
    return report


@transaction.atomic
def survey_report_reopen(*, actor: Any, report: SurveyReport, reason: str) -> SurveyReport:
    """Reopen an accepted report (docs/rules.md §13): only the superior that accepts reports, with a reason;
    it goes back to "submitted" for a new review."""
    report = SurveyReport.objects.select_for_update(of=("self",)).select_related("organization").get(pk=report.pk)
    if not _may_review_report(actor, report):
        raise ValidationError(_("Only the superior organisation reviews this report."))
    target = rules.REPORT_REOPEN.get(report.status)
    if target is None:
        raise ValidationError(_("Only an accepted report can be reopened."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for reopening.")})
    before = report.status
    report.status = target
    report.save(update_fields=["status", "updated"])
    audit_record(actor=actor, action="survey_report.reopen", obj=report, organization=report.organization,
                 before={"status": before}, after={"status": target}, reason=reason.strip())
    return report


@transaction.atomic
def survey_summary_save(*, actor: Any, organization: Organization, campaign: Campaign, **texts: str) -> SurveySummary:
    require(actor, "assess", organization)
    summary, _created = SurveySummary.objects.select_for_update().get_or_create(organization=organization, campaign=campaign)
    fields = ["overview", "common_problems", "measures"]
    before = snapshot(summary, fields)
    for key in fields:
        if key in texts:
            setattr(summary, key, texts[key])
    summary.updated_by = actor
    summary.save()
    audit_record(actor=actor, action="survey_summary.save", obj=summary, organization=organization,
                 before=before, after=snapshot(summary, fields))
    return summary
