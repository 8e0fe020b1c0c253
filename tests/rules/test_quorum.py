"""Quorum rules of docs/rules.md §4, pure (no database): every row of the table at its edges, with the
numbers of the built-in fixture (campaigns/fixtures/builtin_rules.json, the seed-000 rule set)."""
from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given, settings, strategies as st

from campaigns.choices import Activity
from campaigns.quorum import Attendance, QuorumSpec, quorum_check, quorum_group
from organizations.choices import Domain, OrgKind

FIXTURE = Path(__file__).resolve().parents[2] / "campaigns" / "fixtures" / "builtin_rules.json"


def _specs() -> dict[tuple[str, str], QuorumSpec]:
    specs = {}
    for item in json.loads(FIXTURE.read_text()):
        if item["model"] != "campaigns.quorumrule":
            continue
        f = item["fields"]
        specs[(f["activity"], f["group"])] = QuorumSpec(
            min_total=f["min_total"],
            min_masses_percent=Decimal(f["min_masses_percent"]) if f["min_masses_percent"] is not None else None,
            min_entitled_percent=Decimal(f["min_entitled_percent"]) if f["min_entitled_percent"] is not None else None,
            may_invite_service_recipients=f["may_invite_service_recipients"],
            invite_when_below=f["invite_when_below"],
            service_recipients_count_as_masses=f["service_recipients_count_as_masses"],
            count_only_non_party=f["count_only_non_party"],
        )
    return specs


SPECS = _specs()
SIXTY_THIRTY = [(Activity.QUESTIONNAIRE, "A"), (Activity.MASSES_ASSESSMENT, "A"), (Activity.STEP4_DELIBERATION, "A"),
                (Activity.YEAREND_SATISFACTION, "A")]
THIRTY_TWENTY = [(Activity.MASSES_ASSESSMENT, "B"), (Activity.STEP4_DELIBERATION, "B"), (Activity.YEAREND_SATISFACTION, "B")]
MORE_THAN_HALF = [(a, g) for a in (Activity.STEP2_MEMBER_REVIEW, Activity.YEAREND_SELF_CHECK) for g in "AB"]


def check(key, **attendance):
    return quorum_check(SPECS[key], Attendance(**attendance))


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


# --- The table, row by row, at its edges --------------------------------------------------------

@pytest.mark.parametrize("key", SIXTY_THIRTY)
def test_sixty_with_exactly_thirty_percent_masses_pass(key):
    result = check(key, party_members=42, masses=18)
    assert result.ok and result.counted == 60 and result.masses_percent == 30


@pytest.mark.parametrize("key", SIXTY_THIRTY)
def test_fifty_nine_respondents_fail_by_one_person(key):
    result = check(key, party_members=41, masses=18)
    assert not result.ok and result.missing_people == 1
    assert "还差 1 人" in result.summary


@pytest.mark.parametrize("key", SIXTY_THIRTY)
def test_sixty_with_seventeen_masses_fail_on_the_share(key):
    result = check(key, party_members=43, masses=17)
    assert not result.ok and result.missing_people == 0
    assert result.summary == "群众占比 28.3%，需 ≥ 30%"


def test_questionnaire_group_b_needs_twenty_with_twenty_percent_masses():
    key = (Activity.QUESTIONNAIRE, "B")
    assert check(key, party_members=16, masses=4).ok
    assert not check(key, party_members=15, masses=4).ok
    assert "群众占比" in check(key, party_members=17, masses=3).summary


@pytest.mark.parametrize("key", THIRTY_TWENTY)
def test_group_b_meetings_need_thirty_with_twenty_percent_masses(key):
    assert check(key, party_members=24, masses=6).ok
    assert check(key, party_members=23, masses=6).missing_people == 1
    assert not check(key, party_members=25, masses=5).ok


def test_step1_prerating_counts_attendees_fifty_for_group_a_twenty_for_group_b():
    assert check((Activity.STEP1_PRERATING, "A"), party_members=30, masses=20).ok
    assert check((Activity.STEP1_PRERATING, "A"), party_members=30, masses=19).missing_people == 1
    assert check((Activity.STEP1_PRERATING, "B"), party_members=20).ok  # no masses share in step 1
    assert not check((Activity.STEP1_PRERATING, "B"), party_members=19).ok


def test_step1_setting_may_count_only_non_party_attendees():
    spec = dataclasses.replace(SPECS[(Activity.STEP1_PRERATING, "A")], count_only_non_party=True)
    result = quorum_check(spec, Attendance(party_members=40, masses=45))
    assert not result.ok and result.counted == 45 and result.missing_people == 5


