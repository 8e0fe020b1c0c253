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

    qs = restrict(Organization.objects.filter(kind__in=RATED_KINDS, is_active=True, path__under=campaign.scope.path),
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
                                                   path__under=campaign.scope.path), user)
    return orgs_qs if organization is None else orgs_qs.filter(pk=organization.pk)


def alerts(user: Any, campaign: Campaign, organization: Organization | None = None) -> list[AlertRow]:
    """The dynamic alerts (``alert_histories``) with their organisations, in the order of their paths."""
    found = alert_histories(user, campaign, organization)
    orgs = {o.pk: o for o in _alert_orgs(user, campaign, organization).select_related("parent").order_by("path")}
    return [AlertRow(orgs[oid], a) for oid, (_path, rows) in found.items() for a in rows]


def worst_alerts(user: Any, campaign: Campaign, top: int) -> tuple[list[tuple[Organization, list[rules.Alert]]], int]:
    """The ``top`` organisations with the most alerts (then by path) with their alerts, and how many
    organisations have an alert: what the dashboard panel shows. The database decides every organisation's
    alerts (``_alerts_statement``: one statement, no row per organisation travels to Python, so the county's
    panel costs about the same at 800 or 4,000 organisations); only the ``top`` are loaded.
    ``tests/followup/test_alerts.py`` checks it agrees with ``alerts`` (``rules.alerts_for``)."""
    from django.db import connections

    settings = alert_settings(campaign)
    campaigns: dict[int, list[int]] = {}  # year → its campaigns (nested scopes may share a year)
    for pk, year in Campaign.objects.filter(year__lte=campaign.year).order_by().values_list("pk", "year"):
        campaigns.setdefault(year, []).append(pk)
    if len(campaigns) > PIVOT_YEARS:  # a very long history: the rules in Python over every organisation's rows
        found = alert_histories(user, campaign)
        worst = sorted(found.items(), key=lambda item: (-len(item[1][1]), item[1][0]))[:top]
        orgs = Organization.objects.in_bulk([oid for oid, _row in worst])
        return [(orgs[oid], rows) for oid, (_path, rows) in worst], len(found)
    sql, params = _alerts_statement(user, campaign, settings, campaigns, max(top, 1))
    with connections[Organization.objects.db].cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    orgs = Organization.objects.in_bulk([row[0] for row in found])
    worst = []
    for oid, _path, lvl_last, st_last, lagging, low, lowered, late_case, late_measures, _n, _count in found:
        rows = []
        if lagging:
            rows.append(rules.Alert(oid, "lagging_running", tuple(range(lvl_last - settings.lagging_years + 1, lvl_last + 1))))
        if low:
            rows.append(rules.Alert(oid, "low_stars_running", tuple(range(st_last - settings.low_stars_years + 1, st_last + 1))))
        if lowered:
            rows.append(rules.Alert(oid, "stars_lowered", (st_last - 1, st_last)))
        if late_case:
            rows.append(rules.Alert(oid, "case_overdue"))
        if late_measures:
            rows.append(rules.Alert(oid, "measure_overdue", count=late_measures))
        worst.append((orgs[oid], rows))
    return worst[:top], found[0][-1] if found else 0  # each row carries the count; no row: no alert


#: Years of campaigns up to which ``worst_alerts`` lets the database read the history year by year (three
#: joins per year); beyond, ``alert_histories`` reads it in Python.
PIVOT_YEARS = 12


