"""After a questionnaire round closes, its online responses do not keep the order they were submitted
in (docs/rules.md §14): ids, answer ids and dates are written afresh, in a random order, at the close.
On any database; tests/security/test_secrecy_postgresql.py checks PostgreSQL's system columns."""
from __future__ import annotations

import pytest
from django.utils import timezone

from surveys import services
from surveys.models import Answer, Question, Response, SurveyRound
from tests.security.vote_paths import PATHS

from .helpers import full_answers

pytestmark = pytest.mark.django_db


def test_after_the_close_response_ids_do_not_follow_the_order_of_submission(demo):
    path = PATHS["survey"](demo, 12)
    round_ = path.owner
    text_q = Question.objects.filter(template=round_.template, kind="text").order_by("order").first()
    answers = full_answers(round_)
    marks = [f"第{i:02d}份" for i in range(12)]
    for code, mark in zip(path.codes, marks):
        services.code_submit(code=code, answers={**answers, text_q.pk: mark})
    by_id = list(Answer.objects.filter(question=text_q, response__round=round_).order_by("response_id")
                 .values_list("text", flat=True))
    assert by_id == marks  # while open: ids are in the order of submission
    old_ids = set(Response.objects.filter(round=round_, channel="online").values_list("pk", flat=True))
    path.close()
    online = Response.objects.filter(round=round_, channel="online")
    assert online.count() == 12 and not old_ids & set(online.values_list("pk", flat=True))  # all ids are new
    by_id = list(Answer.objects.filter(question=text_q, response__round=round_).order_by("response_id")
                 .values_list("text", flat=True))
    assert sorted(by_id) == marks  # every answer kept ...
    assert by_id != marks  # ... in a shuffled order (a 1 in 12! chance of the same order)
    by_answer_id = list(Answer.objects.filter(question=text_q, response__round=round_).order_by("id")
                        .values_list("text", flat=True))
    assert by_answer_id == by_id  # answer ids follow the shuffle too, not the submissions
    closed_at = SurveyRound.objects.get(pk=round_.pk).closed_at
    assert set(online.values_list("entered_on", flat=True)) == {timezone.localdate(closed_at)}  # no day of submission