@pytest.mark.parametrize("key", MORE_THAN_HALF)
def test_member_review_needs_strictly_more_than_half_of_those_entitled(key):
    half = check(key, party_members=10, entitled=20)
    assert not half.ok and half.missing_people == 1
    assert "还差 1 人" in half.summary and "应到 20 人" in half.summary
    assert check(key, party_members=11, entitled=20).ok
    assert not check(key, party_members=10, entitled=21).ok
    assert check(key, party_members=11, entitled=21).ok


def test_member_review_without_the_number_entitled_cannot_pass():
    result = check((Activity.STEP2_MEMBER_REVIEW, "A"), party_members=30)
    assert not result.ok and "应到党员人数未知" in result.summary


# --- Service recipients -------------------------------------------------------------------------

def test_group_a_questionnaire_never_counts_service_recipients():
    result = check((Activity.QUESTIONNAIRE, "A"), party_members=40, masses=18, service_recipients=5)
    assert not result.ok and result.counted == 58
    assert result.notes and "不计服务对象" in result.notes[0]


def test_group_b_counts_service_recipients_only_when_short_of_thirty():
    key = (Activity.QUESTIONNAIRE, "B")
    short = check(key, party_members=10, masses=5, service_recipients=6)
    assert short.ok and short.counted == 21 and not short.notes
    enough = check(key, party_members=25, masses=6, service_recipients=5)
    assert enough.counted == 31 and "不足 30 人时才计入服务对象" in enough.notes[0]


def test_service_recipients_count_toward_the_headcount_but_not_the_masses_share_by_default():
    key = (Activity.STEP4_DELIBERATION, "B")
    result = check(key, party_members=20, masses=5, service_recipients=5)
    assert result.counted == 30
    assert not result.ok and result.summary.startswith("群众占比 16.7%")


def test_a_rule_set_may_count_service_recipients_as_masses():
    spec = dataclasses.replace(SPECS[(Activity.STEP4_DELIBERATION, "B")], service_recipients_count_as_masses=True)
    result = quorum_check(spec, Attendance(party_members=20, masses=5, service_recipients=5))
    assert result.ok and result.masses_percent == Decimal("100") / 3


def test_step4_group_a_may_invite_service_recipients_when_short():
    result = check((Activity.STEP4_DELIBERATION, "A"), party_members=30, masses=20, service_recipients=10)
    assert result.ok and result.counted == 60


def test_the_summary_says_the_quorum_is_met():
    assert check((Activity.QUESTIONNAIRE, "A"), party_members=42, masses=18).summary == "人数要求已满足"


# --- Quorum groups (docs/rules.md §2) ---------------------------------------------------------------

VILLAGE_LINE = {Domain.VILLAGE, Domain.AGRI_COMMUNITY, Domain.URBAN_COMMUNITY}


@pytest.mark.parametrize("domain", Domain.values)
@pytest.mark.parametrize("kind", OrgKind.values)
@pytest.mark.parametrize("organ", [False, True])
def test_quorum_group_for_every_domain_and_kind(domain, kind, organ):
    everyday = quorum_group(group_a_scope="village_community", domain=domain, kind=kind, is_county_organ_committee=organ)
    assessment = quorum_group(group_a_scope="with_township_and_organ", domain=domain, kind=kind,
                              is_county_organ_committee=organ)
    assert everyday == ("A" if domain in VILLAGE_LINE else "B")
    assert assessment == ("A" if domain in VILLAGE_LINE or kind == OrgKind.TOWNSHIP or organ else "B")


# --- Properties ---------------------------------------------------------------------------------

def _expected(spec: QuorumSpec, a: Attendance) -> tuple[bool, int]:
    """The rule restated independently with fractions: (ok, people missing)."""
    recipients = a.service_recipients if spec.may_invite_service_recipients and (
        spec.invite_when_below is None or a.party_members + a.masses < spec.invite_when_below) else 0
    counted = (0 if spec.count_only_non_party else a.party_members) + a.masses + recipients
    masses = a.masses + (recipients if spec.service_recipients_count_as_masses else 0)
    ok, missing = True, 0
    if spec.min_total is not None and counted < spec.min_total:
        ok, missing = False, spec.min_total - counted
    if spec.min_masses_percent is not None and (counted == 0 or Fraction(masses, counted) * 100 < Fraction(spec.min_masses_percent)):
        ok = False
    if spec.min_entitled_percent is not None:
        entitled = a.entitled or 0
        bar = Fraction(spec.min_entitled_percent) * entitled / 100
        if entitled == 0:
            ok = False
        elif counted <= bar:
            ok = False
            need = next(n for n in range(counted, counted + entitled + 2) if n > bar)
            missing = max(missing, need - counted)
    return ok, missing


