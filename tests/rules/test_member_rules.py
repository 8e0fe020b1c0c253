"""Pure rules of the two-ballot member evaluation (docs/rules.md §11)."""
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from members import rules


def test_a_ballots_grade_is_its_mean_points_rounded_half_up():
    assert rules.grade_of(rules.mean_points({"excellent": 1, "qualified": 1})) == "excellent"  # 4.5 → 5
    assert rules.grade_of(rules.mean_points({"qualified": 3, "basic": 1})) == "qualified"  # 3.75
    assert rules.mean_points({}) is None


def test_weighted_combination_counts_both_ballots_equally_by_default():
    party = {"qualified": 10}  # 4
    masses = {"basic_not": 10}  # 2
    assert rules.combine(party, masses, method="weighted", party_weight=50) == ("qualified", "basic_not", "basic")
    assert rules.combine(party, masses, method="weighted", party_weight=80)[2] == "qualified"  # 3.6 → 4


def test_the_lower_method_takes_the_worse_grade():
    assert rules.combine({"excellent": 3}, {"basic": 3}, method="lower", party_weight=50)[2] == "basic"


def test_a_ballot_nobody_voted_in_leaves_the_other_alone():
    assert rules.combine({"qualified": 2}, {}, method="weighted", party_weight=50) == ("qualified", None, "qualified")
    assert rules.combine({}, {}, method="lower", party_weight=50) == (None, None, None)


def test_handling_is_for_the_two_lowest_grades():
    assert rules.needs_handling("basic_not") and rules.needs_handling("not")
    assert not rules.needs_handling("basic") and not rules.needs_handling(None)


def test_a_paper_tally_may_not_hold_more_votes_than_papers():
    assert rules.paper_check({1: {"qualified": 5}, 2: {"qualified": 3, "basic": 3}}, 5) == [2]


@settings(deadline=None)  # the machine is shared: a slow example is not a wrong one
@given(st.dictionaries(st.sampled_from(rules.GRADES), st.integers(0, 50), min_size=1),
       st.dictionaries(st.sampled_from(rules.GRADES), st.integers(0, 50), min_size=1), st.integers(0, 100))
def test_the_result_lies_between_the_two_ballots(party, masses, weight):
    pg, mg, grade = rules.combine(party, masses, method="weighted", party_weight=weight)
    if pg and mg:
        lo, hi = sorted((rules.POINTS[pg], rules.POINTS[mg]))
        assert lo <= rules.POINTS[grade] <= hi  # rounding half up is monotone
        assert Decimal(0) < rules.mean_points(party) <= 5
