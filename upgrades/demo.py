"""Demo data of the upgrade phase (idempotent): last year's final levels (so this year starts somewhere
and the rates mean something), honours, commitments in every state, a year-end re-rating.

东方村党支部 (login ``branch``) is left without a commitment so that a visitor (and the browser test)
can write one from the start.
"""
from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from campaigns.models import Campaign, RuleSet
from organizations.choices import Role
from organizations.models import Organization, OrgRole
from ratings.stars.models import StarRating

from . import services as s
from .models import Commitment, Honour, YearEnd

#: last year's final levels (village/community ones carry the rates; the rest shows the wider scope)
LAST_YEAR = {
    "红旗村党支部": ("average", 3), "金星村第一党支部": ("average", 3), "金星村第二党支部": ("advanced", 5),
    "石桥村党支部": ("average", 4), "新塘村党支部": ("lagging", 2), "金星社区党支部": ("lagging", 2),
    "东方村党支部": ("average", 3), "金星乡机关党支部": ("average", 3), "金星乡中心小学党支部": ("advanced", 4),
    "柳河村党支部": ("lagging", 2), "杨庄村党支部": ("average", 3), "河湾村党支部": ("lagging", 1),
    "李家村党支部": ("average", 3), "柳河社区党支部": ("advanced", 5), "滨河社区党支部": ("advanced", 5),
}


def _secretary(org: Organization) -> Any:
    role = OrgRole.objects.filter(organization=org, role=Role.BRANCH_SECRETARY).select_related("user").first()
    return role.user if role else None


def _last_campaign(ctx: Any) -> Campaign:
    last = ctx.extra.get("ratings.stars.last_campaign")
    if last is not None:
        return last
    y = ctx.year - 1
    last, _created = Campaign.objects.get_or_create(year=y, scope=ctx.county, defaults=dict(
        name=f"{y}年度晋安县基层党组织分类定级", ruleset=RuleSet.objects.get(pk=1), survey_start=datetime.date(y, 3, 1),
        survey_due=datetime.date(y, 3, 31), classification_due=datetime.date(y, 4, 30),
        upgrade_due=datetime.date(y, 11, 30), summary_due=datetime.date(y, 12, 31)))
    return last


