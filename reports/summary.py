"""The annual summary (年度工作总结, data part) and the community cadre pay report (seed 001 三、1 三).

Both read the classification ledger's rows (reports/ledgers.py), so they show exactly the facts of the
ledger; the rates against targets come from the upgrades capability when it is installed."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import pgettext

from core.choices import choice_labels
from core.report_kinds import ReportData, ReportKind, register, year_param
from core.rulesettings import setting_value
from core.xlsx import Column
from organizations.choices import Domain
from ratings.classification.models import Level
from ratings.stars.selectors import quota_for
from upgrades.selectors import rates_for

from .ledgers import Ledger, ledger_for
from .narrative import narrative_statuses
from .rules import cadre_pay_float, rate
from .svg import PALETTE, STAR_COLORS, Bar, stacked_bars

COMMUNITY_DOMAINS = (Domain.URBAN_COMMUNITY, Domain.AGRI_COMMUNITY)
NOT_AVAILABLE = gettext_lazy("not available yet")


@dataclass
class Table:
    title: str
    headers: Sequence[str]
    rows: list[list[Any]] = field(default_factory=list)
    chart: str = ""


def _target_result(r: Any) -> str:
    """Met / not met only against a target the rule set sets; no target (or no denominator) says so instead
    of "not met" (seed 000 §五(四) "对照年初制定的…工作目标": a rate is judged against the target set)."""
    if r.rate is None:
        return ""
    if r.target is None or r.meets_target is None:
        return _("no target set")
    return _("met") if r.meets_target else _("not met")


def rates_rows(user: Any, campaign: Any) -> list[list[Any]]:
    """Rates against targets, computed by the upgrades capability (``upgrades.selectors.rates_for``)."""
    rows = []
    for r in rates_for(user, campaign) if campaign is not None else []:
        rows.append([f"{r.scope_name} {r.label}", r.numerator, r.denominator,
                     float(r.rate) if r.rate is not None else _("not applicable"),
                     float(r.target) if r.target is not None else None,
                     _target_result(r)])
    return rows


def _distribution(ledger: Ledger, key: str, labels: Sequence[Any], colors: Sequence[str] = PALETTE) -> tuple[list[list[Any]], str]:
    by_domain: dict[str, Counter] = {}
    domains = choice_labels(Domain)
    for r in ledger.rows:
        by_domain.setdefault(domains.get(r.organization.domain, ""), Counter())[r.values.get(key)] += 1
    rows, bars = [], []
    for domain, counts in by_domain.items():
        values = [counts.get(label, 0) for label in labels]
        rows.append([domain, *values, sum(counts.values()) - sum(values), sum(counts.values())])
        bars.append(Bar(str(domain), values))
    total = [_("Total")] + [sum(r[i] for r in rows) for i in range(1, len(labels) + 3)]
    rows.append(total)
    return rows, stacked_bars(bars, [f"{x}★" if isinstance(x, int) else str(x) for x in labels], colors=colors)


def summary_tables(ledger: Ledger, user: Any) -> list[Table]:
    levels = [str(label) for label in Level.labels]
    tables = []
    start, chart = _distribution(ledger, "level", levels)
    tables.append(Table(_("Levels by domain at the start of the year (classification)"),
                        [_("Domain"), *levels, _("Not confirmed"), _("Total")], start, chart))
    if any("yearend_level" in r.values for r in ledger.rows) or any(c.key == "yearend_level" for c in ledger.columns):
        end, chart = _distribution(ledger, "yearend_level", levels)
        tables.append(Table(_("Levels by domain at the end of the year (re-rating)"),
                            [_("Domain"), *levels, _("Not re-rated"), _("Total")], end, chart))
    else:
        tables.append(Table(_("Levels by domain at the end of the year (re-rating)"), [_("Item"), _("Value")],
                            [[_("Year-end re-rating"), str(NOT_AVAILABLE)]]))
    star_labels = [5, 4, 3, 2, 1]
    stars, chart = _distribution(ledger, "stars", star_labels, colors=STAR_COLORS)
    tables.append(Table(_("Star levels by domain"), [_("Domain"), *[f"{n}★" for n in star_labels], _("Not rated"), _("Total")],
                        stars, chart))
    tables.append(Table(_("Rates against targets"), [_("Rate"), _("Numerator"), _("Denominator"), _("Rate (%)"),
                                                     _("Target (%)"), pgettext("reports", "Result")], rates_rows(user, ledger.campaign)))
    quota_rows: list[list[Any]] = []
    if ledger.campaign is not None:
        quota = quota_for(ledger.campaign)
        names = {"5": "5★", "4": "4★", "3": "3★", "low": _("2★ and below")}
        for q in quota.rows:
            quota_rows.append([names[q.band], q.count, float(q.allowed), float(q.percent),
                               _("over") if q.over else _("within")])
    tables.append(Table(_("Star quota use"), [_("Band"), _("Proposed or approved"), _("Allowed"), _("Ceiling (%)"), pgettext("reports", "Result")],
                        quota_rows or [[str(NOT_AVAILABLE), None, None, None, ""]]))
    satisfaction = [r for r in ledger.rows if r.values.get("satisfaction") is not None]
    if satisfaction:
        sat_rows = [[r.organization.name, r.values["satisfaction"]] for r in satisfaction]
    else:
        sat_rows = [[_("Year-end satisfaction assessment"), str(NOT_AVAILABLE)]]
    tables.append(Table(_("Satisfaction rates"), [_("Organisation"), _("Satisfaction (%)")], sat_rows))
    coverage: dict[str, list[int]] = {}
    domains = choice_labels(Domain)
    for r in ledger.rows:
        entry = coverage.setdefault(domains.get(r.organization.domain, ""), [0, 0])
        entry[1] += 1
        if r.values.get("responses") or r.values.get("records"):
            entry[0] += 1
    cov_rows = [[d, done, total, float(rate(done, total)) if total else _("not applicable")] for d, (done, total) in coverage.items()]
    tables.append(Table(_("Survey coverage"), [_("Domain"), _("Surveyed"), _("Organisations"), _("Coverage (%)")], cov_rows))
    return tables


def build_annual_summary(run: Any, progress: Callable[[int], None]) -> ReportData:
    year = int((run.params or {}).get("year") or timezone.localdate().year)
    ledger = ledger_for(run.organization, run.requested_by, year)
    progress(50)
    tables = summary_tables(ledger, run.requested_by)
    width = max(len(t.headers) for t in tables)
    rows: list[list[Any]] = []
    for t in tables:
        rows.append([t.title, *[str(h) for h in t.headers]] + [None] * (width - len(t.headers)))
        for r in t.rows:
            rows.append(["", *r] + [None] * (width - len(r)))
    return ReportData(
        title=_("Annual summary (data)"), organization_name=run.organization.name, year=year,
        columns=[Column(_("Section"), 30)] + [Column("", 12) for _i in range(width)], rows=rows,
        subtitle=ledger.campaign.name if ledger.campaign else "",
        extra={"tables": tables, "narratives": narrative_statuses(run.requested_by, run.organization, year)},
        signatures=[_("Prepared by"), _("Person in charge"), _("Organisation (seal)")],
    )


def build_cadre_pay(run: Any, progress: Callable[[int], None]) -> ReportData:
    year = int((run.params or {}).get("year") or timezone.localdate().year)
    ledger = ledger_for(run.organization, run.requested_by, year)
    ruleset = ledger.campaign.ruleset if ledger.campaign is not None else None
    per_star = setting_value(ruleset, "cadre_pay_float_per_star")
    base = setting_value(ruleset, "cadre_pay_base")
    rows = []
    domains = choice_labels(Domain)
    for r in ledger.rows:
        if r.organization.domain not in COMMUNITY_DOMAINS:
            continue
        pay = cadre_pay_float(r.values.get("stars"), per_star, base)
        rows.append([len(rows) + 1, r.group, r.organization.name, domains.get(r.organization.domain, ""), pay.stars,
                     float(pay.percent) if pay.percent is not None else _("not rated"),
                     float(pay.index) if pay.index is not None else None,
                     float(pay.amount) if pay.amount is not None else None])
    notes = [_("Community cadre pay is pegged to three stars and floats %(p)s%% per star above or below "
               "(seed 001 三、1 三; the float per star is a rule-set setting).") % {"p": per_star}]
    if not base:
        notes.append(_("The rule set gives no base amount: the index shows the pay relative to a three-star community (100)."))
    return ReportData(
        title=_("Community cadre pay and star levels"), organization_name=run.organization.name, year=year,
        columns=[Column(_("No."), 5, "0"), Column(_("Township"), 16), Column(_("Community"), 24), Column(_("Domain"), 12),
                 Column(pgettext("reports", "Stars"), 6, "0"), Column(_("Float (%)"), 8, "0.0"), Column(_("Pay index"), 8, "0.0"),
                 Column(_("Reference pay (yuan)"), 12, "#,##0.00")],
        rows=rows, notes=notes, signatures=[_("Prepared by"), _("Reviewed by"), _("Organisation (seal)")],
    )


register(ReportKind(key="annual_summary", label=gettext_lazy("Annual summary"), build=build_annual_summary,
                    pdf_template="reports/pdf/summary.html", params=year_param))
register(ReportKind(key="cadre_pay", label=gettext_lazy("Community cadre pay"), build=build_cadre_pay, params=year_param))
