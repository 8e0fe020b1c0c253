"""Reads of the star part, always scoped to the user; constant query counts whatever the tree size."""
from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (BooleanField, Case, CharField, Count, DateTimeField, F, IntegerField, OuterRef, Q, QuerySet,
                              Subquery, Value, When)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone

from campaigns.models import Campaign, RuleSet
from organizations.choices import OrgKind
from organizations.models import Organization
from organizations.rules import RATED_KINDS  # every organisation below the county (docs/rules.md §5)
from organizations.scope import grants, restrict, scope_q

from .choices import AppState
from .models import ScoreSheet, ScoringSection, ScoringTemplate, StarApplication, StarRating
from .scoring import Entry, RuleSpec, SectionSpec, TemplateSpec
from .rules import (QuotaResult, QuotaSpec, StarDecision, StarLimit, StarSwitches, StarThresholds, quota_check, star_decision,
                    star_limit, thresholds_for_sheet)

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


def thresholds(ruleset: RuleSet | None) -> StarThresholds:
    """The rule set's cut-offs (the registered defaults without a rule set)."""
    from core.rulesettings import setting_value

    def value(key: str) -> Any:
        return setting_value(ruleset, key)

    return StarThresholds(
        five=value("star_threshold_5"), four=value("star_threshold_4"), three=value("star_threshold_3"),
        two=value("star_threshold_2"), five_needs_innovation=value("star_five_needs_innovation"),
        veto_cap=value("star_veto_cap"),
    )


def template_thresholds(ruleset: RuleSet | None, template: ScoringTemplate | None) -> StarThresholds:
    """The cut-offs for a sheet on ``template``: its own, else the rule set's as the same share of its maximum
    (docs/rules.md §8); without a template (criteria only), the rule set's."""
    th = thresholds(ruleset)
    if template is None:
        return th
    sheet_max = sum((s.max_points for s in template.sections.all()), Decimal(0))
    return thresholds_for_sheet(th, sheet_max=sheet_max,
                                own=(template.cutoff_5, template.cutoff_4, template.cutoff_3, template.cutoff_2))


def suggestion_for(app: StarApplication) -> tuple[Decimal | None, StarDecision]:
    """The level the rules suggest (按规则应评) for an application: score against its sheet's own cut-offs, five
    stars only with the innovation project recognised by the rule set's body (not bonus items the branch
    entered itself, seed 004 "有党建创新项目(由市委组织部认定)"), a veto caps, and so do the rule set's switches
    (star_limit_for): the rules never suggest a level they forbid."""
    rs = app.campaign.ruleset
    sheet = app.sheet
    total = None
    if sheet is not None:
        total = sheet.final_total if sheet.final_total is not None else (
            sheet.reviewer_total if sheet.reviewer_total is not None else sheet.self_total)
    criteria = {int(k): v for k, v in (app.criteria_met or {}).items()}
    decision = star_decision(basis=rs.setting("star_basis"),
                             th=template_thresholds(rs, sheet.template if sheet is not None else None), total=total,
                             innovation_recognised=app.innovation_recognised, criteria=criteria,
                             vetoed=bool(app.vetoes or (sheet and sheet.vetoes)))
    limit = star_limit_for(app)
    if not limit.not_rated and limit.level < decision.level:
        decision = StarDecision(limit.level, decision.uncapped, decision.reasons + limit.reasons)
    return total, decision


def quota_spec(ruleset: RuleSet) -> QuotaSpec:
    return QuotaSpec(
        enabled=ruleset.setting("star_quota_enabled"), five=ruleset.setting("star_quota_5"),
        four=ruleset.setting("star_quota_4"), three=ruleset.setting("star_quota_3"),
        low=ruleset.setting("star_quota_low"), blocks=ruleset.setting("star_quota_blocks"),
    )


def quota_population(campaign: Campaign) -> int:
    """The evaluating scope: the active rated organisations of the campaign's scope (docs/rules.md §8)."""
    return Organization.objects.filter(path__under=campaign.scope.path, is_active=True, kind__in=RATED_KINDS).count()


def quota_counts(campaign: Campaign, exclude_pk: int | None = None) -> Counter:
    """Levels proposed or approved in the campaign (final level, else the township's proposal). One query,
    unordered (the model's ordering would join every application's organisation for nothing)."""
    counts: Counter = Counter()
    qs = StarApplication.objects.filter(campaign=campaign, state__in=QUOTA_STATES)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    for final, proposed, n in qs.order_by().values_list("final_level", "proposed_level").annotate(n=Count("id")):
        level = final or proposed
        if level:
            counts[level] += n
    return counts


def quota_for(campaign: Campaign) -> QuotaResult:
    return quota_check(quota_counts(campaign), quota_population(campaign), quota_spec(campaign.ruleset))


