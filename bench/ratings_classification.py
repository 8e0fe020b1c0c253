"""Benchmarks of the classification part (contract: bench/api.py).

PAGES: the township's and the county's overview grid (same query count at 40 and 800 organisations).
scale(): a classification for every branch, spread over the steps, with their meetings (bulk inserts).
timed(): casting anonymous ballots through the service, in ballots per second.
"""
from __future__ import annotations

import datetime
import time

from bench.api import Page, ScaleContext, Timed

PAGES = [
    Page("page:classification-overview", "township", lambda ctx: "/ratings/classification/"),
    Page("page:classification-overview-county", "county", lambda ctx: "/ratings/classification/?status=step4"),
]

STATES = ("step1", "step2", "step3", "step4", "submitted", "confirmed")
LEVELS = ("advanced", "average", "lagging")


def scale(ctx: ScaleContext) -> None:
    from ratings.classification.models import Classification, Meeting, MeetingResult

    if ctx.campaign is None:
        return
    rnd = ctx.random
    existing = set(Classification.objects.filter(campaign=ctx.campaign).values_list("organization_id", flat=True))
    rows = []
    for org in ctx.branches:
        if org.pk in existing or org.kind not in ("branch", "general_branch"):
            continue
        state = rnd.choice(STATES)
        level = rnd.choice(LEVELS) if state in ("step4", "submitted", "confirmed") else ""
        rows.append(Classification(campaign=ctx.campaign, organization=org, state=state, self_level=level,
                                   self_reasons="（基准数据）" if level else "",
                                   final_level=level if state == "confirmed" else ""))
    created = Classification.objects.bulk_create(rows, batch_size=500)
    created = list(Classification.objects.filter(campaign=ctx.campaign, pk__in=[c.pk for c in created]))
    day = datetime.date(ctx.campaign.year, 3, 20)
    kinds = {1: "masses_representatives", 2: "member_assembly", 4: "members_masses_representatives"}
    order = {s: i for i, s in enumerate(STATES)}
    meetings = []
    for c in created:
        for step in (1, 2, 4):
            reached = {1: 0, 2: 1, 4: 3}[step]
            if order[c.state] < reached:
                continue
            ok = rnd.random() > 0.1
            meetings.append(Meeting(classification=c, step=step, kind=kinds[step], date=day, place="会议室",
                                    party_members=30, masses=30 if step != 2 else 0, quorum_ok=ok,
                                    quorum_summary="人数要求已满足" if ok else "还差 3 人（已有 47 人，需 50 人）"))
    Meeting.objects.bulk_create(meetings, batch_size=1000)
    results = [MeetingResult(meeting=m, source="ballot", advanced=20, average=15, lagging=3)
               for m in Meeting.objects.filter(classification__in=created).only("id")]
    MeetingResult.objects.bulk_create(results, batch_size=1000)
    ctx.extra["ratings.classification.count"] = len(created)


def _ballots_per_second(ctx: ScaleContext, n: int = 300) -> float:
    from ratings.classification import services as svc
    from ratings.classification.models import BallotCode, Classification, Meeting

    c = Classification.objects.filter(campaign=ctx.campaign, state="step4").select_related("organization").first()
    if c is None:
        return 0.0
    meeting = Meeting.objects.filter(classification=c, step=4, superseded=False).first()
    if meeting is None or hasattr(meeting, "ballot_session"):
        meeting = Meeting.objects.create(classification=c, step=4, kind="members_masses_representatives",
                                         date=datetime.date(ctx.campaign.year, 3, 28), place="会议室", superseded=True)
    user = ctx.users.get("township") or ctx.users.get("county")
    from ratings.classification.models import BallotCount, BallotSession
    from core.choices import ParticipantCategory
    from core.codes import codes_issue

    session = BallotSession.objects.create(meeting=meeting, question="deliberation", proposed_level="average",
                                          created_by=user)
    codes = [row.code for row in codes_issue(BallotCode, {"masses": n}, session=session)]
    BallotCount.objects.bulk_create([BallotCount(session=session, category=cat, choice=ch)
                                     for cat in ParticipantCategory.values for ch in ("agree", "disagree", "abstain")])
    start = time.perf_counter()
    for i, code in enumerate(codes):
        svc.ballot_cast(code=code, choice=("agree", "disagree", "abstain")[i % 3])
    return n / (time.perf_counter() - start)


def timed(ctx: ScaleContext) -> list[Timed]:
    return [Timed("ballots:cast", "ballots_per_s", lambda: _ballots_per_second(ctx))]
