"""Every quorum row of docs/rules.md §4 (the built-in rule set of seed 000) at its edges, without a database.

The rows are read from campaigns/fixtures/builtin_rules.json, the same numbers the app uses, so a changed
fixture is tested as it stands; the expected numbers below are the seed's, so a wrong fixture fails.
"""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from campaigns.quorum import Attendance, QuorumSpec, quorum_check, quorum_group

FIXTURE = Path(__file__).resolve().parents[2] / "campaigns" / "fixtures" / "builtin_rules.json"


def _rows() -> dict[tuple[str, str], dict]:
    rows = {}
    for obj in json.loads(FIXTURE.read_text(encoding="utf-8")):
        if obj["model"] == "campaigns.quorumrule" and obj["fields"]["ruleset"] == 1:
            f = obj["fields"]
            rows[(f["activity"], f["group"])] = f
    return rows


ROWS = _rows()


def spec(activity: str, group: str) -> QuorumSpec:
    f = ROWS[(activity, group)]
    return QuorumSpec(
        min_total=f["min_total"],
        min_masses_percent=Decimal(f["min_masses_percent"]) if f["min_masses_percent"] else None,
        min_entitled_percent=Decimal(f["min_entitled_percent"]) if f["min_entitled_percent"] else None,
        may_invite_service_recipients=f["may_invite_service_recipients"],
        invite_when_below=f["invite_when_below"],
        service_recipients_count_as_masses=f["service_recipients_count_as_masses"],
        count_only_non_party=f["count_only_non_party"],
    )


# (activity, group, minimum people, minimum masses %) — docs/rules.md §4 / seed 000.
HEADCOUNT_ROWS = [
    ("questionnaire", "A", 60, 30),  # §二(一)2
    ("questionnaire", "B", 20, 20),
    ("masses_assessment", "A", 60, 30),  # §二(一)4
    ("masses_assessment", "B", 30, 20),
    ("step4_deliberation", "A", 60, 30),  # §三(二)4
    ("step4_deliberation", "B", 30, 20),
    ("yearend_satisfaction", "A", 60, 30),  # §五(二)
    ("yearend_satisfaction", "B", 30, 20),
]


def test_the_fixture_has_all_fourteen_rows():
    activities = {"questionnaire", "masses_assessment", "step1_prerating", "step2_member_review",
                  "step4_deliberation", "yearend_self_check", "yearend_satisfaction"}
    assert set(ROWS) == {(a, g) for a in activities for g in "AB"}


def _with_share(total: int, masses: int) -> Attendance:
    return Attendance(party_members=total - masses, masses=masses)


@pytest.mark.parametrize("activity,group,people,percent", HEADCOUNT_ROWS)
def test_exact_minimum_with_exact_masses_share_passes(activity, group, people, percent):
    masses = people * percent // 100  # 60 × 30% = 18, 20 × 20% = 4, 30 × 20% = 6
    result = quorum_check(spec(activity, group), _with_share(people, masses))
    assert result.ok, result.problems
    assert result.masses_percent == Decimal(percent)


