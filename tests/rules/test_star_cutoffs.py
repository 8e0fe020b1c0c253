"""Star cut-offs belong to each scoring sheet (docs/rules.md §8).

Seed 004 二: "8项创评指标总分110分 … 得分在90分以上 … 80分以上 … 70分以上 … 60分以上" — those cut-offs are
the 110-point sheet's. Another sheet takes the rule set's cut-offs as the same share of its own maximum.
"""
from decimal import Decimal as D

from ratings.stars.rules import StarThresholds, star_level_from_score, thresholds_for_sheet

SEED004 = StarThresholds()  # 90 / 80 / 70 / 60


def test_a_34_point_sheet_scored_30_is_not_one_star():
    th = thresholds_for_sheet(SEED004, sheet_max=D(34))
    assert th.five == D("30.6") and th.four == D("27.2") and th.three == D("23.8") and th.two == D("20.4")
    assert star_level_from_score(D(30), th) == 4  # was 1 star against the fixed 90/80/70/60
    assert star_level_from_score(D("30.6"), th, innovation_recognised=True) == 5  # "以上" includes the number


def test_the_seed_004_sheet_keeps_its_own_cut_offs():
    th = thresholds_for_sheet(SEED004, sheet_max=D(110), own=(D(90), D(80), D(70), D(60)))
    assert (th.five, th.four, th.three, th.two) == (D(90), D(80), D(70), D(60))
    assert star_level_from_score(D("89.99"), th, innovation_recognised=True) == 4


def test_a_hundred_point_sheet_without_cut_offs_uses_the_rule_sets_numbers():
    th = thresholds_for_sheet(SEED004, sheet_max=D(100))
    assert (th.five, th.four, th.three, th.two) == (D(90), D(80), D(70), D(60))


def test_a_template_may_set_some_cut_offs_and_share_the_rest():
    th = thresholds_for_sheet(SEED004, sheet_max=D(50), own=(D(48), None, None, None))
    assert th.five == D(48) and th.four == D(40)


def test_five_stars_need_the_recognised_innovation_project_whatever_the_score():
    """Seed 004: "得分在90分以上，且有党建创新项目(由市委组织部认定)"."""
    th = thresholds_for_sheet(SEED004, sheet_max=D(34))
    assert star_level_from_score(D(34), th, innovation_recognised=False) == 4