def yearend_self_check_held(campaign: Campaign, org: Organization, *, enter: Any, level: str = "average",
                            meeting_date: datetime.date | None = None, report: str = "对照年初争创目标逐项自查，形成自查报告。") -> YearEnd:
    """The self-check meeting of seed 000 §五 as a branch holds it: a member assembly (four in five members
    present), or under the delegates' rule every member a delegate."""
    delegates = s.yearend_meeting_kind(campaign, org) == "delegates"
    return s.yearend_self_check(actor=enter, campaign=campaign, organization=org, report=report,
                                meeting_date=meeting_date or campaign.summary_due - datetime.timedelta(days=20),
                                party_members=max(1, org.member_count * 4 // 5),
                                entitled=org.member_count if delegates else None, initial_level=level)


def yearend_satisfaction_held(campaign: Campaign, org: Organization, *, superior: Any) -> YearEnd:
    """The superior's satisfaction assessment of seed 000 §五 with its quorum: 60 people, a third of them masses."""
    return s.yearend_satisfaction(actor=superior, campaign=campaign, organization=org,
                                  attendance={"party_member": 40, "masses": 20, "service_recipient": 0},
                                  counts={"party_member": {"satisfied": 32, "basically": 6, "dissatisfied": 2},
                                          "masses": {"satisfied": 14, "basically": 5, "dissatisfied": 1}})


def yearend_in_order(campaign: Campaign, org: Organization, level: str, stars: int | None, *, enter: Any,
                     superior: Any, reason: str) -> YearEnd:
    """A year-end done in the order of seed 000 §五: the self-check meeting, the superior's satisfaction
    assessment, then the re-rating."""
    yearend_self_check_held(campaign, org, enter=enter, level=level)
    yearend_satisfaction_held(campaign, org, superior=superior)
    return s.yearend_fix_level(actor=superior, campaign=campaign, organization=org, level=level, stars=stars, reason=reason)


def _commit(ctx: Any, name: str, target: str, stars: int | None, measures: list[tuple[str, str, int]], upto: str,
            township: Any) -> Commitment:
    org = ctx.orgs[name]
    sec = _secretary(org)
    c = s.commitment_create(actor=sec, campaign=ctx.campaign, organization=org, target_level=target, target_stars=stars,
                            problems="1. 组织生活不够规范，“三会一课”记录不全；\n2. 带领群众增收致富的办法不多；\n3. 党员队伍老化，发展党员后继乏人。",
                            opinions_heard="召开党员大会和群众代表座谈会各1次，入户走访45户，收集意见建议23条。")
    today = timezone.localdate()
    for what, who, days in measures:
        s.measure_add(actor=sec, commitment=c, what=what, responsible=who, due=today + datetime.timedelta(days=days))
    if upto == "draft":
        return c
    c = s.commitment_submit(actor=sec, commitment=c)
    if upto == "submitted":
        return c
    if upto == "returned":
        return s.commitment_return(actor=township, commitment=c, reason="措施不够具体，请明确完成时限和责任人后重新上报。")
    c = s.commitment_approve(actor=township, commitment=c, comment="同意，按期推进。")
    first = c.measures.order_by("due").first()
    s.measure_set_status(actor=sec, measure=first, status="done")
    s.commitment_publish(actor=sec, commitment=c)
    s.pledge_add(actor=sec, commitment=c, member_name="林秀英", text="每月走访困难群众不少于4户，帮办实事。")
    s.pledge_add(actor=sec, commitment=c, member_name="陈国平", text="带头发展特色种植，带动5户群众增收。")
    return c


def seed(ctx: Any) -> None:
    if Commitment.objects.filter(campaign=ctx.campaign).exists():
        return  # already seeded
    county, township, township2 = ctx.users["county"], ctx.users["township"], ctx.users["township2"]
    last = _last_campaign(ctx)
    for name, (level, stars) in LAST_YEAR.items():
        org = ctx.orgs[name]
        # last year's stars as they stand in the paper ledger (history from before the system; an approved
        # star rating is the only source of year-end stars, docs/rules.md §13); a rating the star demo made wins
        StarRating.objects.get_or_create(organization=org, campaign=last,
                                         defaults={"year": last.year, "level": stars, "approved_level": stars})
        if not YearEnd.objects.filter(campaign=last, organization=org, final_level__gt="").exists():
            yearend_in_order(last, org, level, None, enter=_secretary(org) or county, superior=county,
                             reason="年终重新定级（上年度）")
    y = ctx.year
    for name, year, level, title, issuer in (
            ("金星村第二党支部", y - 1, "city", "市级先进基层党组织", "中共某市委"),
            ("金星村第二党支部", y, "province", "省级先进基层党组织", "中共某省委"),
            ("红旗村党支部", y, "county", "县级“五好”村党支部", "中共晋安县委"),
            ("柳河社区党支部", y, "county", "县级先进基层党组织", "中共晋安县委")):
        org = ctx.orgs[name]
        if not Honour.objects.filter(organization=org, year=year, title=title).exists():
            s.honour_add(actor=county, organization=org, year=year, level=level, title=title, issuer=issuer)
    std = [("规范“三会一课”，每月召开支委会、每季度上党课", "支部书记", -20),
           ("建立党员联系户制度，每名党员联系5户群众", "组织委员", 60),
           ("发展特色种植合作社，带动群众增收", "村委会主任", 150)]
    out = {
        "approved": _commit(ctx, "红旗村党支部", "advanced", 4, std, "approved", township),
        "submitted": _commit(ctx, "金星村第一党支部", "advanced", 4, std, "submitted", township),
        "returned": _commit(ctx, "石桥村党支部", "advanced", None, std[:2], "returned", township),
        "draft": _commit(ctx, "金星社区党支部", "average", 3, std[:1], "draft", township),
        "other_township": _commit(ctx, "柳河村党支部", "average", 3, std, "approved", township2),
        "lagging_approved": _commit(ctx, "新塘村党支部", "average", 3, std, "approved", township),
    }
    # a year-end already done for one lagging branch: transformed to average
    new = ctx.orgs["新塘村党支部"]
    s.yearend_self_check(actor=_secretary(new), campaign=ctx.campaign, organization=new, report="全年完成争创措施3项，组织生活规范。",
                         meeting_date=timezone.localdate(), party_members=40, entitled=61, initial_level="average")
    s.yearend_satisfaction(actor=township, campaign=ctx.campaign, organization=new,
                           attendance={"party_member": 30, "masses": 25, "service_recipient": 5},
                           counts={"party_member": {"satisfied": 22, "basically": 6, "dissatisfied": 2},
                                   "masses": {"satisfied": 15, "basically": 8, "dissatisfied": 2},
                                   "service_recipient": {"satisfied": 3, "basically": 2, "dissatisfied": 0}})
    s.yearend_fix_level(actor=township, campaign=ctx.campaign, organization=new, level="average",
                        reason="整顿转化成效明显，满意度测评满意率90%以上，定为一般。")
    ctx.extra["upgrades.commitments"] = out
    ctx.extra["upgrades.last_campaign"] = last
