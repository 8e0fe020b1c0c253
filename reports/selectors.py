"""Reads of the county/township dashboard and of the generic organisation list behind its numbers.

Every figure is counted in the database with GROUP BY on the township part of the materialised path
(``Substr(path, 1, 19)`` = "/<county>/<township>/"), so the dashboard costs the same number of queries for
40 or 800 organisations; the list page filters the same way and paginates."""
from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from campaigns.models import Campaign
from campaigns.selectors import current_campaign_for
from ratings.classification.selectors import classification_counts, with_classification
from ratings.stars.selectors import star_counts, with_stars
from organizations.models import Organization
from organizations.selectors import group_counts, groups_by_path, highest_covered, organizations_for, subtree_for

from .ledgers import LEDGER_KINDS

STATES = ("not_started", "step1", "step2", "step3", "step4", "township_decides", "submitted", "confirmed")


def dashboard_root(user: Any) -> Organization | None:
    """The organisation whose dashboard the user sees: the highest node a county or township role covers."""
    return highest_covered(user, ("county_reviewer", "township_staff"))


def scoped_branches(user: Any, root: Organization) -> QuerySet[Organization]:
    return subtree_for(user, root, kinds=LEDGER_KINDS)


def phase_of(campaign: Campaign | None, today: datetime.date) -> str:
    if campaign is None:
        return ""
    for phase, _start, due in campaign.phase_deadlines():
        if today <= due:
            return phase
    return "closed"


@dataclass
class GroupStand:
    path: str
    name: str = ""
    pk: int | None = None
    total: int = 0
    states: dict[str, int] = field(default_factory=dict)
    overdue: int = 0


@dataclass
class Dashboard:
    root: Organization
    year: int
    campaign: Campaign | None
    phase: str
    overdue_since: datetime.date | None
    groups: list[GroupStand]
    levels: dict[str, dict[str, int]]  # domain → level → n (confirmed)
    stars: dict[str, dict[int, int]]  # domain → stars → n
    domains_total: dict[str, int]


def dashboard_for(user: Any, root: Organization, year: int | None = None, today: datetime.date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    year = year or today.year
    campaign = current_campaign_for(user, year)
    orgs = scoped_branches(user, root)
    groups: dict[str, GroupStand] = {}
    domains_total: dict[str, int] = defaultdict(int)
    for row in group_counts(orgs):
        groups.setdefault(row.path, GroupStand(row.path)).total += row.count
        domains_total[row.domain] += row.count
    for path, (name, pk) in groups_by_path(groups).items():
        groups[path].name, groups[path].pk = name, pk
    levels: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in classification_counts(orgs, year):
        stand = groups.setdefault(c.group_path, GroupStand(c.group_path))
        stand.states[c.state] = stand.states.get(c.state, 0) + c.count
        if c.state == "confirmed" and c.final_level:
            levels[c.domain][c.final_level] += c.count
    overdue_since = campaign.classification_due if campaign and today > campaign.classification_due else None
    for stand in groups.values():
        stand.states["not_started"] = stand.total - sum(stand.states.values())
        if overdue_since:
            stand.overdue = stand.total - stand.states.get("confirmed", 0)
    stars: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for domain, level, n in star_counts(orgs, year):
        stars[domain][level] += n
    ordered = sorted(groups.values(), key=lambda g: g.path)
    return Dashboard(root, year, campaign, phase_of(campaign, today), overdue_since, ordered,
                     {k: dict(v) for k, v in levels.items()}, {k: dict(v) for k, v in stars.items()}, dict(domains_total))


def organizations_of_year(user: Any, year: int) -> QuerySet[Organization]:
    """The organisations behind the dashboard's numbers: branches in the user's scope, each annotated with
    its state, level and stars of ``year`` (subqueries: one query for a page, whatever its size). The
    list's filters are ``reports.filters.OrgListFilter``."""
    return with_stars(with_classification(organizations_for(user).filter(kind__in=LEDGER_KINDS), year), year
                      ).select_related("parent")


def filter_query(**values: Any) -> str:
    """The query string of a dashboard link (only the filters that are set)."""
    q = QueryDict(mutable=True)
    for key, value in values.items():
        if value not in (None, ""):
            q[key] = str(value)
    return q.urlencode()


# The kinds the download centre offers to request directly (issue #19): the yearly ledgers.
LEDGER_REPORT_KINDS = ("classification_ledger", "star_ledger")


def ledger_requests_for(user: Any) -> dict[str, Any]:
    """What the download centre's ledger form offers: the ledger kinds, the organisations of the user's
    scope a ledger can be about (county, townships and committees the user may report on, top first), and
    the years of the user's campaigns (newest first)."""
    from core.report_kinds import REPORTS
    from organizations.choices import OrgKind
    from organizations.scope import restrict

    from campaigns.selectors import campaigns_for

    orgs = list(restrict(Organization.objects.filter(is_active=True, kind__in=(OrgKind.COUNTY, OrgKind.TOWNSHIP, OrgKind.COMMITTEE)),
                         user, "report").order_by("path")[:200])
    kinds = [REPORTS[k] for k in LEDGER_REPORT_KINDS if k in REPORTS]
    years = sorted(set(campaigns_for(user).values_list("year", flat=True)), reverse=True)
    this_year = timezone.localdate().year
    return {"kinds": kinds, "organizations": orgs, "years": years or [this_year], "this_year": this_year}
