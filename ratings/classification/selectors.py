"""Reads of the classification, always scoped to the user; the overview costs the same number of
queries for 10 or 10,000 branches (one page of organisations + two prefetches + the counts)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Substr

from campaigns.models import Campaign
from organizations.models import Organization
from organizations.selectors import GROUP_PATH_LEN
from organizations.scope import restrict

from .models import Classification, Meeting
from .services import CLASSIFIED_KINDS


def classifications_for(user: Any, action: str = "view") -> QuerySet[Classification]:
    return restrict(Classification.objects.select_related("organization", "campaign__ruleset", "campaign__scope"),
                    user, action)


def overview_branches(user: Any, campaign: Campaign, *, domain: str = "", status: str = "") -> QuerySet[Organization]:
    """Branches of the campaign inside the user's scope, each with its classification (prefetched with
    its current meetings and their results)."""
    qs = restrict(Organization.objects.filter(kind__in=CLASSIFIED_KINDS, is_active=True,
                                              path__under=campaign.scope.path), user)
    if domain:
        qs = qs.filter(domain=domain)
    mine = Classification.objects.filter(campaign=campaign, organization=OuterRef("pk"))
    if status == "not_started":
        qs = qs.filter(~Exists(mine))
    elif status:
        qs = qs.filter(Exists(mine.filter(state=status)))
    meetings = Meeting.objects.filter(superseded=False).select_related("result").order_by("step")
    return qs.order_by("path").prefetch_related(
        Prefetch("classifications", to_attr="campaign_rows",
                 queryset=Classification.objects.filter(campaign=campaign).prefetch_related(
                     Prefetch("meetings", queryset=meetings, to_attr="current_meetings"))),
    )


def level_distribution(user: Any, campaign: Campaign) -> list[dict[str, Any]]:
    """Confirmed levels per domain: [{"domain": ..., "advanced": n, "average": n, "lagging": n, "total": n}]."""
    rows: dict[str, dict[str, Any]] = {}
    qs = restrict(Classification.objects.filter(campaign=campaign, state="confirmed"), user)
    for row in qs.values("organization__domain", "final_level").annotate(n=Count("id")).order_by():
        entry = rows.setdefault(row["organization__domain"], {"domain": row["organization__domain"], "advanced": 0,
                                                              "average": 0, "lagging": 0, "total": 0})
        entry[row["final_level"]] = row["n"]
        entry["total"] += row["n"]
    return sorted(rows.values(), key=lambda r: r["domain"])


def state_counts(user: Any, campaign: Campaign) -> dict[str, int]:
    qs = restrict(Classification.objects.filter(campaign=campaign), user)
    return {r["state"]: r["n"] for r in qs.values("state").annotate(n=Count("id")).order_by()}


def not_started_count(user: Any, campaign: Campaign) -> int:
    """Branches of the campaign the user may enter that have no classification yet."""
    return (restrict(Organization.objects.filter(kind__in=CLASSIFIED_KINDS, is_active=True,
                                                 path__under=campaign.scope.path), user, "enter")
            .filter(~Exists(Classification.objects.filter(campaign=campaign, organization=OuterRef("pk")))).count())


@dataclass(frozen=True)
class ClassificationCount:
    group_path: str  # "/<county>/<township>/"
    domain: str
    state: str
    final_level: str
    count: int


def classification_counts(orgs: QuerySet, year: int) -> list[ClassificationCount]:
    """The classifications of ``year`` of ``orgs``, counted per group (township), domain, state and level.
    Read from ``orgs`` joined to their classifications (not ``organization__in=orgs``: a subquery the
    database would first list whole, one more pass over the county)."""
    rows = (orgs.filter(classifications__campaign__year=year).annotate(g=Substr("path", 1, GROUP_PATH_LEN))
            .values_list("g", "domain", "classifications__state", "classifications__final_level")
            .annotate(n=Count("classifications__id")).order_by())
    return [ClassificationCount(*row) for row in rows]


def with_classification(orgs: QuerySet, year: int) -> QuerySet:
    """``orgs`` annotated with ``c_state`` and ``c_level``: the state and final level of their
    classification of ``year`` (the deepest campaign's), None when there is none."""
    mine = Classification.objects.filter(campaign__year=year, organization=OuterRef("pk")).order_by("-campaign__scope__path")
    return orgs.annotate(c_state=Subquery(mine.values("state")[:1]), c_level=Subquery(mine.values("final_level")[:1]))


@dataclass(frozen=True)
class YearRecord:
    year: int
    level: str | None  # the confirmed classification level (label)
    stars: int | None
    yearend_level: str | None  # the year-end re-rating (label)


def past_years(organization: Organization, year: int, years: int = 3) -> list[YearRecord]:
    """The organisation's last ``years`` years before ``year`` — level, stars and year-end result — for the
    self-rating [seed 000 §三(二)3 "结合…近三年的工作业绩和年终考核情况，自评分类级次"]. Read through the ledger
    sources of core (each app contributes what it knows: this floor cannot import the year-end), so the facts
    are the ledger's; a constant number of queries per year."""
    from core.ledger_sources import LedgerContext, sources

    out = []
    for y in range(year - 1, year - 1 - years, -1):
        campaigns = [c for c in Campaign.objects.filter(year=y).select_related("scope")
                     if organization.path.startswith(c.scope.path)]
        campaign = max(campaigns, key=lambda c: len(c.scope.path)) if campaigns else None
        ctx = LedgerContext(year=y, scope_path=organization.path, campaign_id=campaign.pk if campaign else None,
                            ruleset_id=campaign.ruleset_id if campaign else None)
        values: dict[str, Any] = {}
        for source in sources():
            values.update(source.values([organization], ctx).get(organization.pk, {}))
        out.append(YearRecord(y, values.get("level") or None, values.get("stars"), values.get("yearend_level") or None))
    return out
