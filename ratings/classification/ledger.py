"""The classification columns of the ledgers (core/ledger_sources.py contract, docs/rules.md §10); the star
column is in ratings/stars/ledger.py.

``values`` answers with a fixed number of queries (two) whatever the number of organisations. The
year is the campaign's: a township campaign and the county campaign of the same year both show the
branch's classification of that year."""
from __future__ import annotations

from typing import Any, Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.choices import choice_labels
from core.ledger_sources import LedgerColumn, LedgerContext, LedgerSource, in_ledger, register

from .models import Classification, ClassificationReview, ClassificationState, Level, Meeting


def _rating_cell(advanced: int, average: int, lagging: int, levels: Sequence[str]) -> str:
    """Step 1-2 tally: the plurality level with the three counts (先进 31/22/5)."""
    counts = (advanced, average, lagging)
    if not any(counts):
        return ""
    best = max(range(3), key=lambda i: counts[i])
    return f"{levels[best]} {advanced}/{average}/{lagging}"


def _deliberation_cell(agree: int, disagree: int, abstain: int, template: str) -> str:
    """Step 4: ``template`` is the translated "agree %(agree)d/%(valid)d", looked up once per ledger."""
    valid = agree + disagree + abstain
    if not valid:
        return ""
    return template % {"agree": agree, "valid": valid}


def classification_values(orgs: Sequence[Any], ctx: LedgerContext) -> dict[int, dict[str, Any]]:
    """Plain rows (values_list), not model instances: the ledger reads four tables for every organisation."""
    out: dict[int, dict[str, Any]] = {}
    classifications = Classification.objects.filter(in_ledger(orgs, ctx), campaign__year=ctx.year)
    rows = (classifications.order_by("campaign__scope__path")
            .values_list("pk", "organization_id", "state", "self_level", "final_level"))
    by_pk: dict[int, int] = {}
    labels = choice_labels(Level)
    levels = list(labels.values())
    states = choice_labels(ClassificationState)
    agree_template = _("agree %(agree)d/%(valid)d")
    for pk, organization_id, state, self_level, final_level in rows:
        by_pk[pk] = organization_id
        confirmed = state == ClassificationState.CONFIRMED
        out[organization_id] = {
            "state": states.get(state, state), "step3": labels.get(self_level, ""),
            "level": labels.get(final_level, "") if confirmed else "",
            "level_key": final_level if confirmed else "",
        }
    meetings = (Meeting.objects.filter(classification__in=classifications.values("pk"), superseded=False, result__isnull=False)
                .order_by("classification_id", "step", "id")
                .values_list("classification_id", "step", "result__advanced", "result__average", "result__lagging",
                             "result__agree", "result__disagree", "result__abstain"))
    for classification_id, step, advanced, average, lagging, agree, disagree, abstain in meetings:
        row = out[by_pk[classification_id]]
        if step in (1, 2):
            row[f"step{step}"] = _rating_cell(advanced, average, lagging, levels)
        elif step == 4:
            row["step4"] = _deliberation_cell(agree, disagree, abstain, agree_template)
    confirmations = (ClassificationReview.objects.filter(classification__in=classifications.values("pk"), kind=ClassificationReview.Kind.CONFIRM)
                     .order_by("classification_id", "created").values_list("classification_id", "created"))
    for classification_id, created in confirmations:  # the latest confirmation wins
        out[by_pk[classification_id]]["confirmed_on"] = timezone.localtime(created).date()
    return out


register(LedgerSource(
    key="classification", order=20, values=classification_values,
    columns=(LedgerColumn("step1", gettext_lazy("Step 1 masses pre-rating"), 11),
             LedgerColumn("step2", gettext_lazy("Step 2 member review"), 11),
             LedgerColumn("step3", gettext_lazy("Step 3 self-rating"), 6),
             LedgerColumn("step4", gettext_lazy("Step 4 deliberation"), 9),
             LedgerColumn("level", gettext_lazy("Classification level"), 8),
             LedgerColumn("confirmed_on", gettext_lazy("Confirmed on"), 8, "yyyy-mm-dd")),
))
