"""The upgrade phase's columns of the classification ledger (分类管理台账, docs/rules.md §10): target level and
stars, measures done/total, year-end level and the change. Constant query count (selectors.org_years_of)."""
from __future__ import annotations

from typing import Any, Sequence

from django.utils.translation import gettext, gettext_lazy as _

from core.choices import choice_labels
from core.ledger_sources import LedgerColumn, LedgerContext, LedgerSource, register
from organizations.models import Organization
from ratings.classification.models import Level

from .models import YearEnd
from .rules import SatisfactionTally, satisfaction_rate
from .selectors import org_years_of

CHANGE = {"up": _("Up"), "same": _("Same"), "down": _("Down")}


def _values(orgs: Sequence[Any], ctx: LedgerContext) -> dict[int, dict[str, Any]]:
    """Commitments and year-ends belong to a campaign: without one for the year there is nothing to show."""
    orgs = list(orgs)
    if not orgs or ctx.campaign_id is None:
        return {}
    # The subtree as a path prefix, not 800 ids bound into each of the seven queries; rows of organisations
    # outside ``orgs`` (archived, or not rated) are never read from the result.
    qs = Organization.objects.filter(path__under=ctx.scope_path)
    data = org_years_of(orgs, qs, campaign_id=ctx.campaign_id, year=ctx.year)
    labels = choice_labels(Level)
    changes = {key: gettext(str(label)) for key, label in CHANGE.items()}
    out = {}
    for pk, d in data.items():
        out[pk] = {
            "target_level": labels[d["target_level"]] if d["target_level"] else None,
            "target_stars": d["target_stars"],
            "measures": f"{d['done']}/{d['total']}" if d["total"] else None,
            "yearend_level": labels[d["end_level"]] if d["end_level"] else None,
            "change": changes[d["change"]] if d["change"] else None,
        }
    for pk, rate in _satisfaction(qs, ctx).items():
        out.setdefault(pk, {})["satisfaction"] = rate
    return out


def _satisfaction(orgs: Any, ctx: LedgerContext) -> dict[int, float]:
    """The year-end satisfaction rate of each organisation whose assessment was held (paper totals entered or
    the online ballot closed), for the annual summary (seed 000 §五(二)); one query."""
    from core.rulesettings import setting_value
    from campaigns.models import RuleSet

    ruleset = RuleSet.objects.filter(pk=ctx.ruleset_id).first() if ctx.ruleset_id else None
    count_basically = setting_value(ruleset, "satisfaction_counts_basically")
    out = {}
    rows = (YearEnd.objects.filter(campaign_id=ctx.campaign_id, organization__in=orgs).exclude(sat_ballot="open")
            .values_list("organization_id", "sat_counts"))
    for pk, counts in rows:
        total = SatisfactionTally()
        for c in (counts or {}).values():
            total = SatisfactionTally(total.satisfied + int(c.get("satisfied", 0)), total.basically + int(c.get("basically", 0)),
                                      total.dissatisfied + int(c.get("dissatisfied", 0)))
        value = satisfaction_rate(total, count_basically)
        if value is not None:
            out[pk] = float(value)
    return out


register(LedgerSource(
    key="upgrades", order=40,
    columns=(LedgerColumn("target_level", _("Target level"), 10), LedgerColumn("target_stars", _("Target stars"), 8),
             LedgerColumn("measures", _("Measures done/total"), 10), LedgerColumn("yearend_level", _("Year-end level"), 10),
             LedgerColumn("change", _("Change"), 8)),
    values=_values,
))