@dataclass(frozen=True)
class InboxItem:
    """One line of the county inbox before its application is loaded (cheap: sorting and paging happen
    on these, only the shown page loads its applications)."""
    pk: int
    waiting_for: str
    overdue: bool
    days_waiting: int
    path: str


@dataclass(frozen=True)
class InboxRow:
    application: StarApplication
    waiting_for: str
    overdue: bool
    days_waiting: int


INBOX_WAITING = ("inspect", "notice", "notice_running", "approve")


def county_inbox_queryset(user: Any, today: datetime.date | None = None, *, query: str = "", waiting: str = "",
                          overdue: bool = False) -> QuerySet:
    """What waits for the county, decided and sorted in SQL (overdue first, longest waiting first):
    inspection (assessed 4-5 stars), opening the notice, approval (notice ended, or assessed 1-3 stars where
    the rule set lets the county confirm them). Rows are dicts, so a page loads only its own rows whatever
    the county's size; no per-row function (a date cast is a Python call per row on SQLite). One query for
    the rule sets, then lazy."""
    today = today or timezone.localdate()
    qs = restrict(StarApplication.objects.filter(state__in=(AppState.ASSESSED, AppState.INSPECTED, AppState.NOTICE)),
                  user, "review")
    if query:
        qs = qs.filter(organization__name__contains=query)
    rulesets = list(RuleSet.objects.filter(pk__in=Campaign.objects.filter(
        pk__in=qs.values("campaign_id")).values("ruleset_id")))
    confirms_low = [rs.pk for rs in rulesets if rs.setting("star_county_confirms_low")]
    notice_ended = Q(state=AppState.NOTICE, notice_end__lt=today)  # then it waits since the notice ended

    def late(rs: RuleSet) -> Q:  # waiting more than the rule set's review days: since before ``cut``
        cut = today - datetime.timedelta(days=rs.setting("star_review_days"))
        midnight = timezone.make_aware(datetime.datetime.combine(cut, datetime.time.min))
        return Q(campaign__ruleset_id=rs.pk) & ((notice_ended & Q(notice_end__lt=cut)) |
                                                (~notice_ended & Q(state_since__lt=midnight)))

    qs = qs.annotate(
        inbox_level=Coalesce(NullIf("proposed_level", Value(0)), "requested_level"),
        waiting_since=Case(When(notice_ended, then=Cast("notice_end", DateTimeField())),
                           default=F("state_since"), output_field=DateTimeField()),
    ).annotate(waiting_for=Case(
        When(state=AppState.ASSESSED, inbox_level__gte=4, then=Value("inspect")),
        When(state=AppState.ASSESSED, campaign__ruleset_id__in=confirms_low, then=Value("approve")),
        When(state=AppState.ASSESSED, then=Value("")),  # the township's 1-3 stars are final there
        When(state=AppState.INSPECTED, then=Value("notice")),
        When(state=AppState.NOTICE, notice_end__gte=today, then=Value("notice_running")),
        default=Value("approve"), output_field=CharField()),
    ).exclude(waiting_for="").annotate(overdue=Case(
        When(waiting_for="notice_running", then=Value(False)),
        *[When(late(rs), then=Value(True)) for rs in rulesets],
        default=Value(False), output_field=BooleanField()))
    if waiting in INBOX_WAITING:
        qs = qs.filter(waiting_for=waiting)
    if overdue:
        qs = qs.filter(overdue=True)
    return (qs.order_by("-overdue", F("waiting_since").asc(nulls_last=True), "organization__path", "pk")
            .values("pk", "waiting_for", "overdue", "state", "state_since", "notice_end", path=F("organization__path")))


def inbox_items(values: Any, today: datetime.date | None = None) -> list[InboxItem]:
    """InboxItems of rows of ``county_inbox_queryset`` (a page of them): days waiting in the local calendar."""
    today = today or timezone.localdate()
    items = []
    for v in values:
        if v["state"] == AppState.NOTICE and v["notice_end"] and v["notice_end"] < today:
            since = v["notice_end"]
        else:
            since = timezone.localtime(v["state_since"]).date() if v["state_since"] else today
        items.append(InboxItem(v["pk"], v["waiting_for"], bool(v["overdue"]), (today - since).days, v["path"]))
    return items


def county_inbox_items(user: Any, today: datetime.date | None = None, *, query: str = "") -> list[InboxItem]:
    """Every line of the county inbox, in order (two queries, no model rows)."""
    return inbox_items(county_inbox_queryset(user, today, query=query), today)


def county_inbox_counts(user: Any, today: datetime.date | None = None) -> tuple[int, int]:
    """(applications the county must act on, of them overdue): a running notice needs nothing yet."""
    counts = county_inbox_queryset(user, today).order_by().aggregate(
        waiting=Count("pk", filter=~Q(waiting_for="notice_running")), late=Count("pk", filter=Q(overdue=True)))
    return counts["waiting"], counts["late"]