def _alerts_statement(user: Any, campaign: Campaign, settings: rules.AlertSettings, campaigns: dict[int, list[int]],
                      top: int) -> tuple[str, list[Any]]:
    """``rules.alerts_for`` for every organisation of the user's scope in one statement, from each one's
    history laid out year by year (``campaigns``: year → its campaigns, up to the campaign's year):
    per year its level (the year-end level wins over the confirmed classification) and its stars (the
    year-end's stars win over the star rating, whose year is its campaign's: ``ratings.stars.services``),
    each an indexed join on (campaign, organisation); a year without a record breaks a run, as in the rules.
    Rows: the ``top`` organisations with most alerts (then by path) with the years the alerts need and how
    many organisations have one (a window count on every row)."""
    import datetime

    from django.db.models import F

    from ratings.classification.models import Classification
    from ratings.stars.models import StarRating
    from upgrades.models import Measure, YearEnd

    today = timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.measure_overdue_days)

    def mine(qs: QuerySet, via: str = "organization") -> QuerySet:
        return restrict(qs, user, via=via).order_by()  # the rows of the user's scope only

    def col(model: Any, name: str) -> str:
        return model._meta.get_field(name).column

    sources = {
        "orgs": _alert_orgs(user, campaign, None).order_by().values("id", "path"),
        "late_cases": mine(Case.objects.filter(campaign=campaign, deadline__lt=today).exclude(state=CaseState.CLOSED)).values(
            oid=F("organization_id")),
        "late_measures": mine(Measure.objects.filter(commitment__campaign=campaign, commitment__state="approved", due__lt=cutoff).exclude(
            status="done"), "commitment__organization").values(oid=F("commitment__organization_id")),
    }
    compiled = {name: qs.query.get_compiler(using=qs.db).as_sql() for name, qs in sources.items()}
    years = sorted(campaigns, reverse=True)
    ye, cl, sr = YearEnd._meta.db_table, Classification._meta.db_table, StarRating._meta.db_table
    # a record is unique per campaign and organisation: with one campaign a year, one row per organisation;
    # with nested campaigns of one year, rows are grouped per organisation (their largest value counts)
    grouped = any(len(ids) > 1 for ids in campaigns.values())
    agg = "MAX" if grouped else ""
    joins, columns, params = [], [], []
    for i, year in enumerate(years):
        ids = ", ".join(str(int(pk)) for pk in campaigns[year])
        joins.append(f"LEFT JOIN {ye} ye{i} ON ye{i}.{col(YearEnd, 'organization')} = o.id AND ye{i}.{col(YearEnd, 'campaign')} IN ({ids})"
                     f" AND ye{i}.{col(YearEnd, 'final_level')} <> ''")
        joins.append(f"LEFT JOIN {cl} cl{i} ON cl{i}.{col(Classification, 'organization')} = o.id AND cl{i}.{col(Classification, 'campaign')} IN ({ids})"
                     f" AND cl{i}.{col(Classification, 'state')} = 'confirmed' AND cl{i}.{col(Classification, 'final_level')} <> ''")
        joins.append(f"LEFT JOIN {sr} sr{i} ON sr{i}.{col(StarRating, 'organization')} = o.id AND sr{i}.{col(StarRating, 'campaign')} IN ({ids})")
        columns.append(f"COALESCE({agg}(ye{i}.{col(YearEnd, 'final_level')}), {agg}(cl{i}.{col(Classification, 'final_level')})) AS l{i}")
        columns.append(f"COALESCE({agg}(ye{i}.{col(YearEnd, 'final_stars')}), {agg}(sr{i}.{col(StarRating, 'level')})) AS s{i}")
    at = {year: i for i, year in enumerate(years)}

    def run(kind: str, n: int, test: str) -> str:
        """1 when the last year with a value (of ``kind``: l or s) starts a run of ``n`` years passing ``test``."""
        if n <= 0:
            return "0"
        whens = []
        for year in years:
            window = [at.get(year - k) for k in range(n)]
            ok = " AND ".join(test.format(f"{kind}{i}") for i in window) if None not in window else "1 = 0"
            whens.append(f"WHEN {kind}{at[year]} IS NOT NULL THEN CASE WHEN {ok} THEN 1 ELSE 0 END")
        return f"CASE {' '.join(whens)} ELSE 0 END"

    def last(kind: str) -> str:
        return "CASE " + " ".join(f"WHEN {kind}{at[y]} IS NOT NULL THEN {int(y)}" for y in years) + " END"

    lowered = "0"
    if settings.star_drop:
        whens = [f"WHEN s{at[y]} IS NOT NULL THEN CASE WHEN s{at[y]} < s{at[y - 1]} THEN 1 ELSE 0 END" if y - 1 in at
                 else f"WHEN s{at[y]} IS NOT NULL THEN 0" for y in years]
        lowered = f"CASE {' '.join(whens)} ELSE 0 END"
    low = int(settings.low_stars)
    sql = f"""
SELECT id, path, lvl_last, st_last, lagging, low, lowered, late_case, late_measures, n, COUNT(*) OVER () AS n_alerted FROM (
  SELECT id, path, lvl_last, st_last, lagging, low, lowered, late_case, late_measures,
         lagging + low + lowered + late_case + CASE WHEN late_measures > 0 THEN 1 ELSE 0 END AS n FROM (
    SELECT id, path, {last('l')} AS lvl_last, {last('s')} AS st_last,
           {run('l', settings.lagging_years, "{} = 'lagging'")} AS lagging,
           {run('s', settings.low_stars_years, "{} < " + str(low))} AS low,
           {lowered} AS lowered, late_case, late_measures FROM (
      SELECT o.id AS id, o.path AS path, {', '.join(columns)},
             {agg}(CASE WHEN lc.oid IS NULL THEN 0 ELSE 1 END) AS late_case, COALESCE({agg}(lm.n), 0) AS late_measures
      FROM ({compiled['orgs'][0]}) o {' '.join(joins)}
      LEFT JOIN (SELECT oid FROM ({compiled['late_cases'][0]}) c GROUP BY oid) lc ON lc.oid = o.id
      LEFT JOIN (SELECT oid, COUNT(*) AS n FROM ({compiled['late_measures'][0]}) m GROUP BY oid) lm ON lm.oid = o.id
      {"GROUP BY o.id, o.path" if grouped else ""}) per_year) flags) counted
WHERE n > 0 ORDER BY n DESC, path LIMIT %s"""
    params = [*compiled["orgs"][1], *compiled["late_cases"][1], *compiled["late_measures"][1], top]
    return sql, params
