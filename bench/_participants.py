"""The Django side of the load test's participants (bench/loadtest_ballots.py, bench/loadtest_surveys.py):
``prepare(ctx)`` issues real one-time codes through the services on the scale county before locust starts,
``verify(summaries)`` compares what the database holds with what locust saw accepted after it ends.

It is kept apart from the locust users on purpose: importing locust monkey-patches threads (gevent), after
which Django refuses the seeding process's database connection ("created in a thread can only be used in
that same thread"); and the normal suite tests it without locust installed
(tests/bench/test_loadtest_participants.py). bench/loadtest.py calls ``prepare`` and ``verify`` here.
"""
from __future__ import annotations

import os
import tempfile
from typing import Any

VOTE_POST = "/ratings/vote/ POST"  # locust's name of the ballot's final POST
SUBMIT = "/surveys/c/ submit"  # locust's name of the questionnaire's submit

#: what prepare() opened, kept for verify() (the runner calls both in one process)
_BALLOT_SESSIONS: list[int] = []
_SURVEY_ROUNDS: list[int] = []


def accepted(summaries: list[dict[str, Any]], name: str) -> int:
    """Requests of endpoint ``name`` that locust counted as successes, over every run so far."""
    return sum(e["requests"] - e["errors"] for s in summaries for e in s["endpoints"] if e["name"] == name)


def ballots_prepare(ctx: Any, codes_per_session: int = 2000) -> dict[str, str]:
    """Open one step-1 ballot at the meeting of each of the first townships' committees, as that township's
    staff, with ``codes_per_session`` codes, through the services."""
    from ratings.classification import services
    from ratings.classification.services_ballots import ballot_session_open

    sessions = int(os.environ.get("JINWEI_LT_BALLOT_SESSIONS", "4"))
    codes: list[str] = []
    for township, actor in list(zip(ctx.townships, ctx.extra["foundation.township_users"]))[:sessions]:
        classification = services.classification_start(actor=actor, campaign=ctx.campaign, organization=township)
        meeting = services.meeting_save(actor=actor, classification=classification, step=1,
                                        date=ctx.campaign.survey_due, place="乡镇党委会议室",
                                        party_members=60, masses=60)
        per = {"party_member": codes_per_session // 2, "masses": codes_per_session - codes_per_session // 2}
        session = ballot_session_open(actor=actor, meeting=meeting, codes=per)
        _BALLOT_SESSIONS.append(session.pk)
        codes += list(session.codes.values_list("code", flat=True))
    path = os.path.join(tempfile.mkdtemp(prefix="jinwei-lt-ballots-"), "codes.txt")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(codes) + "\n")
    return {"JINWEI_LOADTEST_BALLOT_CODES": path}


def ballots_verify(summaries: list[dict[str, Any]]) -> dict[str, Any]:
    """Votes in the database against the votes locust saw accepted (a "vote counted" page)."""
    from django.db.models import Sum

    from ratings.classification.models import BallotCode, BallotCount

    ok = accepted(summaries, VOTE_POST)
    counted = BallotCount.objects.filter(session_id__in=_BALLOT_SESSIONS).aggregate(n=Sum("count"))["n"] or 0
    used = BallotCode.objects.filter(session_id__in=_BALLOT_SESSIONS, used=True).count()
    return {"ballots_accepted": ok, "ballots_in_database": counted, "ballot_codes_used": used,
            "ballots_equal": ok == counted == used}


def surveys_prepare(ctx: Any, rounds: int = 4, per_round: int = 500) -> dict[str, str]:
    """``per_round`` codes (``MAX_CODES_PER_BATCH``) for each of ``rounds`` open rounds of the measured township."""
    from surveys import services
    from surveys.models import SurveyRound

    actor = ctx.users["township"]
    township = ctx.townships[0]
    chosen = list(SurveyRound.objects.filter(campaign=ctx.campaign, status="open", activity="questionnaire",
                                             organization__path__under=township.path).order_by("id")[:rounds])
    codes: list[str] = []
    for round_ in chosen:
        masses = per_round * 35 // 100
        made = services.codes_generate(actor=actor, round_=round_,
                                       counts={"masses": masses, "party_member": per_round - masses})
        _SURVEY_ROUNDS.append(round_.pk)
        codes += [row.code for row in made]
    path = os.path.join(tempfile.mkdtemp(prefix="jinwei-lt-surveys-"), "codes.txt")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(codes) + "\n")
    return {"JINWEI_LOADTEST_CODES": path}


def surveys_verify(summaries: list[dict[str, Any]]) -> dict[str, Any]:
    """Online questionnaires in the database against the submissions locust saw accepted."""
    from surveys.models import OneTimeCode, Response

    ok = accepted(summaries, SUBMIT)
    stored = Response.objects.filter(round_id__in=_SURVEY_ROUNDS, channel="online").count()
    used = OneTimeCode.objects.filter(round_id__in=_SURVEY_ROUNDS, used=True).count()
    return {"questionnaires_accepted": ok, "questionnaires_in_database": stored, "survey_codes_used": used,
            "questionnaires_equal": ok == stored == used}


def prepare(ctx: Any) -> dict[str, str]:
    """Codes for every participant scenario; the variables to export to locust."""
    return {**ballots_prepare(ctx), **surveys_prepare(ctx)}


def hand_out(kind: str, n: int, path: str) -> str:
    """Write ``n`` codes still unused in the database (``kind`` "ballots" or "surveys") to ``path``, so
    that each locust run gets codes no earlier run has used, and exactly as many as it should cast."""
    import random

    if kind == "ballots":
        from ratings.classification.models import BallotCode

        codes = list(BallotCode.objects.filter(session_id__in=_BALLOT_SESSIONS, used=False).values_list("code", flat=True))
    else:
        from surveys.models import OneTimeCode

        codes = list(OneTimeCode.objects.filter(round_id__in=_SURVEY_ROUNDS, used=False).values_list("code", flat=True))
    random.shuffle(codes)
    if len(codes) < n:
        raise RuntimeError(f"only {len(codes)} unused {kind} codes left, {n} wanted: issue more in prepare()")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(codes[:n]) + "\n")
    from django.db import connections

    connections.close_all()
    return path


def verify(summaries: list[dict[str, Any]]) -> dict[str, Any]:
    """The database against what locust saw accepted, for votes and questionnaires."""
    return {**ballots_verify(summaries), **surveys_verify(summaries)}
