"""Demo data of the star part: score sheets and star applications in every state, last year's ratings
(history, ups and downs) and one proposal over quota. Idempotent: runs once per campaign.

东方村党支部 (login ``branch``) is left untouched so that a visitor (and the browser test) can self-score and
apply from the start.
"""
from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from campaigns.models import Campaign, RuleSet
from organizations.choices import Role
from organizations.models import OrgRole

from . import services as s
from .choices import Stage
from .models import ScoringTemplate, StarApplication
from .scoring import Entry
from .selectors import template_with_rules


def _secretary(org: Any) -> Any:
    role = OrgRole.objects.filter(organization=org, role=Role.BRANCH_SECRETARY).select_related("user").first()
    return role.user


def _template(key: str) -> ScoringTemplate:
    return ScoringTemplate.objects.filter(builtin_key=key, is_builtin=True).first()


def _sheet(org: Any, campaign: Campaign, key: str, actor: Any, self_deduct: int, reviewer: Any = None,
           reviewer_deduct: int | None = None, submit: bool = True, county: Any = None, missing_awards: int = 0) -> Any:
    template = template_with_rules(_template(key).pk)
    sheet = s.sheet_create(actor=actor, organization=org, campaign=campaign, template=template)

    def entries(deduct: int) -> dict[int, Entry]:
        out: dict[int, Entry] = {}
        missing = missing_awards
        for section in template.sections.all():
            for rule in section.rules.all():
                if rule.method == "award" and missing:
                    missing -= 1  # an item not met: no points
                elif rule.method == "award":
                    out[rule.pk] = Entry(flag=True)
                elif rule.method == "per_shortfall" and rule.required:
                    out[rule.pk] = Entry(quantity=Decimal(rule.required))
                elif rule.method == "discretionary" and deduct:
                    out[rule.pk] = Entry(amount=Decimal(deduct), comment="台账资料不够完整")
                    deduct = 0
                elif rule.method == "checklist" and deduct:
                    out[rule.pk] = Entry(quantity=Decimal(1), comment="缺一项")
        return out

    s.sheet_save_entries(actor=actor, sheet=sheet, stage=Stage.SELF, entries=entries(self_deduct), template=template)
    if submit:
        s.sheet_submit(actor=actor, sheet=sheet)
    if reviewer is not None:
        s.sheet_save_entries(actor=reviewer, sheet=sheet, stage=Stage.REVIEWER, entries=entries(reviewer_deduct or 0), template=template)
    if county is not None:
        s.sheet_save_entries(actor=county, sheet=sheet, stage=Stage.FINAL, entries=entries(reviewer_deduct or 0), template=template)
    sheet.refresh_from_db()
    return sheet


def _apply(org: Any, campaign: Campaign, level: int, actor: Any, steps: list[tuple[str, Any, dict[str, Any]]],
           sheet: Any = None, innovation: str = "") -> StarApplication:
    app = s.application_create(actor=actor, organization=org, campaign=campaign, requested_level=level, sheet=sheet,
                               innovation_project=innovation, summary="班子团结，制度落实，服务群众成效明显。")
    services = {**s.SERVICES, "recognise": s.application_innovation_recognise}
    for decision, who, kwargs in steps:
        app = services[decision](actor=who, application=app, **kwargs)
    return app


