"""The upgrade phase's columns of the classification ledger (分类管理台账, docs/rules.md §10): target level and
stars, measures done/total, year-end level and the change. Constant query count (selectors.org_years_of)."""
from __future__ import annotations

from typing import Any, Sequence

from django.utils.translation import gettext, gettext_lazy as _

from core.ledger_sources import LedgerColumn, LedgerContext, LedgerSource, register
from organizations.models import Organization
from ratings.classification.models import Level

from .selectors import org_years_of

CHANGE = {"up": _("Up"), "same": _("Same"), "down": _("Down")}


def _values(orgs: Sequence[Any], ctx: LedgerContext) -> dict[int, dict[str, Any]]:
    """Commitments and year-ends belong to a campaign: without one for the year there is nothing to show."""
    orgs = list(orgs)
    if not orgs or ctx.campaign_id is None:
        return {}
    qs = Organization.objects.filter(pk__in=[o.pk for o in orgs])
    data = org_years_of(orgs, qs, campaign_id=ctx.campaign_id, year=ctx.year)
    labels = dict(Level.choices)
    out = {}
    for pk, d in data.items():
        out[pk] = {
            "target_level": str(labels[d["target_level"]]) if d["target_level"] else None,
            "target_stars": d["target_stars"],
            "measures": f"{d['done']}/{d['total']}" if d["total"] else None,
            "yearend_level": str(labels[d["end_level"]]) if d["end_level"] else None,
            "change": gettext(str(CHANGE[d["change"]])) if d["change"] else None,
        }
    return out


register(LedgerSource(
    key="upgrades", order=40,
    columns=(LedgerColumn("target_level", _("Target level"), 10), LedgerColumn("target_stars", _("Target stars"), 8),
             LedgerColumn("measures", _("Measures done/total"), 10), LedgerColumn("yearend_level", _("Year-end level"), 10),
             LedgerColumn("change", _("Change"), 8)),
    values=_values,
))
