"""The rates against targets (seed 000 §四(四), §五(四); docs/rules.md §9) and level changes across years."""
from decimal import Decimal

from hypothesis import given, strategies as st

from upgrades.rules import (
    HONOUR_RANK, OrgYear, RateSettings, SatisfactionTally, level_change, next_state, rates, satisfaction_rate,
    starting_level, stars_change,
)

S = RateSettings()


def by_key(rows, **kw):
    return {r.key: r for r in rates(rows, RateSettings(**kw) if kw else S)}


def org(i, start, end=None, domain="village", before=0, during=0, stars=None):
    return OrgYear(org_id=i, domain=domain, start_level=start, end_level=end, best_honour_before=before,
                   best_honour_in_year=during, end_stars=stars)


def test_no_lagging_branches_makes_the_transformation_rate_not_applicable_not_zero_or_hundred():
    r = by_key([org(1, "average"), org(2, "advanced")])["transformation"]
    assert r.denominator == 0 and r.rate is None and r.meets_target is None


def test_no_average_and_no_advanced_branches_are_not_applicable():
    got = by_key([org(1, "lagging", "average")])
    assert got["upgrade"].rate is None and got["improvement"].rate is None
    assert got["transformation"].rate == Decimal("100.0")


def test_an_empty_scope_has_every_rate_not_applicable():
    assert all(r.rate is None and r.meets_target is None for r in rates([], S))


def test_upgrade_counts_a_county_honour_of_the_year_by_default():
    rows = [org(i, "average") for i in range(1, 20)] + [org(20, "average", during=HONOUR_RANK["county"])]
    r = by_key(rows)["upgrade"]
    assert (r.numerator, r.denominator, r.rate) == (1, 20, Decimal("5.0"))
    assert r.meets_target is False


def test_three_of_twenty_is_exactly_fifteen_percent_and_meets_the_target():
    rows = [org(i, "average", during=1 if i <= 3 else 0) for i in range(1, 21)]
    r = by_key(rows)["upgrade"]
    assert r.rate == Decimal("15.0") and r.meets_target is True


def test_the_alternative_setting_counts_rerating_to_advanced_instead_of_honours():
    rows = [org(1, "average", "advanced"), org(2, "average", "average", during=1)]
    assert by_key(rows, upgrade_counts="rerating")["upgrade"].numerator_ids == (1,)
    assert by_key(rows)["upgrade"].numerator_ids == (2,)


def test_transformation_needs_a_fixed_level_that_is_no_longer_lagging():
    rows = [org(1, "lagging", "average"), org(2, "lagging", "lagging"), org(3, "lagging", None)]
    r = by_key(rows)["transformation"]
    assert r.numerator_ids == (1,) and r.denominator == 3 and r.meets_target is False


def test_nine_of_ten_transformed_meets_ninety_percent():
    rows = [org(i, "lagging", "average" if i <= 9 else "lagging") for i in range(1, 11)]
    assert by_key(rows)["transformation"].meets_target is True


def test_improvement_needs_an_honour_higher_than_any_held_before():
    rows = [org(1, "advanced", before=2, during=2), org(2, "advanced", before=2, during=3), org(3, "advanced", during=1)]
    assert by_key(rows)["improvement"].numerator_ids == (2, 3)


def test_default_scope_is_village_and_community_and_a_setting_widens_it():
    rows = [org(1, "lagging", "average", domain="organ"), org(2, "lagging", "lagging", domain="urban_community")]
    assert by_key(rows)["transformation"].denominator_ids == (2,)
    assert by_key(rows, scope="all")["transformation"].denominator == 2


def test_star_shares_appear_only_where_the_rule_set_has_goals():
    rows = [org(1, "average", stars=3), org(2, "average", stars=5), org(3, "average", stars=1)]
    assert "stars_3plus" not in by_key(rows)
    got = by_key(rows, star_goal_3plus=Decimal("80"), star_goal_5=Decimal("20"))
    assert got["stars_3plus"].numerator == 2 and got["stars_3plus"].meets_target is False
    assert got["stars_5"].numerator == 1 and got["stars_5"].meets_target is True


@given(st.lists(st.tuples(st.sampled_from(["lagging", "average", "advanced", None]),
                          st.sampled_from(["lagging", "average", "advanced", None]),
                          st.integers(0, 4), st.integers(0, 4)), max_size=40))
def test_every_rate_is_between_0_and_100_or_not_applicable_exactly_when_its_base_is_empty(data):
    rows = [org(i, s, e, before=b, during=d) for i, (s, e, b, d) in enumerate(data)]
    for r in rates(rows, S):
        assert set(r.numerator_ids) <= set(r.denominator_ids)
        if r.denominator == 0:
            assert r.rate is None and r.meets_target is None
        else:
            assert Decimal(0) <= r.rate <= Decimal(100)


def test_level_changes_across_years():
    assert level_change("lagging", "average") == "up"
    assert level_change("advanced", "average") == "down"
    assert level_change("average", "average") == "same"
    assert level_change(None, "average") is None and level_change("average", "") is None
    assert stars_change(3, 4) == "up" and stars_change(4, 3) == "down" and stars_change(3, None) is None


@given(st.sampled_from(["lagging", "average", "advanced"]), st.sampled_from(["lagging", "average", "advanced"]))
def test_a_change_and_its_reverse_are_opposite(a, b):
    flip = {"up": "down", "down": "up", "same": "same"}
    assert flip[level_change(a, b)] == level_change(b, a)


def test_a_new_year_starts_from_the_confirmed_level_else_last_years_final_level():
    assert starting_level("advanced", "lagging") == "advanced"
    assert starting_level(None, "lagging") == "lagging"
    assert starting_level(None, None) is None


def test_commitment_transitions_are_the_table():
    assert next_state("draft", "submit") == "submitted"
    assert next_state("returned", "submit") == "submitted"
    assert next_state("submitted", "approve") == "approved"
    assert next_state("submitted", "return") == "returned"
    assert next_state("draft", "approve") is None and next_state("approved", "return") is None


def test_satisfaction_rate_without_ballots_is_not_applicable_and_basically_counts_by_default():
    assert satisfaction_rate(SatisfactionTally()) is None
    t = SatisfactionTally(6, 2, 2)
    assert satisfaction_rate(t) == Decimal("80.0")
    assert satisfaction_rate(t, count_basically=False) == Decimal("60.0")