specs = st.builds(
    QuorumSpec,
    min_total=st.none() | st.integers(0, 80),
    min_masses_percent=st.none() | st.decimals(0, 100, places=2),
    min_entitled_percent=st.none() | st.decimals(0, 99, places=2),
    may_invite_service_recipients=st.booleans(),
    invite_when_below=st.none() | st.integers(0, 80),
    service_recipients_count_as_masses=st.booleans(),
    count_only_non_party=st.booleans(),
)
attendances = st.builds(Attendance, party_members=st.integers(0, 90), masses=st.integers(0, 90),
                        service_recipients=st.integers(0, 30), entitled=st.none() | st.integers(0, 120))


@settings(max_examples=300, deadline=None)
@given(spec=specs, attendance=attendances)
def test_ok_exactly_when_every_condition_holds_and_missing_people_is_what_is_needed(spec, attendance):
    result = quorum_check(spec, attendance)
    assert (result.ok, result.missing_people) == _expected(spec, attendance)
    assert result.ok == (not result.problems)


@settings(max_examples=200, deadline=None)
@given(spec=specs, attendance=attendances)
def test_adding_the_missing_people_as_party_members_meets_the_headcount(spec, attendance):
    spec = dataclasses.replace(spec, count_only_non_party=False, may_invite_service_recipients=False)
    result = quorum_check(spec, attendance)
    more = dataclasses.replace(attendance, party_members=attendance.party_members + result.missing_people)
    after = quorum_check(spec, more)
    assert after.missing_people == 0
    if result.missing_people:
        fewer = dataclasses.replace(attendance, party_members=attendance.party_members + result.missing_people - 1)
        assert quorum_check(spec, fewer).missing_people > 0


@settings(max_examples=200, deadline=None)
@given(percent=st.decimals(0, 100, places=2), attendance=attendances, as_masses=st.booleans(),
       may_invite=st.booleans(), below=st.none() | st.integers(0, 80))
def test_adding_a_masses_participant_never_turns_a_pass_into_a_fail_for_share_only_rules(percent, attendance, as_masses,
                                                                                        may_invite, below):
    spec = QuorumSpec(min_masses_percent=percent, may_invite_service_recipients=may_invite, invite_when_below=below,
                      service_recipients_count_as_masses=as_masses)
    if quorum_check(spec, attendance).ok:
        assert quorum_check(spec, dataclasses.replace(attendance, masses=attendance.masses + 1)).ok


@settings(max_examples=200, deadline=None)
@given(key=st.sampled_from(sorted(SPECS)), attendance=attendances)
def test_with_the_seed_numbers_one_more_masses_participant_never_breaks_a_quorum(key, attendance):
    if quorum_check(SPECS[key], attendance).ok:
        assert quorum_check(SPECS[key], dataclasses.replace(attendance, masses=attendance.masses + 1)).ok


@settings(max_examples=200, deadline=None)
@given(key=st.sampled_from(sorted(SPECS)), attendance=attendances)
def test_failed_checks_say_what_is_missing_in_chinese(key, attendance):
    result = quorum_check(SPECS[key], attendance)
    if result.missing_people:
        assert f"还差 {result.missing_people} 人" in result.summary
    for problem in result.problems:
        assert any(word in problem for word in ("还差", "群众占比", "应到"))


def _group_a_scopes() -> dict[str, str]:
    return {item["fields"]["activity"]: item["fields"]["group_a_scope"]
            for item in json.loads(FIXTURE.read_text()) if item["model"] == "campaigns.quorumrule" and item["fields"]["group"] == "A"}


@pytest.mark.parametrize("activity", Activity.values)
def test_townships_and_organ_committees_are_group_a_only_for_the_masses_assessment_meeting(activity):
    scope = _group_a_scopes()[activity]
    township = quorum_group(group_a_scope=scope, domain="township", kind="township", is_county_organ_committee=False)
    organ = quorum_group(group_a_scope=scope, domain="organ", kind="committee", is_county_organ_committee=True)
    village = quorum_group(group_a_scope=scope, domain="village", kind="branch", is_county_organ_committee=False)
    school = quorum_group(group_a_scope=scope, domain="school", kind="branch", is_county_organ_committee=False)
    expected = "A" if activity == Activity.MASSES_ASSESSMENT else "B"
    assert (township, organ, village, school) == (expected, expected, "A", "B")


def test_the_pure_rule_names_what_failed_as_codes_and_numbers_not_words():
    from campaigns import rules

    spec = rules.QuorumSpec(min_total=60, min_masses_percent=Decimal("30"))
    result = rules.quorum_check(spec, rules.Attendance(party_members=40, masses=10))
    assert [f.code for f in result.problems] == ["short", "masses_share"]
    assert result.problems[0].get("n") == 10 and result.problems[1].get("share") == "20.0%"
    assert "gettext" not in open(rules.__file__, encoding="utf-8").read()
