"""Seed 002's results (组织工作目标管理考核办法 三): "根据综合考核结果，评出一、二、三等奖各1名，予以表彰奖励；
综合考核结果在80分以下的，予以通报批评" — 80分以下 includes 80 (docs/rules.md §4)."""
from decimal import Decimal as D

from ratings.stars.rules import assessment_results


def test_one_first_second_and_third_prize_by_final_score():
    rows = assessment_results([(1, D("91.5")), (2, D("95")), (3, D("88")), (4, D("86")), (5, None)])
    by_key = {r.key: r for r in rows}
    assert [by_key[k].prize for k in (2, 1, 3, 4)] == [1, 2, 3, None]
    assert [by_key[k].rank for k in (2, 1, 3, 4)] == [1, 2, 3, 4]
    assert by_key[5].rank is None and by_key[5].prize is None and not by_key[5].criticised
    assert rows[-1].key == 5  # unassessed last


def test_eighty_points_is_criticised_and_eighty_and_a_bit_is_not():
    rows = {r.key: r for r in assessment_results([(1, D("80")), (2, D("80.01")), (3, D("79"))])}
    assert rows[1].criticised and rows[3].criticised and not rows[2].criticised


def test_equal_scores_share_the_rank_and_the_better_prize():
    rows = {r.key: r for r in assessment_results([(1, D(90)), (2, D(90)), (3, D(85))])}
    assert rows[1].rank == rows[2].rank == 1 and rows[1].prize == rows[2].prize == 1
    assert rows[3].rank == 3 and rows[3].prize == 3


def test_prize_counts_come_from_the_rule_set():
    rows = assessment_results([(k, D(100 - k)) for k in range(1, 7)], prizes=(2, 0, 1), criticised_at_or_below=D(94))
    assert [r.prize for r in rows] == [1, 1, 3, None, None, None]
    assert [r.criticised for r in rows] == [False, False, False, False, False, True]
