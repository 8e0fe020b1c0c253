"""Paper questionnaires typed into Excel: the round's template, the import, and its run (core.imports).

The sheet is validated whole, every problem reported with its row and column, and nothing written
unless every row is right. A sheet counts once per round: its values (not its bytes, which change
when Excel saves it again) are fingerprinted, and the same questionnaires uploaded again, or a longer
sheet that repeats an imported one at its top, add nothing and say so. The template's examples stand
on their own sheet and carry the example mark, so they are never imported.
"""
from __future__ import annotations

from typing import IO, Any, Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import audit_record
from core.imports import ImportKind, content_check, content_record, register
from core.xlsx import Column, RowError, XlsxError, read_table, template_bytes
from organizations.scope import can

from . import rules
from .models import Question, Response, SurveyRound
from .selectors import questions_for
from .services import ENTRY_STATES, Parsed, _lock_round, _require_enter, insert_answer_rows, parse_answers

KIND = "survey_responses"
CATEGORY_HEADER = "类别"
LABEL_HEADER = "细分身份"
EXCEL_MAX_ROWS = 10000


def excel_headers(questions: list[Question]) -> list[str]:
    """One column per question: its number and text (Excel headers are matched exactly)."""
    return [f"{i}.{q.text}"[:250] for i, q in enumerate(questions, start=1)]


def excel_template(round_: SurveyRound) -> bytes:
    """The round's sheet: the header row alone; two filled-in examples on a sheet of their own."""
    questions = questions_for(round_)
    headers = excel_headers(questions)
    columns = [Column(CATEGORY_HEADER, 10), Column(LABEL_HEADER, 12)] + [Column(h, 18) for h in headers]
    example = []
    for category in ("党员", "普通群众"):
        row: list[Any] = [category, ""]
        for q in questions:
            row.append({"single": "A", "multiple": "A、B", "satisfaction": "满意", "scale": 4, "text": ""}[q.kind])
        example.append(row)
    return template_bytes(title=_("Questionnaires"), columns=columns, example=example)


def _target(round_: SurveyRound | int) -> str:
    return f"round:{getattr(round_, 'pk', round_)}"


def _require_open(actor: Any, round_: SurveyRound) -> None:
    _require_enter(actor, round_.organization)
    if round_.status not in ENTRY_STATES:
        raise ValidationError(_("The round is closed; reopen it to enter more questionnaires."))


def excel_import(*, actor: Any, round_: SurveyRound, upload: IO[bytes] | bytes,
                 progress: Callable[[int], None] | None = None) -> int:
    """Validate the whole sheet first; write nothing unless every row is right (atomic). The cells are
    read before the transaction (the long part, with progress); the round is locked and checked
    again, the sheet's content checked against what the round already holds, and the rows written."""
    progress = progress or (lambda value: None)
    _require_open(actor, round_)
    questions = questions_for(round_)
    headers = excel_headers(questions)
    all_headers = [CATEGORY_HEADER, LABEL_HEADER, *headers]
    table = read_table(upload, required=[CATEGORY_HEADER, *headers], optional=[LABEL_HEADER], max_rows=EXCEL_MAX_ROWS,
                       collect=True, progress=lambda share: progress(int(5 + share * 35)))
    progress(40)
    errors: list[RowError] = list(table.errors)
    good: list[tuple[str, str, list[Parsed]]] = []
    for number, record in table.rows:
        category = rules.parse_category(record.get(CATEGORY_HEADER))
        if category is None:
            errors.append(RowError(number, CATEGORY_HEADER, _("write 党员, 普通群众 or 服务对象")))
        label = rules.parse_label(record.get(LABEL_HEADER))
        if label is None:
            errors.append(RowError(number, LABEL_HEADER, _("unknown label; leave it empty or write one of: %(words)s")
                                   % {"words": "、".join(rules.LABEL_WORDS)}))
            label = ""
        raw = {q.pk: record.get(h) for q, h in zip(questions, headers)}
        parsed, problems = parse_answers(questions, raw)
        for q, h in zip(questions, headers):
            if q.pk in problems:
                errors.append(RowError(number, h, problems[q.pk]))
        if category is not None and not problems:
            good.append((category, label, parsed))
    progress(60)
    if not table.rows and not errors:
        errors.append(RowError(None, None, _("The sheet has no questionnaires.")))
    if errors:
        raise XlsxError(sorted(errors, key=lambda e: e.row or 0))
    with transaction.atomic():
        round_ = _lock_round(round_)
        _require_open(actor, round_)
        digest = content_check(kind=KIND, target=_target(round_), table=table, headers=all_headers)
        today = timezone.localdate()
        responses = Response.objects.bulk_create([
            Response(round=round_, category=c, label=lab, channel="excel", entered_by=actor, entered_on=today)
            for c, lab, _p in good
        ])
        if responses and responses[0].pk is None:  # backends that do not return ids on bulk insert
            responses = list(Response.objects.filter(round=round_, channel="excel", entered_by=actor).order_by("-id")[:len(good)])[::-1]
        rows: list[tuple[int, int, str, str]] = []
        for response, (_c, _l, parsed) in zip(responses, good):
            for p in parsed:
                if p.text:
                    rows.append((response.pk, p.question.pk, "", p.text))
                rows.extend((response.pk, p.question.pk, v, "") for v in p.values)
        insert_answer_rows(rows)
        content_record(kind=KIND, target=_target(round_), digest=digest, row_count=len(table.rows), actor=actor)
        audit_record(actor=actor, action="survey_response.excel", obj=round_, organization=round_.organization,
                     after={"rows": len(good)})
        progress(99)
    return len(good)


def _execute(run: Any, data: bytes, progress: Callable[[int], None]) -> str:
    round_ = SurveyRound.objects.get(pk=_round_id(run))
    n = excel_import(actor=run.requested_by, round_=round_, upload=data, progress=progress)
    return _("%(n)d questionnaires imported.") % {"n": n}


def _round_id(run: Any) -> int:
    return int(run.target.split(":", 1)[1])


register(ImportKind(
    key=KIND, label=gettext_lazy("Questionnaires"), execute=_execute,
    allowed=lambda user, run: can(user, "enter", run.organization),
    done_url=lambda run: reverse("surveys:round-detail", args=[_round_id(run)]),
))
