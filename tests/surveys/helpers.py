"""Small builders shared by the survey tests."""
from __future__ import annotations

from typing import Any

from surveys import services
from surveys.builtin import load_builtin_templates
from surveys.models import QuestionnaireTemplate, Response, SurveyRound
from surveys.selectors import questions_for


def builtin(category: str) -> QuestionnaireTemplate:
    load_builtin_templates()
    return QuestionnaireTemplate.objects.get(owner__isnull=True, category=category, is_current=True)


def new_round(demo: Any, org: Any = None, actor: str = "township", status: str = "open") -> SurveyRound:
    org = org or demo.branch
    from surveys.rules import category_for_domain

    round_ = services.survey_round_create(actor=demo.users[actor], organization=org, campaign=demo.ctx.campaign,
                                          activity="questionnaire", template=builtin(category_for_domain(org.domain)))
    if status == "open":
        round_ = services.survey_round_open(actor=demo.users[actor], round_=round_)
    return round_


def full_answers(round_: SurveyRound) -> dict[int, Any]:
    """A valid answer to every question (first option, 满意, 4, a comment)."""
    raw: dict[int, Any] = {}
    for q in questions_for(round_):
        raw[q.pk] = {"single": q.options[:1] and q.options[0], "multiple": q.options[:2], "satisfaction": "satisfied",
                     "scale": "4", "text": "很好"}[q.kind]
    return raw


def add_paper(demo: Any, round_: SurveyRound, category: str, n: int, actor: str = "township") -> None:
    answers = full_answers(round_)
    for _i in range(n):
        services.response_enter_paper(actor=demo.users[actor], round_=round_, category=category, label="", answers=answers)


def counts(round_: SurveyRound) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in Response.objects.filter(round=round_):
        out[r.category] = out.get(r.category, 0) + 1
    return out
