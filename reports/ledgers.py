"""The classification ledger (分类管理台账, docs/rules.md §10): one row per rated organisation of the subtree
(branches, general branches, committees and the township committees, docs/rules.md §5), grouped by township
and domain with subtotals and a grand total. The base columns come from the organisation; every
other column comes from the registered LedgerSources (surveys, classification, stars, and the upgrade
columns once that capability registers them), so a fact is entered once and printed everywhere."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import Campaign
from campaigns.selectors import campaign_covering  # also read here by ratings/report_kinds_stars.py, until it imports campaigns.selectors
from core.choices import choice_labels
from core.ledger_sources import LedgerContext, sources
from core.report_kinds import ReportData, ReportKind, register, year_param
from core.xlsx import Column
from organizations.choices import Domain
from organizations.models import Organization
from organizations.rules import RATED_KINDS
from organizations.selectors import names_by_id, subtree_for
from ratings.classification.models import Level

#: Every organisation below the county is rated, a township committee by the county (docs/rules.md §5), so the
#: ledger, the dashboard and the annual summary cover them all; the superior collects the levels, seed 000 §五(四)
#: 「上级党组织汇总各基层党组织争创工作达标情况和重新划定的分类级次」.
LEDGER_KINDS = RATED_KINDS
DOMAIN_ORDER = {value: i for i, value in enumerate(Domain.values)}


@dataclass
class LedgerRow:
    organization: Organization
    group: str  # the second-level ancestor: a township, or a county department's committee
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Ledger:
    root: Organization
    year: int
    campaign: Campaign | None
    rows: list[LedgerRow]
    columns: list[Any]  # LedgerColumn of every source, in order


def ledger_context(root: Organization, year: int, campaign: Campaign | None) -> LedgerContext:
    """What the ledger sources are told: plain values, never the campaign object."""
    return LedgerContext(year=year, scope_path=root.path, campaign_id=campaign.pk if campaign else None,
                         ruleset_id=campaign.ruleset_id if campaign else None)


def ledger_for(root: Organization, user: Any, year: int) -> Ledger:
    """The ledger's data: scoped organisations + one call per source (constant queries)."""
    orgs = list(subtree_for(user, root, "report", kinds=LEDGER_KINDS).order_by("path"))
    group_ids = {int(o.path.strip("/").split("/")[1]) for o in orgs if len(o.path.strip("/").split("/")) > 1}
    group_names = names_by_id(group_ids)
    campaign = campaign_covering(root, year)
    ctx = ledger_context(root, year, campaign)
    rows = []
    for o in orgs:
        parts = o.path.strip("/").split("/")
        rows.append(LedgerRow(o, group_names.get(int(parts[1]), "") if len(parts) > 1 else ""))
    rows.sort(key=lambda r: (r.organization.path.split("/")[2] if r.organization.path.count("/") > 2 else "",
                             DOMAIN_ORDER.get(r.organization.domain, 99), r.organization.path))
    columns = []
    for source in sources():
        columns.extend(source.columns)
        values = source.values([r.organization for r in rows], ctx)
        for r in rows:
            r.values.update(values.get(r.organization.pk, {}))
    return Ledger(root=root, year=year, campaign=campaign, rows=rows, columns=columns)


def _members_once(rows: list[LedgerRow], parents: set[int]) -> int | None:
    """The members of ``rows``, each person once: an organisation with rows below it in the ledger (``parents``:
    a township, a committee, a general branch) has its members counted in those rows, so subtotals add up.
    A subtotal of such organisations only (a township's own line) is left blank rather than reading 0:
    their members are counted in the lines below."""
    own = [r for r in rows if r.organization.pk not in parents]
    return sum(r.organization.member_count for r in own) if own else None


def _level_summary(rows: list[LedgerRow]) -> str:
    counts = Counter(r.values.get("level_key") for r in rows)
    return " ".join(f"{label}{counts.get(value, 0)}" for value, label in Level.choices)


def build_classification_ledger(run: Any, progress: Callable[[int], None]) -> ReportData:
    year = int((run.params or {}).get("year") or timezone.localdate().year)
    ledger = ledger_for(run.organization, run.requested_by, year)
    progress(60)
    base = [Column(_("No."), 4, "0"), Column(_("Organisation"), 20), Column(_("Domain"), 8),
            Column(_("Members"), 5, "0"), Column(_("Secretary"), 6)]
    columns = base + [Column(str(c.header), c.width, c.number_format) for c in ledger.columns]
    keys = [c.key for c in ledger.columns]
    level_at = keys.index("level") + len(base) if "level" in keys else None
    width = len(columns)
    rows: list[list[Any]] = []
    kinds: list[str] = []
    parents = {r.organization.parent_id for r in ledger.rows}

    def subtotal(label: str, members: list[LedgerRow], kind: str) -> None:
        row: list[Any] = [None, _("%(label)s: %(n)d organisations") % {"label": label, "n": len(members)}, None,
                          _members_once(members, parents), None] + [None] * len(keys)
        if level_at is not None:
            row[level_at] = _level_summary(members)
        rows.append(row)
        kinds.append(kind)

    domain_label = choice_labels(Domain)
    n = 0
    groups: dict[str, list[LedgerRow]] = {}
    for r in ledger.rows:
        groups.setdefault(r.group, []).append(r)
    for group, members in groups.items():
        rows.append([None, group or _("(no township)")] + [None] * (width - 2))
        kinds.append("group")
        domains: dict[str, list[LedgerRow]] = {}
        for r in members:
            domains.setdefault(r.organization.domain, []).append(r)
        for domain_rows in domains.values():
            for r in domain_rows:
                n += 1
                o = r.organization
                rows.append([n, o.name, domain_label.get(o.domain, o.domain), o.member_count, o.secretary_name]
                            + [r.values.get(k) for k in keys])
                kinds.append("row")
            subtotal(_("Subtotal %(domain)s") % {"domain": domain_label.get(domain_rows[0].organization.domain, "")},
                     domain_rows, "subtotal")
        subtotal(_("Total %(group)s") % {"group": group}, members, "group-total")
    subtotal(_("Grand total"), ledger.rows, "total")
    return ReportData(
        title=_("Classification ledger"), organization_name=run.organization.name, year=year, landscape=True,
        columns=columns, rows=rows, extra={"row_kinds": kinds},
        subtitle=ledger.campaign.name if ledger.campaign else "",
        signatures=[_("Prepared by"), _("Reviewed by"), _("Organisation (seal)")],
    )


register(ReportKind(key="classification_ledger", label=gettext_lazy("Classification ledger"),
                    build=build_classification_ledger, pdf_template="reports/pdf/ledger.html", params=year_param))
