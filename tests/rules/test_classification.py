"""Pure rules of the four-step classification (docs/rules.md §4, §5) — no database."""
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaigns.quorum import Attendance, QuorumSpec, quorum_check
from organizations.rules import member_meeting_type
from ratings.classification import rules

D = Decimal

# The built-in quorum rows (campaigns/fixtures/builtin_rules.json) for the classification steps.
STEP1_A = QuorumSpec(min_total=50)
STEP1_B = QuorumSpec(min_total=20, may_invite_service_recipients=True)
STEP2 = QuorumSpec(min_entitled_percent=D(50))
STEP4_A = QuorumSpec(min_total=60, min_masses_percent=D(30), may_invite_service_recipients=True)
STEP4_B = QuorumSpec(min_total=30, min_masses_percent=D(20), may_invite_service_recipients=True)


# --- meeting type [seed 000 §三(二)2]
def test_forty_nine_members_hold_an_assembly():
    assert member_meeting_type(49, delegates_from=50) == "assembly"
    assert rules.meeting_kind_for_step(2, 49, delegates_from=50) == "member_assembly"


def test_fifty_members_hold_a_delegates_meeting():
    assert member_meeting_type(50, delegates_from=50) == "delegates"
    assert rules.meeting_kind_for_step(2, 50, delegates_from=50) == "member_delegates"


def test_steps_one_and_four_have_their_fixed_meeting_types():
    assert rules.meeting_kind_for_step(1, 80, delegates_from=50) == "masses_representatives"
    assert rules.meeting_kind_for_step(4, 10, delegates_from=50) == "members_masses_representatives"
    with pytest.raises(ValueError):
        rules.meeting_kind_for_step(3, 10, delegates_from=50)


# --- step 1 quorum [seed 000 §三(二)1]: A ≥ 50, B ≥ 20 attendees
def test_step1_village_with_fifty_attendees_passes():
    assert quorum_check(STEP1_A, Attendance(party_members=20, masses=30)).ok


def test_step1_village_with_forty_nine_attendees_fails_and_says_one_more():
    result = quorum_check(STEP1_A, Attendance(party_members=19, masses=30))
    assert not result.ok and result.missing_people == 1
    assert "1" in result.summary


def test_step1_group_b_with_twenty_passes_and_nineteen_fails():
    assert quorum_check(STEP1_B, Attendance(party_members=10, masses=10)).ok
    assert not quorum_check(STEP1_B, Attendance(party_members=10, masses=9)).ok


def test_step1_group_b_may_fill_up_with_service_recipients():
    assert quorum_check(STEP1_B, Attendance(party_members=10, masses=5, service_recipients=5)).ok


def test_step1_group_a_does_not_count_service_recipients():
    result = quorum_check(STEP1_A, Attendance(party_members=20, masses=25, service_recipients=5))
    assert not result.ok and result.counted == 45 and result.notes


# --- step 2 quorum (default: more than half of those entitled)
def test_step2_exactly_half_of_the_entitled_fails():
    assert not quorum_check(STEP2, Attendance(party_members=20, entitled=40)).ok


def test_step2_more_than_half_passes():
    assert quorum_check(STEP2, Attendance(party_members=21, entitled=40)).ok


def test_step2_odd_entitled_needs_the_majority():
    assert not quorum_check(STEP2, Attendance(party_members=24, entitled=49)).ok
    assert quorum_check(STEP2, Attendance(party_members=25, entitled=49)).ok


def test_step2_without_entitled_number_fails():
    assert not quorum_check(STEP2, Attendance(party_members=25, entitled=None)).ok


# --- step 4 quorum [seed 000 §三(二)4]: A ≥ 60 with masses ≥ 30%; B ≥ 30 with masses ≥ 20%
def test_step4_village_sixty_with_exactly_thirty_percent_masses_passes():
    assert quorum_check(STEP4_A, Attendance(party_members=42, masses=18)).ok


def test_step4_village_sixty_with_seventeen_masses_fails_on_the_share():
    result = quorum_check(STEP4_A, Attendance(party_members=43, masses=17))
    assert not result.ok and "28.3%" in result.summary


def test_step4_village_fifty_nine_fails_on_the_number():
    result = quorum_check(STEP4_A, Attendance(party_members=41, masses=18))
    assert not result.ok and result.missing_people == 1


def test_step4_group_b_thirty_with_exactly_twenty_percent_passes():
    assert quorum_check(STEP4_B, Attendance(party_members=24, masses=6)).ok
    assert not quorum_check(STEP4_B, Attendance(party_members=25, masses=5)).ok
    assert not quorum_check(STEP4_B, Attendance(party_members=23, masses=6)).ok


def test_step4_service_recipients_count_toward_headcount_not_masses_share():
    result = quorum_check(STEP4_A, Attendance(party_members=40, masses=15, service_recipients=5))
    assert result.counted == 60 and not result.ok  # 15/60 = 25% masses


# --- adoption [docs/rules.md §5 step 4, default]
def test_exactly_half_agree_is_not_adopted_by_default():
    assert not rules.adoption(rules.DeliberationTally(agree=30, disagree=30), threshold_percent=D(50)).adopted


def test_one_more_than_half_is_adopted():
    assert rules.adoption(rules.DeliberationTally(agree=31, disagree=30), threshold_percent=D(50)).adopted


def test_abstentions_are_valid_ballots():
    # 30 agree of 61 valid (30 disagree... no: 30 agree, 20 disagree, 11 abstain): 30/61 < 50%
    result = rules.adoption(rules.DeliberationTally(agree=30, disagree=20, abstain=11), threshold_percent=D(50))
    assert result.valid == 61 and not result.adopted


