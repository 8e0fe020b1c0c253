"""The star column of the ledgers (core/ledger_sources.py contract, docs/rules.md §10).

``values`` answers with one query whatever the number of organisations. The year is the campaign's."""
from __future__ import annotations

from typing import Any, Sequence

from django.utils.translation import gettext_lazy

from core.ledger_sources import LedgerColumn, LedgerContext, LedgerSource, in_ledger, register

from .models import StarRating


def star_values(orgs: Sequence[Any], ctx: LedgerContext) -> dict[int, dict[str, Any]]:
    return {org_id: {"stars": level} for org_id, level in
            StarRating.objects.filter(in_ledger(orgs, ctx), year=ctx.year).values_list("organization_id", "level")}


register(LedgerSource(
    key="stars", order=30, values=star_values,
    columns=(LedgerColumn("stars", gettext_lazy("Star level of the year"), 5, "0"),),
))
