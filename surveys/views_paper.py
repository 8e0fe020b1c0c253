"""The blank questionnaire on paper (core/paper.py): the round's questions in the layout of the phone
page, with the respondent category to tick, for meetings where people answer on paper."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from core.choices import ParticipantCategory
from core.paper import BlankPaper, PaperQuestion, blank_paper_pdf, copies_wanted, paper_count, pdf_response

from . import rules
from .choices import satisfaction_words
from .models import OneTimeCode, SurveyRound
from .selectors import questions_for


def blank_questionnaire(round_: SurveyRound) -> BlankPaper:
    words = satisfaction_words()
    questions = []
    for q in questions_for(round_):
        if q.kind == "satisfaction":
            options, kind = tuple(words[k] for k in rules.SATISFACTION_KEYS), "single"
        elif q.kind == "scale":
            options, kind = tuple(str(v) for v in rules.SCALE_VALUES), "single"
        elif q.kind == "text":
            options, kind = (), "text"
        else:
            options, kind = tuple(q.options), q.kind
        questions.append(PaperQuestion(text=q.text, options=options, kind=kind, section=q.section or ""))
    return BlankPaper(
        title=round_.title, organization=round_.organization.name,
        intro=_("Please answer every question. The questionnaire is anonymous: do not write your name."),
        questions=tuple(questions), categories=tuple(str(label) for _v, label in ParticipantCategory.choices),
    )


def round_papers(round_: SurveyRound):
    """Slips out and back per category (small groups hidden) and paper questionnaires entered."""
    return paper_count(
        OneTimeCode.objects.filter(round=round_).values_list("category", "used"),
        labels=ParticipantCategory.choices, threshold=round_.campaign.ruleset.setting("small_group_threshold"),
        entered=round_.responses.exclude(channel="online").count(),
    )


@login_required
def paper_blank(request: HttpRequest, pk: int) -> HttpResponse:
    from .views import _round

    round_ = _round(request, pk, "enter")
    return pdf_response(blank_paper_pdf(blank_questionnaire(round_), copies=copies_wanted(request)), f"questionnaire-{round_.pk}-blank.pdf")