def inbox_rows(items: list[InboxItem]) -> list[InboxRow]:
    """The applications of a page of inbox items, in the items' order (one query)."""
    apps = StarApplication.objects.select_related("organization", "campaign").in_bulk([i.pk for i in items])
    return [InboxRow(apps[i.pk], i.waiting_for, i.overdue, i.days_waiting) for i in items if i.pk in apps]


def county_inbox(user: Any, today: datetime.date | None = None) -> list[InboxRow]:
    """Every line of the county inbox with its application."""
    return inbox_rows(county_inbox_items(user, today))


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
    """(domain, stars, n): the star ratings of ``year`` of ``orgs`` (``orgs`` joined to their ratings, not a
    subquery the database would first list whole)."""
    return [(r["domain"], r["star_ratings__level"], r["n"]) for r in
            orgs.filter(star_ratings__year=year).values("domain", "star_ratings__level")
            .annotate(n=Count("star_ratings__id")).order_by()]


def with_stars(orgs: QuerySet, year: int) -> QuerySet:
    """``orgs`` annotated with ``stars``: their star level of ``year``, None when not rated."""
    star = StarRating.objects.filter(year=year, organization=OuterRef("pk")).order_by("-id")
    return orgs.annotate(stars=Subquery(star.values("level")[:1], output_field=IntegerField()))


@dataclass(frozen=True)
class AssessmentResult:
    organization: Organization
    sheet: ScoreSheet | None
    row: Any  # rules.ResultRow; its score is on the hundred-point scale
    raw: Decimal | None = None  # the sheet's own final score
    sheet_max: Decimal | None = None


def assessment_results_for(user: Any, campaign: Campaign) -> list[AssessmentResult]:
    """Seed 002's results for the township committees of the campaign (考核对象：乡(镇)党委): each one's best-scored
    sheet — the county's final score, else its reviewer score (the unified check) — ranked with prizes and the
    criticised. Scoped: a county reviewer sees every township; a township only itself."""
    from .rules import assessment_results

    rs = campaign.ruleset
    orgs = list(restrict(Organization.objects.filter(kind=OrgKind.TOWNSHIP, is_active=True,
                                                     path__under=campaign.scope.path), user).order_by("path"))
    sheets: dict[int, ScoreSheet] = {}
    for sheet in ScoreSheet.objects.filter(campaign=campaign, organization__in=orgs).select_related("template"):
        score = sheet.final_total if sheet.final_total is not None else sheet.reviewer_total
        best = sheets.get(sheet.organization_id)
        best_score = None if best is None else (best.final_total if best.final_total is not None else best.reviewer_total)
        if best is None or (score is not None and (best_score is None or score > best_score)):
            sheets[sheet.organization_id] = sheet

    maxima = {t: sum((s.max_points for s in ScoringSection.objects.filter(template_id=t)), Decimal(0))
              for t in {s.template_id for s in sheets.values()}}

    def raw_of(org: Organization) -> Decimal | None:
        sheet = sheets.get(org.pk)
        if sheet is None:
            return None
        return sheet.final_total if sheet.final_total is not None else sheet.reviewer_total

    def score_of(org: Organization) -> Decimal | None:
        # seed 002 "采取百分制考核": the results and the 80-point line are on the hundred-point scale; a sheet
        # with another maximum is brought to it (the same share, as the star cut-offs, docs/rules.md §8)
        raw = raw_of(org)
        sheet_max = maxima.get(sheets[org.pk].template_id) if raw is not None else None
        if raw is None or not sheet_max:
            return raw
        return (raw * Decimal(100) / sheet_max).quantize(Decimal("0.01"))

    rows = assessment_results([(o.pk, score_of(o)) for o in orgs],
                              prizes=(rs.setting("assessment_prizes_first"), rs.setting("assessment_prizes_second"),
                                      rs.setting("assessment_prizes_third")),
                              criticised_at_or_below=rs.setting("assessment_criticised_at_or_below"))
    by_pk = {o.pk: o for o in orgs}
    return [AssessmentResult(by_pk[r.key], sheets.get(r.key), r, raw_of(by_pk[r.key]),
                             maxima.get(sheets[r.key].template_id) if r.key in sheets else None) for r in rows]


def assessment_deadlines(campaign: Campaign) -> tuple[datetime.date | None, datetime.date | None]:
    """(half-year self-check due in the campaign year, unified check due in the next year) [seed 002 三]."""

    def day(value: str, year: int) -> datetime.date | None:
        try:
            month, dom = (int(x) for x in (value or "").split("-"))
            return datetime.date(year, month, dom)
        except ValueError:
            return None

    rs = campaign.ruleset
    return (day(rs.setting("assessment_self_check_due"), campaign.year),
            day(rs.setting("assessment_unified_check_due"), campaign.year + 1))


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
