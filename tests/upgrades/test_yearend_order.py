"""The year-end runs in the order of seed 000 §五 (docs/rules.md §9):

(一) "基层党组织党员人数50人以下的召开党员大会，党员人数50人及以上的召开党员代表会议，进行民主评议，初评争创后的级次"
(二) "上级党组织牵头组织召开党员群众代表会议…对基层党组织的自查初评情况进行满意度测评。村(社区)党组织…人数不少于
     60人，其中，普通群众代表不少于30%"
(四) "上级党组织汇总…重新划定的分类级次" — the level is fixed only after both steps meet their rules.
"""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from upgrades import services as s
from upgrades.models import SatisfactionCode

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def self_check(demo, org, present, entitled=None, actor="branch"):
    return s.yearend_self_check(actor=demo.users[actor], campaign=demo.ctx.campaign, organization=org, report="自查报告",
                                meeting_date=TODAY, party_members=present, entitled=entitled, initial_level="advanced")


def test_an_assembly_is_entitled_to_every_member_whatever_the_form_says(demo):
    """东方村 has 36 members (< 50: 党员大会): 10 present of the 12 the form claims is not more than half of 36."""
    ye = self_check(demo, demo.branch, 10, entitled=12)
    assert ye.meeting_entitled == 36 and not ye.meeting_quorum_ok and ye.initial_level == ""
    ye = self_check(demo, demo.branch, 19)
    assert ye.meeting_quorum_ok and ye.initial_level == "advanced"


def test_a_delegates_meeting_cannot_have_more_present_than_entitled_nor_more_delegates_than_members(demo):
    """红旗村 has 52 members (≥ 50: 党员代表会议)."""
    with pytest.raises(ValidationError):
        self_check(demo, demo.branch2, 80, entitled=10, actor="branch2")
    with pytest.raises(ValidationError):
        self_check(demo, demo.branch2, 30, entitled=60, actor="branch2")
    with pytest.raises(ValidationError):
        self_check(demo, demo.branch2, 30, actor="branch2")  # the number of delegates must be given
    ye = self_check(demo, demo.branch2, 30, entitled=40, actor="branch2")
    assert ye.meeting_quorum_ok


def test_the_satisfaction_assessment_waits_for_the_self_check(demo):
    campaign = demo.ctx.campaign
    with pytest.raises(ValidationError):
        s.yearend_satisfaction(actor=demo.users["township"], campaign=campaign, organization=demo.branch,
                               attendance={"party_member": 40, "masses": 20}, counts={})
    with pytest.raises(ValidationError):
        s.satisfaction_ballot_open(actor=demo.users["township"], campaign=campaign, organization=demo.branch,
                                   codes={"masses": 20, "party_member": 40})
    self_check(demo, demo.branch, 10)  # quorum not met: still waits
    with pytest.raises(ValidationError):
        s.yearend_satisfaction(actor=demo.users["township"], campaign=campaign, organization=demo.branch,
                               attendance={"party_member": 40, "masses": 20}, counts={})


def test_the_level_is_fixed_only_after_both_steps_meet_their_rules(demo):
    campaign, org, township = demo.ctx.campaign, demo.branch, demo.users["township"]
    with pytest.raises(ValidationError):
        s.yearend_fix_level(actor=township, campaign=campaign, organization=org, level="advanced", stars=None, reason="x")
    self_check(demo, org, 30)
    with pytest.raises(ValidationError):  # no satisfaction assessment yet
        s.yearend_fix_level(actor=township, campaign=campaign, organization=org, level="advanced", stars=None, reason="x")
    s.yearend_satisfaction(actor=township, campaign=campaign, organization=org,
                           attendance={"party_member": 42, "masses": 17}, counts={})  # 59 people: short
    with pytest.raises(ValidationError):
        s.yearend_fix_level(actor=township, campaign=campaign, organization=org, level="advanced", stars=None, reason="x")
    s.yearend_satisfaction(actor=township, campaign=campaign, organization=org,
                           attendance={"party_member": 42, "masses": 18}, counts={})  # 60, 30%: met
    ye = s.yearend_fix_level(actor=township, campaign=campaign, organization=org, level="advanced", stars=None, reason="x")
    assert ye.final_level == "advanced"


def test_the_online_ballot_quorum_counts_people_who_took_part_not_slips_printed(demo):
    campaign, org, township = demo.ctx.campaign, demo.branch, demo.users["township"]
    self_check(demo, org, 30)
    ye = s.satisfaction_ballot_open(actor=township, campaign=campaign, organization=org,
                                    codes={"party_member": 42, "masses": 18})
    for code in SatisfactionCode.objects.filter(year_end=ye)[:10]:
        s.satisfaction_ballot_cast(code=code.code, choice="satisfied")
    ye = s.satisfaction_ballot_close(actor=township, year_end=ye)
    assert ye.sat_party_members + ye.sat_masses == 10 and not ye.sat_quorum_ok
    with pytest.raises(ValidationError):
        s.yearend_fix_level(actor=township, campaign=campaign, organization=org, level="advanced", stars=None, reason="x")


def test_a_township_year_end_is_assessed_and_fixed_by_the_county(demo):
    """Every organisation below the county goes through the year-end; a township's superior is the county."""
    from django.http import Http404

    campaign, org = demo.ctx.campaign, demo.township
    ye = self_check(demo, org, 100, entitled=120, actor="township")
    assert ye.meeting_quorum_ok
    with pytest.raises(Http404):  # a township does not assess itself
        s.yearend_satisfaction(actor=demo.users["township"], campaign=campaign, organization=org,
                               attendance={"party_member": 40, "masses": 20}, counts={})
    s.yearend_satisfaction(actor=demo.users["county"], campaign=campaign, organization=org,
                           attendance={"party_member": 40, "masses": 20}, counts={})
    ye = s.yearend_fix_level(actor=demo.users["county"], campaign=campaign, organization=org, level="advanced",
                             stars=None, reason="县委组织部复核")
    assert ye.final_level == "advanced"
