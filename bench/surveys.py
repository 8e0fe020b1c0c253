"""Survey benchmarks (contract: bench/api.py).

PAGES: the round page and the township survey overview, measured at 40 and 800 organisations with
equal query counts. scale(): one questionnaire round per branch with the quorum's number of answered
questionnaires (60 for village/community branches, 20 for others; docs/rules.md §12). timed(): the Excel
import of 5,000 paper questionnaires (rows/s, against openpyxl's own read of the same file as baseline)
and the A4 slip sheet of 100 one-time codes (seconds).
"""
from __future__ import annotations

import io
import time
from typing import Any

from bench.api import Page, ScaleContext, Timed


def _round_url(ctx: ScaleContext) -> str:
    return f"/surveys/rounds/{ctx.extra['surveys_round']}/"


PAGES: list[Page] = [
    Page("page:survey-round", "township", _round_url),
    Page("page:survey-overview", "township", lambda ctx: "/surveys/overview/"),
]


def _answer_rows(rng: Any, questions: list[Any], response: Any) -> list[Any]:
    from surveys.models import Answer
    from surveys.rules import SATISFACTION_KEYS, SCALE_VALUES

    rows = []
    for q in questions:
        if q.kind == "satisfaction":
            rows.append(Answer(response=response, question=q, value=rng.choice(SATISFACTION_KEYS)))
        elif q.kind == "scale":
            rows.append(Answer(response=response, question=q, value=rng.choice(SCALE_VALUES)))
        elif q.kind in ("single", "multiple"):
            rows.append(Answer(response=response, question=q, value=rng.choice(q.options)))
    return rows


def _township_branch(ctx: ScaleContext) -> Any:
    from organizations.scope import grants

    paths = [g.path for g in grants(ctx.users["township"])]
    for branch in ctx.branches:
        if any(branch.path.startswith(p) for p in paths):
            return branch
    return ctx.branches[0]


def scale(ctx: ScaleContext) -> None:
    from django.db import transaction
    from django.utils import timezone

    from surveys import rules
    from surveys.builtin import load_builtin_templates
    from surveys.models import Answer, Response, SurveyRound

    templates = {t.category: t for t in load_builtin_templates().values()}
    questions = {cat: list(t.questions.order_by("order")) for cat, t in templates.items()}
    today = timezone.localdate()
    rng = ctx.random
    with transaction.atomic():
        rounds = SurveyRound.objects.bulk_create([
            SurveyRound(organization=b, campaign=ctx.campaign, activity="questionnaire",
                        template=templates[rules.category_for_domain(b.domain)], title=f"{b.name}问卷调查",
                        status=rng.choice(["open", "closed"]))
            for b in ctx.branches
        ])
        if rounds and rounds[0].pk is None:
            rounds = list(SurveyRound.objects.filter(campaign=ctx.campaign).order_by("id"))
        by_org = {r.organization_id: r for r in rounds}
        responses = []
        for b in ctx.branches:
            n = 60 if rules.category_for_domain(b.domain) == "village_community" else 20
            if ctx.orgs > 800 and not b.path.startswith(ctx.townships[0].path):
                # above 800 organisations only the measured township gets full questionnaires: 5 million
                # answer rows would take the seeding half an hour; the survey pages are township pages
                n = 3
            masses = int(n * 0.35)
            for i in range(n):
                responses.append(Response(round=by_org[b.pk], category="masses" if i < masses else "party_member",
                                          channel="paper", entered_on=today))
        Response.objects.bulk_create(responses, batch_size=5000)
        if responses and responses[0].pk is None:
            responses = list(Response.objects.filter(round__campaign=ctx.campaign).select_related("round__organization"))
        answers = []
        for r in responses:
            cat = rules.category_for_domain(r.round.organization.domain)
            topics = rules.topics_for_domain(r.round.organization.domain)
            answers.extend(_answer_rows(rng, [q for q in questions[cat] if q.topic in topics], r))
            if len(answers) >= 20000:
                Answer.objects.bulk_create(answers, batch_size=5000)
                answers = []
        Answer.objects.bulk_create(answers, batch_size=5000)
    ctx.extra["surveys_round"] = by_org[_township_branch(ctx).pk].pk


def _excel(questions: list[Any], rows: int) -> bytes:
    from openpyxl import Workbook

    from surveys import importers

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append([importers.CATEGORY_HEADER, importers.LABEL_HEADER, *importers.excel_headers(questions)])
    sample = {"single": "A", "multiple": "A、B", "satisfaction": "满意", "scale": 4, "text": "无"}
    for i in range(rows):
        ws.append(["普通群众" if i % 3 == 0 else "党员", "", *[sample[q.kind] for q in questions]])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def timed(ctx: ScaleContext) -> list[Timed]:
    from surveys import services
    from surveys.selectors import questions_for

    branch = _township_branch(ctx)
    actor = ctx.users["township"]
    template = None
    from surveys.builtin import load_builtin_templates
    from surveys.rules import category_for_domain

    template = {t.category: t for t in load_builtin_templates().values()}[category_for_domain(branch.domain)]
    rows = 5000

    def new_round() -> Any:
        return services.survey_round_create(actor=actor, organization=branch, campaign=ctx.campaign,
                                            activity="questionnaire", template=template, title="bench")

    probe = new_round()
    data = _excel(questions_for(probe), rows)

    def run_import() -> float:
        round_ = new_round()
        start = time.perf_counter()
        from surveys.importers import excel_import

        n = excel_import(actor=actor, round_=round_, upload=io.BytesIO(data))
        return n / (time.perf_counter() - start)

    def baseline_import() -> float:
        from openpyxl import load_workbook

        start = time.perf_counter()
        wb = load_workbook(io.BytesIO(data), read_only=True)
        n = sum(1 for _row in wb.worksheets[0].iter_rows(values_only=True)) - 1
        wb.close()
        return n / (time.perf_counter() - start)

    def run_slips() -> float:
        from surveys.models import OneTimeCode
        from surveys.slips import slips_pdf

        round_ = new_round()
        services.codes_generate(actor=actor, round_=round_, counts={"party_member": 60, "masses": 40})
        codes = list(OneTimeCode.objects.filter(round=round_).order_by("id"))
        start = time.perf_counter()
        slips_pdf(round_, codes, base_url="https://jinwei.example.org/surveys/c/")
        return time.perf_counter() - start

    return [
        Timed("import:survey-excel-5000", "rows_per_s", run_import, baseline_import),
        Timed("pdf:survey-slips-100", "seconds", run_slips),
    ]
