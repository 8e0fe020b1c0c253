"""Reads of the star part, always scoped to the user; constant query counts whatever the tree size."""
from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from campaigns.models import Campaign, RuleSet
from organizations.choices import OrgKind
from organizations.models import Organization
from organizations.scope import grants, restrict, scope_q

from .choices import AppState
from .models import ScoreSheet, ScoringTemplate, StarApplication, StarRating
from .scoring import Entry, RuleSpec, SectionSpec, TemplateSpec
from .rules import QuotaResult, QuotaSpec, StarLimit, StarSwitches, StarThresholds, quota_check, star_limit

RATED_KINDS = (OrgKind.BRANCH, OrgKind.GENERAL_BRANCH)
#: states in which a level counts toward the quota (proposed by the township or further on)
QUOTA_STATES = (AppState.ASSESSED, AppState.INSPECTED, AppState.NOTICE, AppState.APPROVED)


def templates_for(user: Any) -> QuerySet[ScoringTemplate]:
    """Built-in templates and copies owned inside or above the user's scope."""
    ancestors: set[int] = set()
    for g in grants(user):
        ancestors.update(int(p) for p in g.path.strip("/").split("/") if p)
    return ScoringTemplate.objects.filter(
        Q(owner__isnull=True) | scope_q(user, "view", "owner") | Q(owner_id__in=ancestors)
    ).select_related("owner")


def template_spec(template: ScoringTemplate) -> TemplateSpec:
    """The pure engine's view of a template (sections and rules must be prefetched or are fetched here)."""
    sections = []
    for s in template.sections.all():
        rules = tuple(
            RuleSpec(key=r.pk, method=r.method, points=r.points, own_points=r.own_points, required=r.required,
                     tiers=tuple(Decimal(str(t[1])) for t in (r.tiers or [])), checklist_size=len(r.checklist or []),
                     max_points=r.max_points)
            for r in s.rules.all()
        )
        sections.append(SectionSpec(key=s.pk, max_points=s.max_points, kind=s.kind, rules=rules))
    return TemplateSpec(tuple(sections), template.bonus_cap)


def template_with_rules(pk: int) -> ScoringTemplate:
    return ScoringTemplate.objects.prefetch_related("sections__rules").get(pk=pk)


def entries_of(sheet: ScoreSheet, stage: str) -> dict[int, Entry]:
    return {
        e.rule_id: Entry(quantity=e.quantity, flag=e.flag, choice=e.choice, amount=e.amount, comment=e.comment)
        for e in sheet.entries.filter(stage=stage)
    }


def sheets_for(user: Any) -> QuerySet[ScoreSheet]:
    return restrict(ScoreSheet.objects.all(), user).select_related("organization", "campaign", "template")


def applications_for(user: Any) -> QuerySet[StarApplication]:
    return restrict(StarApplication.objects.all(), user).select_related("organization", "campaign", "sheet")


def thresholds(ruleset: RuleSet) -> StarThresholds:
    return StarThresholds(
        five=ruleset.setting("star_threshold_5"), four=ruleset.setting("star_threshold_4"),
        three=ruleset.setting("star_threshold_3"), two=ruleset.setting("star_threshold_2"),
        five_needs_innovation=ruleset.setting("star_five_needs_innovation"), veto_cap=ruleset.setting("star_veto_cap"),
    )


def quota_spec(ruleset: RuleSet) -> QuotaSpec:
    return QuotaSpec(
        enabled=ruleset.setting("star_quota_enabled"), five=ruleset.setting("star_quota_5"),
        four=ruleset.setting("star_quota_4"), three=ruleset.setting("star_quota_3"),
        low=ruleset.setting("star_quota_low"), blocks=ruleset.setting("star_quota_blocks"),
    )


def quota_population(campaign: Campaign) -> int:
    """The evaluating scope: the active branches and general branches of the campaign's scope."""
    return Organization.objects.filter(path__startswith=campaign.scope.path, is_active=True, kind__in=RATED_KINDS).count()


def quota_counts(campaign: Campaign, exclude_pk: int | None = None) -> Counter:
    """Levels proposed or approved in the campaign (final level, else the township's proposal). Two queries."""
    counts: Counter = Counter()
    qs = StarApplication.objects.filter(campaign=campaign, state__in=QUOTA_STATES)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    for final, proposed, n in qs.values_list("final_level", "proposed_level").annotate(n=Count("id")):
        level = final or proposed
        if level:
            counts[level] += n
    return counts


def quota_for(campaign: Campaign) -> QuotaResult:
    return quota_check(quota_counts(campaign), quota_population(campaign), quota_spec(campaign.ruleset))


@dataclass(frozen=True)
class InboxRow:
    application: StarApplication
    waiting_for: str
    overdue: bool
    days_waiting: int


