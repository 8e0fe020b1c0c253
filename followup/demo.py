"""Demo data of the follow-through (idempotent): the year before last (so the alerts have a history to
read), transformation cases in 柳河镇 (one past its deadline) and a 软弱涣散 case in 金星乡.

新塘村党支部 (lagging, already re-rated to average at year-end) is left without a case, so that a visitor
(and the browser test) can open one and take it to the exit.
"""
from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from campaigns.models import Campaign, RuleSet
from organizations.models import OrgRole
from ratings.stars.models import StarRating
from upgrades.demo import yearend_in_order

from . import rules
from . import services as s
from .models import Case

#: the year before last: (level, stars) — with last year's (upgrades.demo) this makes runs and drops
TWO_YEARS_AGO = {
    "河湾村党支部": ("lagging", 2), "柳河村党支部": ("average", 3), "金星社区党支部": ("lagging", 2),
    "新塘村党支部": ("average", 3), "红旗村党支部": ("average", 3),
}


def _secretary(org: Any) -> Any:
    role = OrgRole.objects.filter(organization=org, role="branch_secretary").select_related("user").first()
    return role.user if role else None


def _campaign_two_years_ago(ctx: Any) -> Campaign:
    y = ctx.year - 2
    obj, _created = Campaign.objects.get_or_create(year=y, scope=ctx.county, defaults=dict(
        name=f"{y}年度晋安县基层党组织分类定级", ruleset=RuleSet.objects.get(pk=1), survey_start=datetime.date(y, 3, 1),
        survey_due=datetime.date(y, 3, 31), classification_due=datetime.date(y, 4, 30),
        upgrade_due=datetime.date(y, 11, 30), summary_due=datetime.date(y, 12, 31)))
    return obj


def _case(ctx: Any, name: str, actor: Any, *, deadline: datetime.date, leader: str, first_secretary: str = "",
          helper: str | None = None, situations: list[str] = (), measures: list[tuple[str, str, int, int]] = (),
          notes: list[str] = ()) -> Case:
    org = ctx.orgs[name]
    problems = s.problem_choices(ctx.campaign, org)[:3]
    case = s.case_open(actor=actor, campaign=ctx.campaign, organization=org, problems=problems, situations=list(situations),
                       deadline=deadline, leader=leader, first_secretary=first_secretary,
                       helper_organization=ctx.orgs[helper] if helper else None)
    sec = _secretary(org) or actor
    today = timezone.localdate()
    for what, who, days, progress in measures:
        m = s.case_measure_add(actor=sec, case=case, what=what, responsible=who, due=today + datetime.timedelta(days=days))
        if progress:
            s.case_measure_progress(actor=sec, measure=m, progress=progress,
                                    evidence_note="会议记录、照片已存档" if progress == 100 else "")
    month = today.replace(day=1)
    for i, text in enumerate(notes):
        back = month
        for _ in range(len(notes) - i):
            back = (back - datetime.timedelta(days=1)).replace(day=1)
        s.case_note_add(actor=sec, case=case, month=back, text=text)
    return case


def seed(ctx: Any) -> None:
    if Case.objects.filter(campaign=ctx.campaign).exists():
        return
    county = ctx.users["county"]
    old = _campaign_two_years_ago(ctx)
    for name, (level, stars) in TWO_YEARS_AGO.items():
        org = ctx.orgs[name]
        # History from before the system: the star levels of two years ago as they stand in the paper ledger
        # (the year-end stars come only from an approved rating, docs/rules.md §13), then that year-end in order.
        StarRating.objects.get_or_create(organization=org, campaign=old,
                                         defaults={"year": old.year, "level": stars, "approved_level": stars})
        yearend_in_order(old, org, level, None, enter=_secretary(org) or county, superior=county,
                         reason="年终重新定级（前年度）")
    today = timezone.localdate()
    township, township2 = ctx.users["township"], ctx.users["township2"]
    situations = rules.checklist(ctx.campaign.ruleset.setting("weak_situations"))
    out = {
        "open": _case(ctx, "柳河村党支部", township2, deadline=today + datetime.timedelta(days=120), leader="柳河镇党委副书记 何振华",
                      first_secretary="县农业农村局 陈志远",
                      measures=[("调整充实村“两委”班子，选配懂经营的年轻党员进支委", "镇党委", -30, 100),
                                ("规范“三会一课”和主题党日，每月固定15日开展", "支部书记", 20, 60),
                                ("清理村级财务，完成三年账目公开", "村监委会", 90, 20)],
                      notes=["召开专题组织生活会，查摆问题8条，制定整改清单。", "完成班子调整，新增支委1名（35岁）。"]),
        "overdue": _case(ctx, "河湾村党支部", township2, deadline=today - datetime.timedelta(days=15),
                         leader="柳河镇党委书记 何振华", helper="柳河社区党支部", situations=situations[:2],
                         measures=[("化解村干部之间矛盾，建立班子议事规则", "包联领导", -10, 40)],
                         notes=["镇党委书记与村两委逐一谈心谈话。"]),
        "weak": _case(ctx, "金星社区党支部", township, deadline=today + datetime.timedelta(days=120), leader="金星乡党委组织委员 周建国",
                      first_secretary="县委组织部 刘明", situations=[situations[4]],
                      measures=[("建立“三会一课”台账，乡党委每季度检查", "支部书记", 45, 0)]),
    }
    ctx.extra["followup.cases"] = out
    from . import agreements

    measures = "\n".join(["乡党委书记带头联系后进村，班子成员每人包联1个村（社区）党组织",
                           "每季度召开一次分类定级推进会，通报各村争创进度",
                           "年底前完成全乡后进党组织整顿转化，落实“一村一策”"])
    a = agreements.agreement_save(actor=township, campaign=ctx.campaign, organization=ctx.orgs["金星乡党委"],
                                  targets=agreements.default_targets(ctx.campaign), measures=measures)
    a = agreements.agreement_transition(actor=township, agreement=a, transition="submit")
    a = agreements.agreement_transition(actor=county, agreement=a, transition="approve", comment="同意。")
    b = agreements.agreement_save(actor=township2, campaign=ctx.campaign, organization=ctx.orgs["柳河镇党委"],
                                  targets=agreements.default_targets(ctx.campaign), measures=measures)
    ctx.extra["followup.agreements"] = {"approved": a, "draft": b}
    from upgrades.models import MemberPledge

    from . import pledges

    first = MemberPledge.objects.filter(commitment__campaign=ctx.campaign, commitment__organization=ctx.orgs["红旗村党支部"]).order_by("id").first()
    if first is not None:
        pledges.pledge_assess(actor=township, pledge=first, result="kept", note="全年走访困难群众52户，帮办实事18件。")
    community = ctx.orgs["金星社区党支部"]
    sec = _secretary(community) or township
    kept = pledges.cadre_commitment_add(actor=sec, campaign=ctx.campaign, organization=community, cadre="王丽华", post="社区党支部书记",
                                        text="年内建成社区党群服务站，实行全日制坐班服务。")
    late = pledges.cadre_commitment_add(actor=sec, campaign=ctx.campaign, organization=community, cadre="赵建军", post="社区居委会主任",
                                        text="半年内完成老旧小区环境整治三处。")
    pledges.cadre_commitment_assess(actor=township, commitment=kept, result="kept")
    pledges.cadre_commitment_assess(actor=township, commitment=late, result="partly",
                                    accountability="完成两处，乡党委对其进行提醒谈话，限期完成。")
    ctx.extra["followup.cadre"] = kept
    ctx.extra["followup.old_campaign"] = old
