"""Pure star rules (docs/rules.md §8): thresholds, innovation, criteria, veto cap, quotas at their edges, class mapping."""
from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from ratings.stars.rules import (SEED001_CRITERIA, QuotaSpec, StarThresholds, quota_check, quota_with, star_class,
                                 star_decision, star_level_from_criteria, star_level_from_score)

TH = StarThresholds()


def test_ninety_with_a_recognised_innovation_project_is_five_stars():
    assert star_level_from_score(D(90), TH, innovation_recognised=True) == 5


def test_ninety_without_innovation_is_four_stars():
    assert star_level_from_score(D(90), TH, innovation_recognised=False) == 4


def test_eighty_nine_point_nine_is_four_stars_even_with_innovation():
    assert star_level_from_score(D("89.9"), TH, innovation_recognised=True) == 4


def test_each_threshold_edge():
    assert [star_level_from_score(D(x), TH) for x in ("80", "79.9", "70", "69.9", "60", "59.9", "0")] == [4, 3, 3, 2, 2, 1, 1]


def test_innovation_not_required_when_the_rule_set_says_so():
    assert star_level_from_score(D(90), StarThresholds(five_needs_innovation=False)) == 5


def test_veto_caps_a_five_star_score_at_three():
    d = star_decision(basis="score", th=TH, total=D(95), innovation_recognised=True, vetoed=True)
    assert (d.level, d.uncapped) == (3, 5) and "veto" in d.reasons


def test_veto_does_not_raise_a_lower_level():
    assert star_decision(basis="score", th=TH, total=D(65), vetoed=True).level == 2


def test_criteria_are_cumulative_a_gap_at_level_two_stops_at_one():
    met = {lv: [True] * len(items) for lv, items in SEED001_CRITERIA.items()}
    assert star_level_from_criteria(met) == 5
    met[2][1] = False
    assert star_level_from_criteria(met) == 1
    assert star_level_from_criteria({}) == 0


def test_both_bases_take_the_lower_level():
    met = {1: [True], 2: [True], 3: [True]}
    d = star_decision(basis="both", th=TH, total=D(85), criteria=met)
    assert d.level == 3


def test_quota_exactly_ten_percent_is_within_one_more_is_over():
    spec = QuotaSpec(enabled=True)
    assert not quota_check({5: 3}, 30, spec).over_for(5)
    assert quota_check(quota_with({5: 3}, 5), 30, spec).over_for(5)


def test_quota_edges_for_four_and_three_stars():
    spec = QuotaSpec(enabled=True)
    assert not quota_check({4: 9, 3: 12}, 30, spec).over_for(4)
    assert quota_check({4: 10}, 30, spec).over_for(4)
    assert not quota_check({3: 12}, 30, spec).over_for(3)
    assert quota_check({3: 13}, 30, spec).over_for(3)


def test_two_stars_and_below_over_twenty_percent_is_a_warning_not_a_cap():
    result = quota_check({1: 4, 2: 3}, 30, QuotaSpec(enabled=True))
    assert result.row("low").over and result.row("low").warning_only
    assert not result.over_for(2)


def test_quotas_off_never_flag():
    assert not quota_check({5: 30}, 30, QuotaSpec(enabled=False)).over_for(5)


def test_star_to_class_mapping_default():
    mapping = "5=advanced;4=average;3=average;2=lagging;1=lagging"
    assert [star_class(lv, mapping) for lv in (5, 4, 3, 2, 1)] == ["advanced", "average", "average", "lagging", "lagging"]


@given(st.decimals(min_value=0, max_value=120, places=1), st.booleans(), st.booleans())
def test_level_always_between_one_and_five_and_veto_never_above_cap(total, innovation, vetoed):
    d = star_decision(basis="score", th=TH, total=total, innovation_recognised=innovation, vetoed=vetoed)
    assert 1 <= d.level <= 5
    if vetoed:
        assert d.level <= TH.veto_cap


@given(st.integers(1, 1000), st.integers(0, 1000))
def test_quota_over_iff_count_exceeds_ceiling(population, count):
    over = quota_check({5: count}, population, QuotaSpec(enabled=True)).over_for(5)
    assert over == (count * 100 > 10 * population)
