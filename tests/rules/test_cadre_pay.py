"""Community cadre pay pegged to three stars (seed 001 三、1 三: 以三星级为基准,上下适当浮动)."""
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from reports.rules import cadre_pay_float, rate


def test_three_stars_is_the_base_with_no_float():
    pay = cadre_pay_float(3, Decimal("5"), Decimal("30000"))
    assert pay.percent == 0 and pay.index == 100 and pay.amount == Decimal("30000.00")


def test_five_stars_float_up_two_steps_and_one_star_down_two():
    assert cadre_pay_float(5, Decimal("5")).percent == Decimal("10")
    assert cadre_pay_float(1, Decimal("5")).index == Decimal("90")


def test_an_unrated_community_has_no_float_and_no_base_gives_no_amount():
    assert cadre_pay_float(None, Decimal("5")).percent is None
    assert cadre_pay_float(4, Decimal("5")).amount is None


@given(st.integers(1, 5), st.decimals(0, 20, places=1))
def test_float_is_symmetric_around_three_stars(stars, per_star):
    up = cadre_pay_float(stars, per_star).percent
    down = cadre_pay_float(6 - stars, per_star).percent
    assert up == -down


def test_a_rate_with_nothing_to_count_is_not_applicable():
    assert rate(0, 0) is None and rate(3, 4) == Decimal("75.0")
