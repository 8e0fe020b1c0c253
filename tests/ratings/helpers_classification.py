"""Shared steps for the classification tests: drive one branch through the services."""
from __future__ import annotations

import datetime
from typing import Any

from ratings.classification import services as svc
from ratings.classification.models import Classification


def classification_of(demo: Any, org: Any = None) -> Classification:
    return Classification.objects.get(campaign=demo.ctx.campaign, organization=org or demo.branch)


def meeting(demo: Any, c: Classification, step: int, actor: str = "branch", **attendance: int):
    data = dict(date=datetime.date(demo.ctx.year, 3, 20), place="村委会会议室", minutes="会议纪要")
    if step == 2:
        data.update(party_members=attendance.get("party_members", c.organization.member_count))
        if "entitled" in attendance:
            data["entitled"] = attendance["entitled"]
    else:
        data.update(party_members=attendance.get("party_members", 30), masses=attendance.get("masses", 30),
                    service_recipients=attendance.get("service_recipients", 0))
    return svc.meeting_save(actor=demo.users[actor], classification=c, step=step, **data)


def paper(demo: Any, m: Any, enter: str = "branch", check: str = "township", **counts: int) -> None:
    svc.paper_result_enter(actor=demo.users[enter], meeting=m, counts=counts)
    svc.paper_result_confirm(actor=demo.users[check], meeting=m)


def to_step3(demo: Any, c: Classification, s1=(30, 20, 5), s2=(20, 10, 2)) -> Classification:
    m1 = meeting(demo, c, 1)
    paper(demo, m1, advanced=s1[0], average=s1[1], lagging=s1[2])
    c = svc.classification_step_complete(actor=demo.users["branch"], classification=c)
    m2 = meeting(demo, c, 2)
    paper(demo, m2, advanced=s2[0], average=s2[1], lagging=s2[2])
    return svc.classification_step_complete(actor=demo.users["branch"], classification=c)


def to_step4(demo: Any, c: Classification, level: str = "advanced") -> Classification:
    c = to_step3(demo, c)
    return svc.classification_self_rate(actor=demo.users["branch"], classification=c, level=level,
                                        reasons="近三年考核良好")


def deliberate(demo: Any, c: Classification, agree: int, disagree: int, abstain: int = 0, spoiled: int = 0) -> Classification:
    m4 = meeting(demo, c, 4, party_members=40, masses=30)
    paper(demo, m4, agree=agree, disagree=disagree, abstain=abstain, spoiled=spoiled)
    return svc.classification_step_complete(actor=demo.users["branch"], classification=c)