@pytest.mark.parametrize("activity,group,people,percent", HEADCOUNT_ROWS)
def test_one_person_short_fails_and_says_one_more(activity, group, people, percent):
    masses = -(-(people - 1) * percent // 100)  # enough masses for the share
    result = quorum_check(spec(activity, group), _with_share(people - 1, masses))
    assert not result.ok
    assert result.missing_people == 1
    assert any("1" in p for p in result.problems)


@pytest.mark.parametrize("activity,group,people,percent", HEADCOUNT_ROWS)
def test_one_masses_short_of_the_share_fails_with_the_share_in_words(activity, group, people, percent):
    masses = people * percent // 100 - 1  # 60 with 17 masses = 28.3%
    result = quorum_check(spec(activity, group), _with_share(people, masses))
    assert not result.ok
    assert result.missing_people == 0
    assert len(result.problems) == 1
    assert f"{percent}%" in result.problems[0]


def test_sixty_respondents_with_exactly_thirty_percent_masses_pass():
    assert quorum_check(spec("questionnaire", "A"), Attendance(party_members=42, masses=18)).ok


def test_fifty_nine_respondents_fail_by_one():
    result = quorum_check(spec("questionnaire", "A"), Attendance(party_members=41, masses=18))
    assert not result.ok and result.missing_people == 1


def test_share_of_29_point_9_percent_fails_and_30_passes():
    # 1000 people: 299 masses = 29.9%, 300 = 30% (compared unrounded)
    assert not quorum_check(spec("questionnaire", "A"), Attendance(party_members=701, masses=299)).ok
    assert quorum_check(spec("questionnaire", "A"), Attendance(party_members=700, masses=300)).ok


def test_share_just_below_thirty_is_not_rounded_up():
    # 27.5% is shown, and 29.97% (not 30.0%) still fails: 3331 people, 998 masses = 29.96…%
    result = quorum_check(spec("questionnaire", "A"), Attendance(party_members=2333, masses=998))
    assert not result.ok
    result = quorum_check(spec("questionnaire", "A"), Attendance(party_members=29, masses=11))
    assert "27.5%" in result.summary


def test_group_a_questionnaire_does_not_count_service_recipients():
    result = quorum_check(spec("questionnaire", "A"), Attendance(party_members=40, masses=18, service_recipients=2))
    assert not result.ok and result.counted == 58
    assert result.notes


def test_group_b_questionnaire_counts_service_recipients_when_fewer_than_thirty():
    # 14 party members + 4 masses = 18 < 30, so 2 service recipients are invited and counted: 20.
    result = quorum_check(spec("questionnaire", "B"), Attendance(party_members=14, masses=4, service_recipients=2))
    assert result.counted == 20
    assert result.ok  # 4 / 20 = 20%


def test_group_b_questionnaire_ignores_service_recipients_once_thirty_take_part():
    result = quorum_check(spec("questionnaire", "B"), Attendance(party_members=24, masses=6, service_recipients=5))
    assert result.counted == 30 and result.notes


def test_service_recipients_do_not_count_toward_the_masses_share_by_default():
    result = quorum_check(spec("questionnaire", "B"), Attendance(party_members=13, masses=3, service_recipients=4))
    assert result.counted == 20
    assert not result.ok  # 3 / 20 = 15% < 20%


def test_a_setting_may_count_service_recipients_as_masses():
    base = spec("questionnaire", "B")
    as_masses = QuorumSpec(**{**base.__dict__, "service_recipients_count_as_masses": True})
    assert quorum_check(as_masses, Attendance(party_members=13, masses=3, service_recipients=4)).ok


@pytest.mark.parametrize("group,people", [("A", 50), ("B", 20)])
def test_step1_counts_every_attendee_at_its_minimum(group, people):
    s = spec("step1_prerating", group)
    assert quorum_check(s, Attendance(party_members=people)).ok
    assert not quorum_check(s, Attendance(party_members=people - 1)).ok


def test_step1_group_b_may_invite_service_recipients_group_a_may_not():
    assert quorum_check(spec("step1_prerating", "B"), Attendance(party_members=15, service_recipients=5)).ok
    assert not quorum_check(spec("step1_prerating", "A"), Attendance(party_members=45, service_recipients=5)).ok


@pytest.mark.parametrize("activity", ["step2_member_review", "yearend_self_check"])
@pytest.mark.parametrize("group", ["A", "B"])
def test_member_meetings_need_more_than_half_of_those_entitled(activity, group):
    s = spec(activity, group)
    assert not quorum_check(s, Attendance(party_members=18, entitled=36)).ok  # exactly half
    assert quorum_check(s, Attendance(party_members=19, entitled=36)).ok
    result = quorum_check(s, Attendance(party_members=17, entitled=35))
    assert not result.ok and result.missing_people == 1  # 18 of 35 is more than half
    assert not quorum_check(s, Attendance(party_members=10)).ok  # entitled unknown


@pytest.mark.parametrize("activity", ["step4_deliberation", "yearend_satisfaction"])
@pytest.mark.parametrize("group", ["A", "B"])
def test_both_groups_may_invite_service_recipients_when_short(activity, group):
    s = spec(activity, group)
    people = s.min_total
    masses = people * int(s.min_masses_percent) // 100
    assert quorum_check(s, Attendance(party_members=people - masses - 2, masses=masses, service_recipients=2)).ok


def test_quorum_group_depends_on_the_activity():
    organ = dict(domain="organ", kind="committee", is_county_organ_committee=True)
    township = dict(domain="township", kind="township", is_county_organ_committee=False)
    village = dict(domain="village", kind="branch", is_county_organ_committee=False)
    school = dict(domain="school", kind="branch", is_county_organ_committee=False)
    for org in (organ, township):
        assert quorum_group(group_a_scope="with_township_and_organ", **org) == "A"
        assert quorum_group(group_a_scope="village_community", **org) == "B"
    assert quorum_group(group_a_scope="village_community", **village) == "A"
    assert quorum_group(group_a_scope="with_township_and_organ", **village) == "A"
    assert quorum_group(group_a_scope="with_township_and_organ", **school) == "B"
    assert quorum_group(group_a_scope="village_community", domain="urban_community", kind="branch",
                        is_county_organ_committee=False) == "A"


# ---- properties

counts = st.integers(min_value=0, max_value=400)


@settings(max_examples=300, deadline=None)
@given(pm=counts, masses=counts, row=st.sampled_from(HEADCOUNT_ROWS))
def test_headcount_rows_pass_exactly_when_both_conditions_hold(pm, masses, row):
    activity, group, people, percent = row
    result = quorum_check(spec(activity, group), Attendance(party_members=pm, masses=masses))
    total = pm + masses
    expected = total >= people and masses * 100 >= percent * total and total > 0
    assert result.ok == expected
    assert result.missing_people == max(0, people - total)
    assert bool(result.problems) == (not expected)
    assert result.summary  # always says something


@settings(max_examples=200, deadline=None)
@given(pm=counts, masses=counts, extra=st.integers(min_value=1, max_value=50), row=st.sampled_from(HEADCOUNT_ROWS))
def test_adding_masses_never_breaks_a_passing_round(pm, masses, extra, row):
    activity, group, _people, _percent = row
    s = spec(activity, group)
    if quorum_check(s, Attendance(party_members=pm, masses=masses)).ok:
        assert quorum_check(s, Attendance(party_members=pm, masses=masses + extra)).ok


@settings(max_examples=200, deadline=None)
@given(pm=counts, masses=counts, sr=st.integers(min_value=0, max_value=60))
def test_service_recipients_never_count_where_the_rule_does_not_allow_them(pm, masses, sr):
    s = spec("questionnaire", "A")
    with_sr = quorum_check(s, Attendance(party_members=pm, masses=masses, service_recipients=sr))
    without = quorum_check(s, Attendance(party_members=pm, masses=masses))
    assert with_sr.ok == without.ok and with_sr.counted == without.counted


@settings(max_examples=200, deadline=None)
@given(attended=st.integers(min_value=0, max_value=300), entitled=st.integers(min_value=1, max_value=300))
def test_member_review_is_more_than_half(attended, entitled):
    result = quorum_check(spec("step2_member_review", "A"), Attendance(party_members=attended, entitled=entitled))
    assert result.ok == (attended * 2 > entitled)
    if not result.ok:
        assert (attended + result.missing_people) * 2 > entitled
        assert (attended + result.missing_people - 1) * 2 <= entitled
