"""Demo data of the classification: 金星乡's branches at every step, one not adopted at step 4.
Idempotent: a branch that already has a classification in the campaign is left alone."""
from __future__ import annotations

import datetime
from typing import Any

from core.choices import ParticipantCategory
from core.codes import codes_issue
from organizations.models import OrgRole

from . import rules
from .models import (
    BallotCode, BallotCount, BallotSession, Classification, ClassificationReview, Meeting, MeetingResult,
)
from .services import expected_meeting_kind, meeting_quorum

# branch -> (state, self level, final level)
PLAN: list[tuple[str, str]] = [
    ("东方村党支部", "step1"),
    ("红旗村党支部", "step2"),
    ("金星村第一党支部", "step3"),
    ("金星村第二党支部", "step4"),
    ("石桥村党支部", "submitted"),
    ("新塘村党支部", "not_adopted"),
    ("金星社区党支部", "confirmed"),
    ("金星乡机关党支部", "step1_short"),
    # every organisation below the county is rated by its superior (docs/rules.md §5): the township committee
    # adopted at step 4 and confirmed by the county; a community 党委 adopted and waiting for its township
    ("金星乡党委", "county_confirms"),
    ("柳河新城社区党委", "submitted"),
]


def _secretary(org: Any, fallback: Any) -> Any:
    grant = OrgRole.objects.filter(organization=org, role="branch_secretary").select_related("user").first()
    return grant.user if grant else fallback


def _meeting(c: Classification, step: int, day: datetime.date, party: int, masses: int, recipients: int = 0,
             superseded: bool = False) -> Meeting:
    m = Meeting(classification=c, step=step, kind=expected_meeting_kind(c, step), date=day,
                place=f"{c.organization.name}党员活动室", expected_party_members=party, expected_masses=masses,
                expected_service_recipients=recipients, party_members=party, masses=masses,
                service_recipients=recipients, entitled=c.organization.member_count if step == 2 else None,
                minutes="会议由支部书记主持，宣读评定标准，介绍本年度工作情况后进行测评。", superseded=superseded)
    q = meeting_quorum(m)
    m.quorum_ok, m.quorum_summary = q.ok, str(q.summary)
    m.save()
    return m


def _paper(m: Meeting, enterer: Any, checker: Any, **counts: int) -> None:
    MeetingResult.objects.create(meeting=m, source="paper", entered_by=enterer, confirmed_by=checker,
                                 confirmed_at=datetime.datetime.combine(m.date, datetime.time(11), tzinfo=datetime.timezone.utc),
                                 **counts)


def seed(ctx: Any) -> None:
    campaign = ctx.campaign
    township_user = ctx.users["township"]
    y = campaign.year
    made: dict[str, Classification] = {}
    for name, stage in PLAN:
        org = ctx.orgs.get(name)
        if org is None:
            continue
        existing = Classification.objects.filter(campaign=campaign, organization=org).first()
        if existing is not None:
            made[name] = existing
            continue
        sec = _secretary(org, township_user)
        checker = township_user
        if org.kind == "township":  # the township's own office enters, a second person of it checks
            sec, checker = township_user, ctx.users.get("township_b", township_user)
        elif org.kind == "committee":  # the 党委's secretary enters, its township's office checks
            checker = ctx.users["township2"]
        c = Classification.objects.create(campaign=campaign, organization=org, state="step1")
        made[name] = c
        members = org.member_count
        if stage == "step1":
            continue
        if stage == "step1_short":
            _meeting(c, 1, datetime.date(y, 3, 20), 8, 7)  # 15 attendees: short of the 20 required
            continue
        m1 = _meeting(c, 1, datetime.date(y, 3, 18), 18, 40)
        _paper(m1, sec, checker, advanced=31, average=22, lagging=5)
        c.state = "step2"
        if stage == "step2":
            c.save()
            continue
        m2 = _meeting(c, 2, datetime.date(y, 3, 22), members * 3 // 4 + 1, 0)
        _paper(m2, sec, checker, advanced=members // 2, average=members // 4, lagging=1)
        c.state = "step3"
        if stage == "step3":
            c.save()
            continue
        level = "advanced" if stage in ("step4", "not_adopted") else "average"
        tallies = {1: m1.result.rating_tally(), 2: m2.result.rating_tally()}
        c.self_level, c.self_reasons = level, "群众初评和党员评议中多数认为本支部工作较好；近三年年终考核均为良好以上。"
        c.self_flagged = rules.self_rating_flag(level, tallies[1], tallies[2]).flagged
        c.state = "step4"
        if stage == "step4":
            c.save()
            m4 = _meeting(c, 4, datetime.date(y, 3, 28), 25, 40)
            session = BallotSession.objects.create(meeting=m4, question="deliberation", proposed_level=level,
                                                   created_by=township_user)
            codes_issue(BallotCode, {"party_member": 25, "masses": 40}, session=session)
            BallotCount.objects.bulk_create([BallotCount(session=session, category=cat, choice=ch)
                                             for cat in ParticipantCategory.values for ch in rules.DELIBERATION_CHOICES])
            ctx.extra["ratings.classification.open_session"] = session
            continue
        if stage == "not_adopted":
            m4 = _meeting(c, 4, datetime.date(y, 3, 27), 30, 40, superseded=True)
            _paper(m4, sec, township_user, agree=30, disagree=32, abstain=6, spoiled=2)  # 30 of 68 valid: not adopted
            c.state, c.rounds = "step3", 1
            c.save()
            continue
        m4 = _meeting(c, 4, datetime.date(y, 3, 27), 24, 40)
        _paper(m4, sec, checker, agree=51, disagree=8, abstain=4, spoiled=1)
        c.state = "submitted"
        if stage == "confirmed":
            c.state, c.final_level = "confirmed", level
            c.save()
            ClassificationReview.objects.create(classification=c, kind="confirm", level=level, actor=township_user,
                                                text="经乡党委审定，同意。")
            continue
        c.save()
        if stage == "county_confirms":
            from .services import classification_confirm

            made[name] = classification_confirm(actor=ctx.users["county"], classification=c,
                                                comment="经县委组织部审定，同意乡党委自评并经审议通过的级次。")
    ctx.extra["ratings.classification"] = made
