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

from core.ledger_sources import LedgerColumn, LedgerContext, LedgerSource, register

from .models import Classification, ClassificationReview, Level, Meeting


def _rating_cell(result: Any) -> str:
    """Step 1-2 tally: the plurality level with the three counts (先进 31/22/5)."""
    counts = (result.advanced, result.average, result.lagging)
    if not any(counts):
        return ""
    best = max(range(3), key=lambda i: counts[i])
    return f"{str(Level.labels[best])} {counts[0]}/{counts[1]}/{counts[2]}"


def _deliberation_cell(result: Any) -> str:
    valid = result.agree + result.disagree + result.abstain
    if not valid:
        return ""
    return _("agree %(agree)d/%(valid)d") % {"agree": result.agree, "valid": valid}


def classification_values(orgs: Sequence[Any], ctx: LedgerContext) -> dict[int, dict[str, Any]]:
    ids = [o.pk for o in orgs]
    out: dict[int, dict[str, Any]] = {}
    rows = Classification.objects.filter(organization_id__in=ids, campaign__year=ctx.year).order_by("campaign__scope__path")
    by_pk: dict[int, int] = {}
    labels = {value: str(label) for value, label in Level.choices}
    for c in rows:
        by_pk[c.pk] = c.organization_id
        out[c.organization_id] = {
            "state": c.get_state_display(), "step3": labels.get(c.self_level, ""),
            "level": labels.get(c.final_level, "") if c.state == "confirmed" else "",
            "level_key": c.final_level if c.state == "confirmed" else "",
        }
    meetings = (Meeting.objects.filter(classification_id__in=list(by_pk), superseded=False)
                .select_related("result").order_by("classification_id", "step", "id"))
    for m in meetings:
        result = getattr(m, "result", None)
        if result is None:
            continue
        row = out[by_pk[m.classification_id]]
        if m.step in (1, 2):
            row[f"step{m.step}"] = _rating_cell(result)
        elif m.step == 4:
            row["step4"] = _deliberation_cell(result)
    confirmations = (ClassificationReview.objects.filter(classification_id__in=list(by_pk), kind=ClassificationReview.Kind.CONFIRM)
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
