"""The star rule switches seen in county practice (docs/rules.md §8): each off by default."""
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from ratings.stars.rules import StarSwitches, star_limit

ALL_ON = StarSwitches(satisfaction_cap=True, one_up=True, skip_new=True)


def test_with_every_switch_off_nothing_is_limited():
    limit = star_limit(StarSwitches(), year=2026, founded_year=2026, satisfaction_percent=D("10"), previous_level=1)
    assert limit.level == 5 and limit.reasons == ()


def test_satisfaction_below_the_minimum_caps_the_level_and_exactly_the_minimum_does_not():
    assert star_limit(ALL_ON, year=2026, satisfaction_percent=D("59.9")).level == 2
    assert star_limit(ALL_ON, year=2026, satisfaction_percent=D("60")).level == 5
    assert star_limit(ALL_ON, year=2026, satisfaction_percent=None).level == 5  # no survey: no cap


def test_at_most_one_star_up_a_year_unless_an_exception_is_approved():
    assert star_limit(ALL_ON, year=2026, previous_level=2).level == 3
    assert star_limit(ALL_ON, year=2026, previous_level=2, exception_approved=True).level == 5
    assert star_limit(ALL_ON, year=2026, previous_level=None).level == 5  # first rating: anywhere


def test_an_organisation_founded_this_year_is_not_rated_and_one_founded_last_year_is():
    assert star_limit(ALL_ON, year=2026, founded_year=2026).not_rated
    assert not star_limit(ALL_ON, year=2026, founded_year=2025).not_rated


def test_both_caps_give_the_lower_ceiling_with_both_reasons():
    limit = star_limit(ALL_ON, year=2026, satisfaction_percent=D("40"), previous_level=0)
    assert limit.level == 1 and limit.reasons == ("satisfaction", "one star up a year")


@given(previous=st.integers(0, 5), rate=st.decimals(0, 100, places=1), exception=st.booleans())
def test_the_limit_is_always_a_level_between_one_and_five(previous, rate, exception):
    limit = star_limit(ALL_ON, year=2026, satisfaction_percent=rate, previous_level=previous, exception_approved=exception)
    assert 1 <= limit.level <= 5
    if not exception:
        assert limit.level <= previous + 1
