"""Demo data of the member evaluation (idempotent): members listed for three branches of 金星乡, a closed
evaluation at 红旗村 (paper ballots, results, one handling recorded and one still to record) and an open
one with phone codes at 金星村第一党支部. 东方村党支部 (login ``branch``) has its list but no evaluation yet."""
from __future__ import annotations

from typing import Any

from organizations.models import OrgRole

from . import services as s
from .models import Evaluation, Member

NAMES = ["林秀英", "陈国平", "王建华", "李淑珍", "张德明", "刘桂芳", "黄志明", "吴丽娟", "郑光荣", "周玉兰",
         "何家旺", "罗春生", "谢美华", "许文斌", "邓小红"]


def _secretary(org: Any, fallback: Any) -> Any:
    role = OrgRole.objects.filter(organization=org, role="branch_secretary").select_related("user").first()
    return role.user if role else fallback


def seed(ctx: Any) -> None:
    if Evaluation.objects.filter(campaign=ctx.campaign).exists():
        return
    township = ctx.users["township"]
    for name, n in (("东方村党支部", 10), ("红旗村党支部", 12), ("金星村第一党支部", 8)):
        org = ctx.orgs[name]
        sec = _secretary(org, township)
        for person in NAMES[:n]:
            if not Member.objects.filter(organization=org, name=person).exists():
                s.member_add(actor=sec, organization=org, name=person)
    hongqi = ctx.orgs["红旗村党支部"]
    sec = _secretary(hongqi, township)
    ev = s.evaluation_open(actor=sec, campaign=ctx.campaign, organization=hongqi, party_codes=0, masses_codes=0)
    members = list(ev.members.order_by("id"))
    party, masses = {}, {}
    for i, m in enumerate(members):
        if i == 10:  # 何家旺: mostly basically unqualified
            party[m.pk], masses[m.pk] = {"qualified": 6, "basic": 8, "basic_not": 16}, {"basic": 3, "basic_not": 7, "not": 2}
        elif i == 11:  # 罗春生: unqualified
            party[m.pk], masses[m.pk] = {"basic_not": 10, "not": 20}, {"basic_not": 4, "not": 8}
        elif i % 3 == 0:
            party[m.pk], masses[m.pk] = {"excellent": 22, "qualified": 8}, {"excellent": 8, "qualified": 4}
        else:
            party[m.pk], masses[m.pk] = {"excellent": 6, "qualified": 21, "basic": 3}, {"excellent": 2, "qualified": 9, "basic": 1}
    s.paper_enter(actor=sec, evaluation=ev, ballot="party_member", papers=30, tallies=party)
    s.paper_enter(actor=sec, evaluation=ev, ballot="masses", papers=12, tallies=masses)
    s.evaluation_close(actor=sec, evaluation=ev)
    first = ev.results.get(member=members[10])
    s.result_handle(actor=sec, result=first, handling="支部书记诫勉谈话，限期三个月改正，期满再评。")
    jx = ctx.orgs["金星村第一党支部"]
    open_ev = s.evaluation_open(actor=_secretary(jx, township), campaign=ctx.campaign, organization=jx, party_codes=10, masses_codes=8)
    ctx.extra["members.closed"] = ev
    ctx.extra["members.open"] = open_ev
