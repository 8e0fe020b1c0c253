"""The survey columns of the ledgers (core/ledger_sources.py contract): questionnaires answered and other
survey records (symposiums, visits, interviews...) of the ledger's year. Two queries for any number of
organisations."""
from __future__ import annotations

from typing import Any, Sequence

from django.db.models import Count
from django.utils.translation import gettext_lazy

from core.ledger_sources import LedgerColumn, LedgerContext, LedgerSource, in_ledger, register

from .models import Response, SurveyRecord


def survey_values(orgs: Sequence[Any], ctx: LedgerContext) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    answered = (Response.objects.filter(in_ledger(orgs, ctx, "round__organization"), round__campaign__year=ctx.year)
                .values("round__organization_id").annotate(n=Count("id")).order_by())
    for row in answered:
        out.setdefault(row["round__organization_id"], {})["responses"] = row["n"]
    records = (SurveyRecord.objects.filter(in_ledger(orgs, ctx), campaign__year=ctx.year)
               .values("organization_id").annotate(n=Count("id")).order_by())
    for row in records:
        out.setdefault(row["organization_id"], {})["records"] = row["n"]
    return out


register(LedgerSource(
    key="surveys", order=10, values=survey_values,
    columns=(LedgerColumn("responses", gettext_lazy("Questionnaires"), 6, "0"),
             LedgerColumn("records", gettext_lazy("Survey records"), 6, "0")),
))
