"""The two shared trust rules: small groups are not broken down; the author does not approve."""
from types import SimpleNamespace

from core.four_eyes import may_decide
from core.secrecy import breakdown_or_none, group_too_small


def test_a_group_below_the_threshold_is_too_small_but_an_empty_one_reveals_nothing():
    assert group_too_small(1, 5)
    assert group_too_small(4, 5)
    assert not group_too_small(5, 5)
    assert not group_too_small(0, 5)


def test_breakdown_of_a_small_group_is_withheld():
    assert breakdown_or_none({"满意": 1}, 1, 5) is None
    assert breakdown_or_none({"满意": 3, "不满意": 2}, 5, 5) == {"满意": 3, "不满意": 2}


def test_the_author_may_not_decide_while_four_eyes_is_on():
    clerk, reviewer = SimpleNamespace(pk=1), SimpleNamespace(pk=2)
    assert not may_decide(clerk, authors=[clerk], enabled=True)
    assert not may_decide(clerk, authors=[None, 1], enabled=True)
    assert may_decide(reviewer, authors=[clerk, None], enabled=True)


def test_a_single_clerk_office_may_switch_four_eyes_off():
    clerk = SimpleNamespace(pk=1)
    assert may_decide(clerk, authors=[clerk], enabled=False)
