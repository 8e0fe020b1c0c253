"""`make loadtest`'s participant scenarios: prepare() issues real codes through the services, a code so
issued votes (or opens its questionnaire) through the public pages, and verify() compares the database
with what locust counted as accepted. Without locust: the Django side lives in bench/_participants.py."""
from __future__ import annotations

import re

import pytest
from django.test import Client

from bench import _participants as participants
from bench.scale import seed_scale

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _accepted(name: str, n: int, errors: int = 0) -> list[dict]:
    return [{"endpoints": [{"name": name, "requests": n + errors, "errors": errors}]}]


@pytest.fixture
def fresh_lists(monkeypatch):
    monkeypatch.setattr(participants, "_BALLOT_SESSIONS", [])
    monkeypatch.setattr(participants, "_SURVEY_ROUNDS", [])


@pytest.mark.django_db
def test_ballot_codes_are_issued_by_the_services_and_a_counted_vote_is_verified(fresh_lists):
    from ratings.classification.models import BallotCode, BallotSession

    ctx = seed_scale(40, modules=[])
    exported = participants.ballots_prepare(ctx, codes_per_session=10)
    codes = open(exported["JINWEI_LOADTEST_BALLOT_CODES"], encoding="utf-8").read().split()
    assert len(codes) == 20  # 2 townships at 40 organisations, one session each
    assert BallotSession.objects.filter(state="open").count() == 2
    assert set(codes) == set(BallotCode.objects.values_list("code", flat=True))

    client = Client(enforce_csrf_checks=True)
    token = CSRF.search(client.get("/ratings/vote/").content.decode()).group(1)
    ballot = client.post("/ratings/vote/", {"code": codes[0], "csrfmiddlewaretoken": token}).content.decode()
    assert 'name="choice"' in ballot
    done = client.post("/ratings/vote/", {"code": codes[0], "choice": "advanced",
                                          "csrfmiddlewaretoken": CSRF.search(ballot).group(1)})
    assert done.status_code == 200 and 'data-vote="counted"' in done.content.decode()

    assert participants.ballots_verify(_accepted(participants.VOTE_POST, 1, errors=3)) == {
        "ballots_accepted": 1, "ballots_in_database": 1, "ballot_codes_used": 1, "ballots_equal": True}
    assert participants.ballots_verify(_accepted(participants.VOTE_POST, 2))["ballots_equal"] is False


@pytest.mark.django_db
def test_survey_codes_are_issued_by_the_services_for_open_rounds(fresh_lists):
    from bench import surveys as bench_surveys
    from surveys.models import OneTimeCode

    ctx = seed_scale(40, modules=[bench_surveys])
    exported = participants.surveys_prepare(ctx, rounds=2, per_round=5)
    codes = open(exported["JINWEI_LOADTEST_CODES"], encoding="utf-8").read().split()
    assert len(codes) == 10
    rows = OneTimeCode.objects.filter(code__in=codes).select_related("round")
    assert {r.round.status for r in rows} == {"open"}
    assert {r.round.organization.path.startswith(ctx.townships[0].path) for r in rows} == {True}

    client = Client(enforce_csrf_checks=True)
    token = CSRF.search(client.get("/surveys/c/").content.decode()).group(1)
    page = client.post("/surveys/c/", {"code": codes[0], "csrfmiddlewaretoken": token})
    assert page.status_code == 200 and 'name="answering"' in page.content.decode()
    assert participants.surveys_verify(_accepted(participants.SUBMIT, 0))["questionnaires_equal"] is True
    assert participants.surveys_verify(_accepted(participants.SUBMIT, 1))["questionnaires_equal"] is False