def county_inbox(user: Any, today: datetime.date | None = None) -> list[InboxRow]:
    """What waits for the county: inspection (assessed 4-5 stars), opening the notice, approval (notice
    ended, or assessed 1-3 stars where the county confirms); overdue first. One query."""
    today = today or timezone.localdate()
    qs = restrict(StarApplication.objects.filter(state__in=(AppState.ASSESSED, AppState.INSPECTED, AppState.NOTICE)),
                  user, "review").select_related("organization", "campaign__ruleset")
    rows = []
    for app in qs:
        rs = app.campaign.ruleset
        level = app.proposed_level or app.requested_level
        since = timezone.localtime(app.state_since).date() if app.state_since else today
        days = (today - since).days
        overdue = days > rs.setting("star_review_days")
        if app.state == AppState.ASSESSED:
            if level >= 4:
                what = "inspect"
            elif rs.setting("star_county_confirms_low"):
                what = "approve"
            else:
                continue
        elif app.state == AppState.INSPECTED:
            what = "notice"
        else:
            if app.notice_end and app.notice_end >= today:
                what = "notice_running"
                overdue = False
            else:
                what = "approve"
                if app.notice_end:  # waiting since the notice ended
                    days = (today - app.notice_end).days
                    overdue = days > rs.setting("star_review_days")
        rows.append(InboxRow(app, what, overdue, days))
    rows.sort(key=lambda r: (not r.overdue, -r.days_waiting, r.application.organization.path))
    return rows


def star_history(organization: Organization) -> QuerySet[StarRating]:
    return StarRating.objects.filter(organization=organization).select_related("campaign__ruleset").prefetch_related("spot_checks").order_by("-year")


def notice_applications(campaign: Campaign) -> QuerySet[StarApplication]:
    """What the public notice of a campaign shows: 4-5 star proposals in (or after) their notice."""
    return StarApplication.objects.filter(campaign=campaign, state__in=(AppState.NOTICE, AppState.APPROVED),
                                          notice_start__isnull=False).select_related("organization", "sheet").order_by("organization__path")


def application_due(campaign: Campaign) -> datetime.date | None:
    """The campaign's self-score and application deadline from the rule set ("09-06" [seed 004]), if any."""
    raw = (campaign.ruleset.setting("star_application_due") or "").strip()
    try:
        month, day = (int(x) for x in raw.split("-"))
        return datetime.date(campaign.year, month, day)
    except ValueError:
        return None


def star_class_for(organization: Organization, year: int) -> str | None:
    """Where the two schemes meet: the three-class key ("advanced"/"average"/"lagging") of an organisation's
    star rating of ``year``, through its rule set's ``star_class_mapping`` [seed 004 三]; None if unrated."""
    from .rules import star_class

    rating = StarRating.objects.filter(organization=organization, year=year).select_related("campaign__ruleset").first()
    if rating is None:
        return None
    return star_class(rating.level, rating.campaign.ruleset.setting("star_class_mapping")) or None


def star_counts(orgs: QuerySet, year: int) -> list[tuple[str, int, int]]:
    """(domain, stars, n): the star ratings of ``year`` of ``orgs``."""
    return [(r["organization__domain"], r["level"], r["n"]) for r in
            StarRating.objects.filter(year=year, organization__in=orgs)
            .values("organization__domain", "level").annotate(n=Count("id")).order_by()]


def with_stars(orgs: QuerySet, year: int) -> QuerySet:
    """``orgs`` annotated with ``stars``: their star level of ``year``, None when not rated."""
    star = StarRating.objects.filter(year=year, organization=OuterRef("pk")).order_by("-id")
    return orgs.annotate(stars=Subquery(star.values("level")[:1], output_field=IntegerField()))


def star_switches(ruleset: RuleSet) -> StarSwitches:
    return StarSwitches(
        satisfaction_cap=ruleset.setting("star_satisfaction_cap"),
        satisfaction_min_percent=ruleset.setting("star_satisfaction_min_percent"),
        satisfaction_cap_level=ruleset.setting("star_satisfaction_cap_level"),
        one_up=ruleset.setting("star_one_up_per_year"), skip_new=ruleset.setting("star_skip_founded_this_year"),
    )


def survey_satisfaction(organization: Organization, campaign: Campaign) -> Decimal | None:
    """The satisfaction rate of the organisation's latest survey round in the campaign that has answers
    to satisfaction questions (read where it was entered: the survey), or None."""
    from surveys.selectors import overall_satisfaction
    from surveys.models import SurveyRound

    round_ids = list(SurveyRound.objects.filter(organization=organization, campaign=campaign)
                     .order_by("-pk").values_list("pk", flat=True))
    if not round_ids:
        return None
    rates = overall_satisfaction(round_ids, count_basic=campaign.ruleset.setting("satisfaction_rate_counts_basic"))
    return next((rates[pk] for pk in round_ids if rates.get(pk) is not None), None)


def star_limit_for(app: StarApplication, *, exception_reason: str | None = None) -> StarLimit:
    """The ceiling the rule set's switches put on an application (ratings.stars.rules.star_limit). A 破格
    reason counts as approved when it is written (at the assessment) and stands at the approval: the
    county's approval is its approval."""
    rs = app.campaign.ruleset
    sw = star_switches(rs)
    if not (sw.satisfaction_cap or sw.one_up or sw.skip_new):
        return StarLimit(5)
    org = app.organization
    reason = app.exception_reason if exception_reason is None else exception_reason
    previous = (StarRating.objects.filter(organization=org, year__lt=app.campaign.year).order_by("-year")
                .values_list("level", flat=True).first()) if sw.one_up else None
    return star_limit(
        sw, year=app.campaign.year, founded_year=org.founded_on.year if org.founded_on else None,
        satisfaction_percent=survey_satisfaction(org, app.campaign) if sw.satisfaction_cap else None,
        previous_level=previous, exception_approved=bool((reason or "").strip()),
    )