def test_spoiled_ballots_are_not_valid():
    result = rules.adoption(rules.DeliberationTally(agree=30, disagree=29, spoiled=10), threshold_percent=D(50))
    assert result.valid == 59 and result.adopted


def test_non_strict_threshold_adopts_exactly_half():
    assert rules.adoption(rules.DeliberationTally(agree=30, disagree=30), threshold_percent=D(50), strict=False).adopted


def test_two_thirds_threshold_is_compared_exactly():
    assert not rules.adoption(rules.DeliberationTally(agree=2, disagree=1), threshold_percent=D("66.67")).adopted
    assert rules.adoption(rules.DeliberationTally(agree=2, disagree=1), threshold_percent=D("66.66")).adopted


def test_no_valid_ballots_is_not_adopted():
    assert not rules.adoption(rules.DeliberationTally(spoiled=3), threshold_percent=D(50)).adopted


def test_not_adopted_goes_back_to_step3_or_to_the_township():
    assert rules.step4_outcome(True, not_adopted_rule="back_to_step3") == "submitted"
    assert rules.step4_outcome(False, not_adopted_rule="back_to_step3") == "step3"
    assert rules.step4_outcome(False, not_adopted_rule="township_decides") == "township_decides"


@given(st.integers(0, 500), st.integers(0, 500), st.integers(0, 500), st.integers(0, 50))
def test_adoption_is_agree_strictly_over_half_of_valid(agree, disagree, abstain, spoiled):
    result = rules.adoption(rules.DeliberationTally(agree, disagree, abstain, spoiled), threshold_percent=D(50))
    assert result.adopted == (2 * agree > agree + disagree + abstain)


# --- plurality flag [docs/rules.md §5 step 3]
def test_self_rating_above_both_pluralities_is_flagged_for_both_steps():
    flag = rules.self_rating_flag("advanced", rules.RatingTally(5, 30, 2), rules.RatingTally(3, 20, 1))
    assert flag.flagged and flag.steps == (1, 2)


def test_self_rating_equal_to_plurality_is_not_flagged():
    assert not rules.self_rating_flag("average", rules.RatingTally(5, 30, 2), rules.RatingTally(3, 20, 1)).flagged


def test_self_rating_below_plurality_is_not_flagged():
    assert not rules.self_rating_flag("lagging", rules.RatingTally(5, 30, 2), rules.RatingTally(3, 20, 1)).flagged


def test_self_rating_above_only_step2_plurality_names_step2():
    flag = rules.self_rating_flag("advanced", rules.RatingTally(30, 5, 2), rules.RatingTally(3, 20, 1))
    assert flag.steps == (2,)


def test_on_a_tie_the_higher_tied_level_counts():
    assert not rules.self_rating_flag("advanced", rules.RatingTally(10, 10, 0), rules.RatingTally(10, 10, 0)).flagged


def test_no_votes_means_no_flag():
    assert not rules.self_rating_flag("advanced", rules.RatingTally(), rules.RatingTally()).flagged


tallies = st.builds(rules.RatingTally, st.integers(0, 200), st.integers(0, 200), st.integers(0, 200))


@given(tallies, tallies)
def test_tallies_add_up_per_level(a, b):
    s = a + b
    assert s.total == a.total + b.total
    assert all(s.count(level) == a.count(level) + b.count(level) for level in rules.LEVELS)


@given(tallies)
def test_plurality_levels_have_the_top_count(t):
    top = t.plurality()
    if t.total == 0:
        assert top == ()
    else:
        best = max(t.count(level) for level in rules.LEVELS)
        assert set(top) == {level for level in rules.LEVELS if t.count(level) == best}


@given(tallies, tallies, st.sampled_from(rules.LEVELS))
def test_the_plurality_level_itself_is_never_flagged(a, b, level):
    if a.total and b.total:
        top_a = max(a.plurality(), key=rules.LEVEL_RANK.__getitem__)
        top_b = max(b.plurality(), key=rules.LEVEL_RANK.__getitem__)
        lowest_top = min(top_a, top_b, key=rules.LEVEL_RANK.__getitem__)
        assert not rules.self_rating_flag(lowest_top, a, b).flagged


@given(tallies)
def test_percentages_sum_to_one_hundred(t):
    if t.total:
        assert sum(t.percent(level) for level in rules.LEVELS) == pytest.approx(100)


def test_negative_tallies_are_refused():
    with pytest.raises(ValueError):
        rules.RatingTally(-1, 0, 0)
    with pytest.raises(ValueError):
        rules.DeliberationTally(agree=-1)


# --- the transition table
def test_every_target_state_is_a_known_state():
    flow = rules.CLASSIFICATION_WORKFLOW
    assert flow.states == set(rules.STATE_STEP)
    for transition in flow.transitions.values():
        assert set(transition.targets) <= flow.states and set(transition.sources) <= flow.states
    assert flow.final_states() == {"confirmed"}


def test_confirmed_is_final_and_step_skipping_is_not_allowed():
    assert rules.transitions_from("confirmed") == ("reopen",)  # the only way out (docs/rules.md §13)
    assert not rules.allowed("step1", "step2_complete", "step3")
    assert not rules.allowed("step1", "step1_complete", "step3")
    assert rules.allowed("submitted", "return", "step3")


# --- codes
def test_code_alphabet_has_no_look_alike_characters():
    assert not set(rules.CODE_ALPHABET) & set("0O1IL2Z5S8B")


def test_typed_codes_are_normalised():
    assert rules.normalise_code(" abcd-efgh ") == "ABCDEFGH"
    assert rules.format_code("ABCDEFGH") == "ABCD-EFGH"
