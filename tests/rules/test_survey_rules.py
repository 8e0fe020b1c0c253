"""Pure survey rules: codes, answer parsing, satisfaction rate, lateness, transitions."""
from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from surveys import rules
from surveys.rules import QuestionShape, parse_answer


def test_codes_use_no_look_alike_characters():
    for ch in "0O1IL5S2Z8B":
        assert ch not in rules.CODE_ALPHABET
    code = rules.new_code()
    assert len(code) == rules.CODE_LENGTH and set(code) <= set(rules.CODE_ALPHABET)


@given(st.text(alphabet=rules.CODE_ALPHABET, min_size=8, max_size=8))
def test_a_code_typed_in_lower_case_with_a_dash_is_the_same_code(code):
    typed = f" {code[:4].lower()}-{code[4:]} "
    assert rules.normalise_code(typed) == code
    assert rules.normalise_code(rules.format_code(code)) == code


def test_domains_map_to_the_four_questionnaire_categories_of_seed_000():
    assert rules.category_for_domain("village") == "village_community"
    assert rules.category_for_domain("agri_community") == "village_community"
    assert rules.category_for_domain("school") == "organ_institution"
    assert rules.topics_for_domain("school") == ("", "school")
    assert rules.topics_for_domain("organ") == ("",)
    assert rules.category_for_domain("social_org") == "enterprise_social"
    assert rules.category_for_domain("remote_edu") == "remote_edu"


SINGLE = QuestionShape("single", ("好", "一般", "差"), True)
MULTI = QuestionShape("multiple", ("甲", "乙", "丙"), False)


@pytest.mark.parametrize("raw,expected", [("一般", ["一般"]), ("B", ["一般"]), ("b", ["一般"]), (2, ["一般"]), (2.0, ["一般"])])
def test_single_choice_accepts_text_letter_or_number(raw, expected):
    assert parse_answer(SINGLE, raw) == (expected, "")


def test_single_choice_refuses_an_unknown_option_in_chinese_words():
    with pytest.raises(ValueError):
        parse_answer(SINGLE, "很好")
    with pytest.raises(ValueError):
        parse_answer(SINGLE, "D")


def test_required_question_needs_an_answer_and_optional_does_not():
    with pytest.raises(ValueError):
        parse_answer(SINGLE, "")
    assert parse_answer(MULTI, None) == ([], "")


@pytest.mark.parametrize("raw", ["A、C", "A,C", "丙，甲", "AC", "1;3", "甲 丙"])
def test_multiple_choice_accepts_separators_and_keeps_option_order(raw):
    assert parse_answer(MULTI, raw) == (["甲", "丙"], "")


def test_satisfaction_accepts_the_three_chinese_words():
    shape = QuestionShape("satisfaction", (), True)
    assert parse_answer(shape, "满意") == (["satisfied"], "")
    assert parse_answer(shape, "基本满意") == (["basic"], "")
    assert parse_answer(shape, "不满意") == (["dissatisfied"], "")
    with pytest.raises(ValueError):
        parse_answer(shape, "很满意")


def test_scale_is_one_to_five():
    shape = QuestionShape("scale", (), True)
    assert parse_answer(shape, 5) == (["5"], "")
    for bad in (0, 6, "4.5", "好"):
        with pytest.raises(ValueError):
            parse_answer(shape, bad)


def test_satisfaction_rate_counts_basic_by_default_setting():
    counts = {"satisfied": 6, "basic": 3, "dissatisfied": 1}
    assert rules.satisfaction_rate(counts, count_basic=True) == Decimal("90.0")
    assert rules.satisfaction_rate(counts, count_basic=False) == Decimal("60.0")
    assert rules.satisfaction_rate({}, count_basic=True) is None


def test_distribution_keeps_the_option_order_and_shares():
    shares = rules.distribution({"b": 1, "a": 3}, [("a", "A"), ("b", "B"), ("c", "C")])
    assert [(s.value, s.count, s.percent) for s in shares] == [("a", 3, Decimal("75.0")), ("b", 1, Decimal("25.0")), ("c", 0, Decimal("0"))]


def test_a_report_on_the_due_day_is_on_time_and_a_day_later_is_late():
    due = datetime.date(2026, 3, 31)
    assert not rules.is_late(due, due)
    assert rules.is_late(due + datetime.timedelta(days=1), due)


def test_a_closed_round_can_only_be_reopened_and_an_accepted_report_is_final():
    assert rules.can_move(rules.ROUND_TRANSITIONS, "open", "closed")
    assert not rules.can_move(rules.ROUND_TRANSITIONS, "closed", "draft")
    assert rules.REPORT_TRANSITIONS["accepted"] == ()


def test_multiple_choice_shares_are_of_the_respondents_not_of_all_ticks():
    # 62 people all ticked "a", 50 of them also ticked "b": 112 ticks, but "a" is 100% of the people
    shares = rules.distribution({"a": 62, "b": 50}, [("a", "A"), ("b", "B")], respondents=62)
    assert [(s.count, s.percent) for s in shares] == [(62, Decimal("100.0")), (50, Decimal("80.6"))]
