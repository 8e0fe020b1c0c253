"""Reads of the follow-through, scoped to the user, at a constant number of queries whatever the size of
the tree (grouped reads, never a query per organisation)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from campaigns.models import Campaign
from organizations.models import Organization
from organizations.scope import restrict

from . import rules
from .models import Case, CaseMeasureStatus, CaseState

from organizations.rules import RATED_KINDS  # every rated organisation can be lagging (docs/rules.md §5, §9)


def cases_for(user: Any, action: str = "view") -> QuerySet[Case]:
    return restrict(Case.objects.select_related("organization__parent", "campaign__ruleset", "campaign__scope",
                                                "helper_organization"), user, action)


def case_list(user: Any, campaign: Campaign) -> QuerySet[Case]:
    return cases_for(user).filter(campaign=campaign).annotate(
        n_measures=Count("measures", distinct=True),
        n_done=Count("measures", filter=Q(measures__status=CaseMeasureStatus.DONE), distinct=True),
        n_notes=Count("notes", distinct=True),
    ).order_by("organization__path")


def candidates(user: Any, campaign: Campaign) -> list[Organization]:
    """Branches the user may open a case for that have none yet: their superior is in the user's
    'assess' scope. Lagging ones are marked (``is_lagging``) from the same grouped read as the rates."""
    from upgrades.selectors import org_years

    qs = restrict(Organization.objects.filter(kind__in=RATED_KINDS, is_active=True, path__startswith=campaign.scope.path),
                  user, "assess", via="parent").exclude(lagging_cases__campaign=campaign).select_related("parent").order_by("path")
    orgs = list(qs)
    data = org_years(orgs, qs, campaign)
    for o in orgs:
        o.is_lagging = data[o.pk]["start_level"] == "lagging"
    return orgs


@dataclass(frozen=True)
class CaseCounts:
    total: int
    open: int
    overdue: int
    closed: int
    rate: rules.Rate


def case_counts(user: Any, campaign: Campaign) -> CaseCounts:
    today = timezone.localdate()
    rows = list(cases_for(user).filter(campaign=campaign).values_list("organization_id", "state", "deadline"))
    target = Decimal(str(campaign.ruleset.setting("transformation_rate_target") or 0)) or None
    return CaseCounts(total=len(rows), open=sum(1 for _o, s, _d in rows if s != CaseState.CLOSED),
                      overdue=sum(1 for _o, s, d in rows if rules.is_overdue(s, d, today)),
                      closed=sum(1 for _o, s, _d in rows if s == CaseState.CLOSED),
                      rate=rules.transformation_by_cases(((o, s) for o, s, _d in rows), target))


def alert_settings(campaign: Campaign) -> rules.AlertSettings:
    rs = campaign.ruleset
    return rules.AlertSettings(lagging_years=rs.setting("alert_lagging_years"), low_stars=rs.setting("alert_low_stars"),
                               low_stars_years=rs.setting("alert_low_stars_years"), star_drop=rs.setting("alert_star_drop"),
                               measure_overdue_days=rs.setting("alert_measure_overdue_days"))


@dataclass(frozen=True)
class AlertRow:
    org: Organization
    alert: rules.Alert


def alert_histories(user: Any, campaign: Campaign, organization: Organization | None = None) -> dict[int, tuple[str, list[rules.Alert]]]:
    """{organisation id: (its path, its alerts)} of the branches in the user's scope (or of one organisation)
    that have an alert, in the order of their paths, from the history: year-end levels (else the confirmed
    classification), star levels, cases and commitment measures. No model instance per organisation: the
    dashboard panel loads only the few it shows (``alerts`` loads them all for the alerts page)."""
    import datetime

    from ratings.classification.models import Classification
    from ratings.stars.models import StarRating
    from upgrades.models import Measure, YearEnd

    settings = alert_settings(campaign)
    today = timezone.localdate()
    orgs_qs = _alert_orgs(user, campaign, organization)
    paths = list(orgs_qs.order_by("path").values_list("pk", "path"))
    levels: dict[int, dict[int, str]] = defaultdict(dict)

    def mine(qs: QuerySet, via: str = "organization") -> QuerySet:
        """The rows of the organisations in the user's scope, by a join on their path (only the ids in
        ``paths`` are read: rows of other kinds or of inactive ones are left unread), and without the
        model's default ordering (a join and a sort by path). One organisation: its rows only."""
        qs = qs if organization is None else qs.filter(**{via: organization})
        return restrict(qs, user, via=via).order_by()

    for oid, year, lvl in mine(Classification.objects.filter(state="confirmed", campaign__year__lte=campaign.year)).values_list(
            "organization_id", "campaign__year", "final_level"):
        if lvl:
            levels[oid][year] = lvl
    stars: dict[int, dict[int, int]] = defaultdict(dict)
    for oid, year, lvl in mine(StarRating.objects.filter(year__lte=campaign.year)).values_list(
            "organization_id", "year", "level"):
        stars[oid][year] = lvl
    for oid, year, lvl, st in mine(YearEnd.objects.filter(campaign__year__lte=campaign.year).exclude(
            final_level="")).values_list("organization_id", "campaign__year", "final_level", "final_stars"):
        levels[oid][year] = lvl  # the year-end level wins over the start-of-year classification
        if st is not None:
            stars[oid][year] = st  # and the stars it fixes over the star rating (降级摘星)
    late_cases = set(mine(Case.objects.filter(campaign=campaign, deadline__lt=today).exclude(
        state=CaseState.CLOSED)).values_list("organization_id", flat=True))
    cutoff = today - datetime.timedelta(days=settings.measure_overdue_days)
    late_measures = dict(mine(Measure.objects.filter(commitment__campaign=campaign, commitment__state="approved", due__lt=cutoff)
                              .exclude(status="done"), "commitment__organization").values_list("commitment__organization_id").annotate(n=Count("id")))
    out = {}
    for oid, path in paths:
        h = rules.OrgHistory(oid, levels=levels.get(oid, {}), stars=stars.get(oid, {}),
                             case_deadline_passed=oid in late_cases, measures_long_overdue=late_measures.get(oid, 0))
        found = rules.alerts_for(h, campaign.year, settings)
        if found:
            out[oid] = (path, found)
    return out


def _alert_orgs(user: Any, campaign: Campaign, organization: Organization | None) -> QuerySet[Organization]:
    orgs_qs = restrict(Organization.objects.filter(kind__in=RATED_KINDS, is_active=True,
                                                   path__startswith=campaign.scope.path), user)
    return orgs_qs if organization is None else orgs_qs.filter(pk=organization.pk)


def alerts(user: Any, campaign: Campaign, organization: Organization | None = None) -> list[AlertRow]:
    """The dynamic alerts (``alert_histories``) with their organisations, in the order of their paths."""
    found = alert_histories(user, campaign, organization)
    orgs = {o.pk: o for o in _alert_orgs(user, campaign, organization).select_related("parent").order_by("path")}
    return [AlertRow(orgs[oid], a) for oid, (_path, rows) in found.items() for a in rows]


def worst_alerts(user: Any, campaign: Campaign, top: int) -> tuple[list[tuple[Organization, list[rules.Alert]]], int]:
    """The ``top`` organisations with the most alerts (then by path) with their alerts, and how many
    organisations have an alert: what the dashboard panel shows, loading only those ``top`` organisations."""
    found = alert_histories(user, campaign)
    worst = sorted(found.items(), key=lambda item: (-len(item[1][1]), item[1][0]))[:top]
    orgs = Organization.objects.in_bulk([oid for oid, _row in worst])
    return [(orgs[oid], rows) for oid, (_path, rows) in worst], len(found)