def seed(ctx: Any) -> None:
    # The built-in templates and star rule sets come with the migration; a test database flushed by a
    # transactional test has lost them, so make sure they are there (idempotent).
    from django.core.management import call_command

    from .models import ScoringRule, ScoringSection, ScoringTemplate
    from .builtin import ensure_builtin_templates

    ensure_builtin_templates((ScoringTemplate, ScoringSection, ScoringRule))
    call_command("loaddata", "builtin_star_rules", verbosity=0)
    call_command("loaddata", "builtin_star_quorum", verbosity=0)
    campaign = ctx.campaign
    if StarApplication.objects.filter(campaign=campaign).exists():
        return  # already seeded
    today = timezone.localdate()
    county, township, township2 = ctx.users["county"], ctx.users["township"], ctx.users["township2"]
    o = ctx.orgs
    # a level that departs from the rules' suggestion needs a written reason (docs/rules.md §8)
    why = {"departure_reason": "经实地考核并结合平时掌握情况综合评定"}

    def chain(upto: str, level: int, t: Any, notice_start: datetime.date | None = None) -> list:
        # the county recognises a five-star applicant's innovation project before the township assesses it
        steps = [("submit", None, {})] + ([("recognise", county, {"recognised": True})] if level == 5 else [])
        steps.append(("assess", t, {"level": level, "comment": "经考核，符合申报星级条件", **why}))
        if upto == "assessed":
            return steps
        if level <= 3:
            return steps + [("approve", county, {"comment": "审定同意"})]
        steps.append(("inspect", county, {"comment": "验收合格"}))
        if upto == "inspected":
            return steps
        steps.append(("notice", county, {"start": notice_start or today}))
        if upto == "notice":
            return steps
        return steps + [("approve", county, {"comment": "公示期满无异议，批准"})]

    def run(org_name: str, level: int, upto: str, t: Any, sheet: Any = None, notice_start=None, innovation: str = "",
            camp: Campaign = campaign) -> StarApplication:
        org = o[org_name]
        sec = _secretary(org)
        steps = [(d, w or sec, k) for d, w, k in chain(upto, level, t, notice_start)]
        return _apply(org, camp, level, sec, steps, sheet=sheet, innovation=innovation)

    # ---- last year, under the seed 004 rule set (quotas on): history and one proposal over quota
    rs004 = RuleSet.objects.filter(pk=3).first()
    if rs004 is not None:
        y = ctx.year - 1
        last, _ = Campaign.objects.get_or_create(year=y, scope=ctx.county, defaults=dict(
            name=f"{y}年度晋安县基层党组织“五星创评”", ruleset=rs004, survey_start=datetime.date(y, 3, 1),
            survey_due=datetime.date(y, 3, 31), classification_due=datetime.date(y, 4, 30),
            upgrade_due=datetime.date(y, 11, 30), summary_due=datetime.date(y, 12, 31)))
        if not StarApplication.objects.filter(campaign=last).exists():
            old_notice = today - datetime.timedelta(days=30)
            for name, level, t in (("金星村第二党支部", 5, township), ("柳河社区党支部", 5, township2), ("滨河社区党支部", 5, township2),
                                   ("石桥村党支部", 4, township), ("新塘村党支部", 3, township), ("柳河村党支部", 2, township2)):
                run(name, level, "approved", t, notice_start=old_notice, innovation="党建项目化" if level == 5 else "", camp=last)
            # the fourth five-star proposal of a ~30-organisation scope: over the 10% ceiling, waits for approval
            run("县人民医院党支部", 5, "notice", county, notice_start=old_notice, innovation="“党建+医疗服务”项目", camp=last)
        ctx.extra["ratings.stars.last_campaign"] = last

    # ---- this year: sheets in every status and applications in every state
    s_draft = _sheet(o["石桥村党支部"], campaign, "seed002_village", _secretary(o["石桥村党支部"]), 1, submit=False)
    s_sub = _sheet(o["红旗村党支部"], campaign, "seed002_village", _secretary(o["红旗村党支部"]), 1)
    s_rev = _sheet(o["金星村第一党支部"], campaign, "seed002_village", _secretary(o["金星村第一党支部"]), 0, reviewer=township, reviewer_deduct=1)
    s_fin = _sheet(o["新塘村党支部"], campaign, "seed002_village", _secretary(o["新塘村党支部"]), 0, reviewer=township,
                   reviewer_deduct=1, county=county)
    s_school = _sheet(o["金星乡中心小学党支部"], campaign, "seed004_fivestar", _secretary(o["金星乡中心小学党支部"]), 3,
                      reviewer=township, reviewer_deduct=5)

    apps: dict[str, StarApplication] = {}
    red = o["红旗村党支部"]
    apps["submitted"] = _apply(red, campaign, 3, _secretary(red), [("submit", _secretary(red), {})], sheet=s_sub)
    apps["draft"] = s.application_create(actor=_secretary(o["石桥村党支部"]), organization=o["石桥村党支部"], campaign=campaign,
                                         requested_level=2, sheet=s_draft)
    apps["assessed"] = run("金星村第一党支部", 4, "assessed", township, sheet=s_rev)
    apps["assessed_low"] = run("金星乡机关党支部", 3, "assessed", township)
    apps["inspected"] = run("金星村第二党支部", 5, "inspected", township, innovation="“红色网格”党建项目")
    apps["notice"] = run("金星乡中心小学党支部", 4, "notice", township, sheet=s_school)
    apps["approved"] = run("新塘村党支部", 4, "approved", township, sheet=s_fin, notice_start=today - datetime.timedelta(days=10))
    apps["approved_low"] = run("柳河村党支部", 2, "approved", township2)
    community = o["金星社区党支部"]
    sec = _secretary(community)
    apps["returned"] = _apply(community, campaign, 4, sec, [
        ("submit", sec, {}), ("return", township, {"reason": "自评分表缺少佐证材料，请补充后重新申报"})])
    # every organisation below the county is scored and rated by its superior (docs/rules.md §5): 金星乡党委 on
    # seed 002's township sheet, assessed by the county; 柳河新城社区党委 on seed 002's committee sheet, waiting
    # for 柳河镇 to assess it
    jx, xc = o.get("金星乡党委"), o.get("柳河新城社区党委")
    if jx is not None and xc is not None:
        s_jx = _sheet(jx, campaign, "seed002_township", township, 2, reviewer=county, reviewer_deduct=3)
        apps["township_assessed"] = _apply(jx, campaign, 3, township, [
            ("submit", township, {}),
            ("assess", county, {"level": 3, "comment": "经县委组织部考核，党委班子建设扎实，评定为三星。", **why})], sheet=s_jx)
        # seed 002's results page: 柳河镇党委 assessed by the county below 80 on the hundred-point scale (criticised)
        lh = o.get("柳河镇党委")
        if lh is not None:
            _sheet(lh, campaign, "seed002_township", township2, 0, reviewer=county, reviewer_deduct=2, missing_awards=8)
        xc_sec = _secretary(xc)
        s_xc = _sheet(xc, campaign, "seed002_committee", xc_sec, 1)
        apps["committee_submitted"] = _apply(xc, campaign, 4, xc_sec, [("submit", xc_sec, {})], sheet=s_xc,
                                             innovation="“红色物业”社区治理项目")
    objection_target = apps["notice"]
    s.objection_create(application=objection_target, text="该支部今年组织生活会记录不全，请核实。")
    ctx.extra["ratings.stars.applications"] = apps
    ctx.extra["ratings.stars.sheets"] = {"draft": s_draft, "submitted": s_sub, "reviewed": s_rev, "final": s_fin, "school": s_school}
