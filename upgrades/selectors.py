"""Reads of the upgrade phase, always scoped to the user, at a constant number of queries whatever the
size of the tree (prefetches and grouped counts, never a query per organisation)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable

from django.db.models import (BooleanField, Case, CharField, Count, F, FilteredRelation, IntegerField, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Value,
                              When)
from django.db.models.functions import Coalesce, NullIf, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from organizations.models import Organization
from organizations.scope import restrict

from . import rules
from .models import Commitment, Honour, MeasureStatus, YearEnd

from organizations.rules import RATED_KINDS as BRANCH_KINDS  # every organisation below the county (docs/rules.md §5)

RATE_LABELS = {
    "upgrade": _("Upgrade rate of average organisations"),
    "transformation": _("Transformation rate of lagging organisations"),
    "improvement": _("Improvement rate of advanced organisations"),
    "stars_3plus": _("Share at three stars or more"),
    "stars_5": _("Share at five stars"),
}


@dataclass(frozen=True)
class RateRow:
    """One rate of one scope (a township, or the county), for pages, panels and the annual summary."""

    scope_name: str
    key: str
    label: str
    numerator: int
    denominator: int
    rate: Decimal | None  # None = not applicable (不适用)
    target: Decimal | None
    meets_target: bool | None
    url: str
    scope_id: int = 0


def commitments_for(user: Any, action: str = "view") -> QuerySet[Commitment]:
    return restrict(Commitment.objects.select_related("organization__parent", "campaign__ruleset", "campaign__scope"),
                    user, action)


def branches_for(user: Any, campaign: Campaign) -> QuerySet[Organization]:
    return restrict(Organization.objects.filter(kind__in=BRANCH_KINDS, is_active=True,
                                                path__under=campaign.scope.path), user)


def progress_branches(user: Any, campaign: Campaign) -> QuerySet[Organization]:
    """Branches with their commitment of the campaign, annotated with measures done/total/overdue."""
    today = timezone.localdate()
    commitments = Commitment.objects.filter(campaign=campaign).annotate(
        total=Count("measures"),
        done=Count("measures", filter=Q(measures__status=MeasureStatus.DONE)),
        overdue=Count("measures", filter=Q(measures__due__lt=today) & ~Q(measures__status=MeasureStatus.DONE)),
    )
    return branches_for(user, campaign).select_related("parent").order_by("path").prefetch_related(
        Prefetch("commitments", queryset=commitments, to_attr="campaign_commitments"))


def _previous_campaigns(year: int) -> list[Campaign]:
    return list(Campaign.objects.filter(year=year - 1).select_related("scope"))


def _deepest(campaigns: list[Campaign], path: str) -> Campaign | None:
    rows = [c for c in campaigns if path.startswith(c.scope.path)]
    return max(rows, key=lambda c: len(c.scope.path)) if rows else None


def org_years(orgs: Iterable[Organization], orgs_qs: QuerySet[Organization], campaign: Campaign) -> dict[int, dict[str, Any]]:
    """Per organisation: start level/stars, target, year-end level/stars, honours — in a fixed number of
    queries (each filtered by the organisations' queryset as a subquery, never one query per row)."""
    return org_years_of(orgs, orgs_qs, campaign_id=campaign.pk, year=campaign.year)


def org_years_of(orgs: Iterable[Organization], orgs_qs: QuerySet[Organization], *, campaign_id: int,
                 year: int) -> dict[int, dict[str, Any]]:
    """``org_years`` from the campaign's id and year alone (the ledger's context carries no campaign)."""
    from ratings.classification.models import Classification
    from ratings.stars.models import StarRating

    orgs = list(orgs)
    out: dict[int, dict[str, Any]] = {o.pk: {"org": o, "start_level": None, "start_stars": None, "target_level": None,
                                             "target_stars": None, "end_level": None, "end_stars": None,
                                             "honour_before": 0, "honour_in_year": 0, "done": 0, "total": 0}
                                      for o in orgs}
    sub = orgs_qs.values("pk")
    confirmed = dict(Classification.objects.filter(campaign_id=campaign_id, organization__in=sub, state="confirmed")
                     .values_list("organization_id", "final_level"))
    stars_now = dict(StarRating.objects.filter(campaign_id=campaign_id, organization__in=sub).values_list("organization_id", "level"))
    prevs = _previous_campaigns(year)
    last: dict[tuple[int, int], tuple[str, int | None]] = {}
    last_stars: dict[tuple[int, int], int] = {}
    if prevs:
        for oid, cid, lvl, st in YearEnd.objects.filter(campaign__in=prevs, organization__in=sub).values_list(
                "organization_id", "campaign_id", "final_level", "final_stars"):
            last[(oid, cid)] = (lvl, st)
        for oid, cid, st in StarRating.objects.filter(campaign__in=prevs, organization__in=sub).values_list(
                "organization_id", "campaign_id", "level"):
            last_stars[(oid, cid)] = st
    for oid, lvl, st in YearEnd.objects.filter(campaign_id=campaign_id, organization__in=sub).values_list(
            "organization_id", "final_level", "final_stars"):
        if oid in out:
            out[oid]["end_level"], out[oid]["end_stars"] = lvl or None, st
    for row in Commitment.objects.filter(campaign_id=campaign_id, organization__in=sub).annotate(
            n_total=Count("measures"), n_done=Count("measures", filter=Q(measures__status=MeasureStatus.DONE))).values(
            "organization_id", "start_level", "start_stars", "target_level", "target_stars", "n_total", "n_done"):
        d = out.get(row["organization_id"])
        if d is not None:
            d.update(target_level=row["target_level"], target_stars=row["target_stars"], total=row["n_total"],
                     done=row["n_done"], c_start=row["start_level"], c_stars=row["start_stars"])
    for row in Honour.objects.filter(organization__in=sub, year__lte=year).values("organization_id", "year", "level"):
        d = out.get(row["organization_id"])
        rank = rules.HONOUR_RANK.get(row["level"], 0)
        if d is None:
            continue
        key = "honour_in_year" if row["year"] == year else "honour_before"
        d[key] = max(d[key], rank)
    for o in orgs:
        d = out[o.pk]
        prev = _deepest(prevs, o.path)
        lvl_last, st_last = last.get((o.pk, prev.pk), (None, None)) if prev else (None, None)
        if st_last is None and prev is not None:
            st_last = last_stars.get((o.pk, prev.pk))
        d["start_level"] = d.get("c_start") or rules.starting_level(confirmed.get(o.pk), lvl_last or None)
        d["start_stars"] = d.get("c_stars") if d.get("c_stars") is not None else stars_now.get(o.pk, st_last)
        if d["end_stars"] is None:
            d["end_stars"] = stars_now.get(o.pk)
        d["change"] = rules.level_change(d["start_level"], d["end_level"])
    return out


def rate_settings(campaign: Campaign) -> rules.RateSettings:
    rs = campaign.ruleset

    def pct(key: str) -> Decimal | None:
        value = Decimal(str(rs.setting(key) or 0))
        return value if value > 0 else None

    return rules.RateSettings(upgrade_target=pct("upgrade_rate_target"), transformation_target=pct("transformation_rate_target"),
                              improvement_target=pct("improvement_rate_target"), upgrade_counts=rs.setting("upgrade_counts"),
                              scope=rs.setting("upgrade_rate_scope"), star_goal_3plus=pct("star_goal_3plus"),
                              star_goal_5=pct("star_goal_5"))


def _rows_for(data: dict[int, dict[str, Any]], ids: Iterable[int]) -> list[rules.OrgYear]:
    return [rules.OrgYear(org_id=i, domain=data[i]["org"].domain, start_level=data[i]["start_level"],
                          end_level=data[i]["end_level"], best_honour_before=data[i]["honour_before"],
                          best_honour_in_year=data[i]["honour_in_year"], end_stars=data[i]["end_stars"]) for i in ids]


def rate_scopes(user: Any, campaign: Campaign) -> list[Organization]:
    """The scopes the user sees rates for: each township (or committee) inside the campaign, and the
    campaign's scope itself when the user covers it."""
    townships = list(restrict(Organization.objects.filter(kind="township", path__under=campaign.scope.path,
                                                          is_active=True), user).order_by("path"))
    scope = campaign.scope
    top = restrict(Organization.objects.filter(pk=scope.pk), user).exists()
    return townships + ([scope] if top and scope.kind != "township" else [])


def rates_computed(user: Any, campaign: Campaign) -> tuple[list[tuple[Organization, list[rules.Rate]]], dict[int, dict[str, Any]]]:
    orgs_qs = branches_for(user, campaign)
    orgs = list(orgs_qs.only("id", "path", "domain", "name", "kind", "parent_id"))
    data = org_years(orgs, orgs_qs, campaign)
    settings = rate_settings(campaign)
    out = []
    for scope in rate_scopes(user, campaign):
        ids = [o.pk for o in orgs if o.path.startswith(scope.path)]
        out.append((scope, rules.rates(_rows_for(data, ids), settings)))
    return out, data


def _org_year_columns(campaign: Campaign, stars: bool) -> tuple[dict[str, Any], dict[str, FilteredRelation]]:
    """``org_years``' start level and year-end level (and, with ``stars``, the year's stars) as SQL
    expressions on Organization, so organisations can be counted by the database: (columns, the joins they
    need). A commitment, classification, year-end or star rating is unique per campaign and organisation,
    so each join adds at most one row. What is read only when the record before it is missing (the
    confirmed classification and last year's level when there is no commitment, the star rating when the
    year-end fixes no stars) is a subquery inside the COALESCE, which the database runs only for those
    organisations instead of joining every organisation to it."""
    from ratings.classification.models import Classification
    from ratings.stars.models import StarRating

    def joined(relation: str, **condition: Any) -> FilteredRelation:
        return FilteredRelation(relation, condition=Q(**{f"{relation}__{k}": v for k, v in condition.items()}))

    def own(model: Any, field: str, **condition: Any) -> Subquery:
        """``field`` of the organisation's (unique) ``model`` row matching ``condition``, else NULL."""
        return Subquery(model.objects.filter(organization=OuterRef("pk"), **condition).order_by().values(field)[:1])

    joins = {"j_commitment": joined("commitments", campaign=campaign), "j_year_end": joined("year_ends", campaign=campaign)}
    # last year's final level from the deepest previous campaign that covers the organisation (_deepest)
    prevs = sorted(_previous_campaigns(campaign.year), key=lambda c: len(c.scope.path), reverse=True)
    whens, last = [], None
    for prev in prevs:
        level = NullIf(own(YearEnd, "final_level", campaign=prev), Value(""))
        if campaign.scope.path.startswith(prev.scope.path):  # covers every organisation counted: no test per row
            last = level
            break
        whens.append(When(path__under=prev.scope.path, then=level))
    if whens or last is None:
        last = Case(*whens, default=last if last is not None else Value(None), output_field=CharField())
    columns = {
        "start_level": Coalesce(NullIf(F("j_commitment__start_level"), Value("")),
                                NullIf(own(Classification, "final_level", campaign=campaign, state="confirmed"), Value("")),
                                last, output_field=CharField()),
        "end_level": NullIf(F("j_year_end__final_level"), Value("")),
    }
    if stars:
        columns["end_stars"] = Coalesce(F("j_year_end__final_stars"), own(StarRating, "level", campaign=campaign),
                                        output_field=IntegerField())
    return columns, joins


def _honour_ids(campaign: Campaign) -> tuple[QuerySet[Honour], QuerySet[Honour]]:
    """Two subqueries of organisation ids under the campaign's scope, for the counting query (which restricts
    to the user): those that gained a county-or-higher honour in the campaign's year, and those whose best
    honour of the year ranks above their best before it (``rules.HONOUR_RANK``). The database compares, so no
    list of ids travels through Python."""
    year = campaign.year
    mine = Honour.objects.filter(organization__path__under=campaign.scope.path)
    gained = mine.filter(year=year, level__in=[k for k, v in rules.HONOUR_RANK.items() if v >= rules.HONOUR_RANK["county"]])
    rank = Case(*(When(level=k, then=Value(v)) for k, v in rules.HONOUR_RANK.items()), default=Value(0),
                output_field=IntegerField())
    rose = (mine.filter(year__lte=year).order_by().values("organization_id")
            .annotate(in_year=Max(Case(When(year=year, then=rank), default=Value(0))),
                      before=Max(Case(When(year__lt=year, then=rank), default=Value(0))))
            .filter(in_year__gt=F("before")))
    return gained.values("organization_id"), rose.values("organization_id")


def _rate_filters(settings: rules.RateSettings, campaign: Campaign) -> dict[str, Any]:
    """The per-organisation conditions of ``rules._rate_parts`` that do not depend on the start level, as
    conditional counts (``rules.rate_totals_by_start`` adds them up per start level); honours through
    ``_honour_ids``."""
    gained, rose = _honour_ids(campaign)
    counts = {"n": Count("pk"), "gained": Count("pk", filter=Q(pk__in=gained)), "rose": Count("pk", filter=Q(pk__in=rose)),
              "end_advanced": Count("pk", filter=Q(end_level="advanced")),
              "transformed": Count("pk", filter=Q(end_level__isnull=False) & ~Q(end_level="lagging"))}
    if settings.star_goal_3plus or settings.star_goal_5:
        counts.update(stars_3plus=Count("pk", filter=Q(end_stars__gte=3)), stars_5=Count("pk", filter=Q(end_stars__gte=5)))
    return counts


def rates_grouped(user: Any, campaign: Campaign) -> list[tuple[Organization, list[rules.RateTotal]]]:
    """The rates of each scope of ``rate_scopes`` counted in SQL: one row per township, start level and
    whether the domain is a village or community (at most a few dozen rows whatever the size of the tree),
    each with conditional counts (``_rate_filters``) that ``rules.rate_totals_by_start`` turns into the
    rates. ``tests/upgrades/test_rates_grouped.py`` checks the numbers equal ``rates_computed``'s."""
    scopes = rate_scopes(user, campaign)
    settings = rate_settings(campaign)
    counts = _rate_filters(settings, campaign)
    village = Case(When(domain__in=sorted(rules.VILLAGE_COMMUNITY), then=Value(True)), default=Value(False),
                   output_field=BooleanField())
    groups: dict[str, list[rules.StartGroup]] = {}  # "<length>:<township path>" → its groups
    lengths = sorted({len(s.path) for s in scopes if s.kind == "township"}) or [len(campaign.scope.path)]
    for length in lengths:  # townships at one depth (one length of path): one query
        columns, joins = _org_year_columns(campaign, "stars_5" in counts)  # a FilteredRelation serves one query only
        rows = (branches_for(user, campaign).annotate(**joins).alias(**columns)
                .annotate(township=Substr("path", 1, length), start=F("start_level"), village=village)
                .order_by().values("township", "start", "village").annotate(**counts))
        for row in rows:
            groups.setdefault(f"{length}:{row['township']}", []).append(rules.StartGroup(
                start_level=row["start"], village_community=row["village"], n=row["n"], gained=row["gained"],
                rose=row["rose"], end_advanced=row["end_advanced"], transformed=row["transformed"],
                stars_3plus=row.get("stars_3plus", 0), stars_5=row.get("stars_5", 0)))
    first = f"{lengths[0]}:"
    wide = [g for key, rows_ in groups.items() if key.startswith(first) for g in rows_]  # every organisation once
    return [(scope, rules.rate_totals_by_start(groups.get(f"{len(scope.path)}:{scope.path}", []) if scope.kind == "township"
                                               else wide, settings)) for scope in scopes]


def rates_for(user: Any, campaign: Campaign) -> list[RateRow]:
    """The rates against targets per township and for the county (seed 000 §四(四), §五(四)); each row
    links to the organisations behind its number (``rates_computed`` lists them)."""
    computed = rates_grouped(user, campaign)
    base = reverse("upgrades:rates-orgs")
    rows = []
    for scope, rates in computed:
        for r in rates:
            rows.append(RateRow(scope_name=scope.name, key=r.key, label=str(RATE_LABELS[r.key]), numerator=r.numerator,
                                denominator=r.denominator, rate=r.rate, target=r.target, meets_target=r.meets_target,
                                url=f"{base}?campaign={campaign.pk}&scope={scope.pk}&rate={r.key}", scope_id=scope.pk))
    return rows


def history(organization: Organization) -> list[dict[str, Any]]:
    """A branch across years: start level, year-end level and stars, and the change (up/down/same)."""
    ends = {ye.campaign.year: ye for ye in YearEnd.objects.filter(organization=organization).select_related("campaign")}
    starts = {c.campaign.year: c for c in Commitment.objects.filter(organization=organization).select_related("campaign")}
    from ratings.stars.models import StarRating

    stars = {s.year: s.level for s in StarRating.objects.filter(organization=organization)}
    years = sorted(set(ends) | set(starts) | set(stars), reverse=True)
    rows = []
    for y in years:
        ye, c = ends.get(y), starts.get(y)
        before = c.start_level if c else None
        if not before:
            prev = ends.get(y - 1)
            before = prev.final_level if prev else None
        after = ye.final_level if ye and ye.final_level else None
        rows.append({"year": y, "start": before, "end": after, "stars": (ye.final_stars if ye and ye.final_stars is not None else stars.get(y)),
                     "change": rules.level_change(before, after)})
    return rows


def overdue_counts(user: Any, action: str = "view") -> dict[str, int]:
    today = timezone.localdate()
    qs = restrict(Commitment.objects.filter(state="approved"), user, action).filter(
        measures__due__lt=today).exclude(measures__status=MeasureStatus.DONE)
    return qs.aggregate(n=Count("measures", distinct=True), c=Count("id", distinct=True), first=Max("organization_id"))
