"""Round results: a multiple-choice option's share is of the people who answered the question."""
from __future__ import annotations

from decimal import Decimal

from surveys.selectors import round_results

from .helpers import add_paper, new_round


def test_every_respondent_ticking_an_option_reads_100_percent(demo):
    round_ = new_round(demo)
    # each category as large as the secrecy threshold, so the results are broken down by category
    # (a smaller group is never shown apart: core.secrecy, small_group_threshold)
    n = round_.campaign.ruleset.setting("small_group_threshold")
    add_paper(demo, round_, "party_member", n)  # each ticks the first two options of every multiple question
    add_paper(demo, round_, "masses", n)
    results, _respondents, _rate = round_results(round_, count_basic=True)
    several = next(r for r in results if r.question.kind == "multiple")
    first, second = several.shares[0], several.shares[1]
    assert several.total == 2 * n and first.count == 2 * n and second.count == 2 * n
    assert first.percent == Decimal("100.0") and second.percent == Decimal("100.0")
    masses = {s.value: s for s in several.by_category["masses"]}
    assert masses[first.value].percent == Decimal("100.0")
