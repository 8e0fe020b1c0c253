"""Every party organisation below the county is rated, each by its superior (docs/rules.md §5).

Seed 000 附件2 opens with "乡镇党委分类定级参考标准"; seed 002 assesses "考核对象：乡(镇)党委"; seed 001 turns
communities "接近50人和接近100人且条件成熟的，及时升格为党总支和党委". So a township committee is classified and
rated by the county, and a community 党委 by its township.
"""
from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404

from organizations.demo import COMMUNITY_COMMITTEE
from organizations.models import OrgRole
from organizations.scope import may_rate, rated_q
from ratings.classification import services as svc
from ratings.classification.models import Classification, ClassificationReview
from ratings.stars import services as stars
from ratings.stars.selectors import quota_population

pytestmark = pytest.mark.django_db


def second_staff(demo, township, name="second"):
    user = get_user_model().objects.create_user(name, password="x-jinwei-2026")
    OrgRole.objects.create(user=user, organization=township, role="township_staff")
    return user


def drive_to_submitted(demo, org, enter, check):
    """The four steps through the services: step 1 masses meeting (group B: ≥ 20), step 2 delegates meeting
    (≥ 50 members, seed 000 §三(二)2), self-rating, step 4 deliberation (group B: ≥ 30, masses ≥ 20%)."""
    campaign = demo.ctx.campaign
    day = datetime.date(demo.ctx.year, 3, 20)
    common = dict(date=day, place="乡党委会议室", minutes="会议纪要")
    c = svc.classification_start(actor=enter, campaign=campaign, organization=org)
    m = svc.meeting_save(actor=enter, classification=c, step=1, party_members=20, masses=20, service_recipients=0, **common)
    svc.paper_result_enter(actor=enter, meeting=m, counts={"advanced": 30, "average": 8, "lagging": 2})
    svc.paper_result_confirm(actor=check, meeting=m)
    c = svc.classification_step_complete(actor=enter, classification=c)
    m = svc.meeting_save(actor=enter, classification=c, step=2, party_members=90, entitled=120, **common)
    svc.paper_result_enter(actor=enter, meeting=m, counts={"advanced": 70, "average": 18, "lagging": 2})
    svc.paper_result_confirm(actor=check, meeting=m)
    c = svc.classification_step_complete(actor=enter, classification=c)
    c = svc.classification_self_rate(actor=enter, classification=c, level="advanced", reasons="近三年年终考核均为优秀")
    m = svc.meeting_save(actor=enter, classification=c, step=4, party_members=20, masses=20, service_recipients=0, **common)
    svc.paper_result_enter(actor=enter, meeting=m, counts={"agree": 35, "disagree": 3, "abstain": 2, "spoiled": 0})
    svc.paper_result_confirm(actor=check, meeting=m)
    return svc.classification_step_complete(actor=enter, classification=c)


def test_a_township_committee_is_classified_and_only_the_county_confirms_it(demo):
    """Seed 000 附件2 "乡镇党委分类定级参考标准": the township committee is rated, by the county."""
    township = demo.township2
    staff, second = demo.users["township2"], second_staff(demo, township)
    c = drive_to_submitted(demo, township, staff, second)
    assert c.state == "submitted" and c.organization.kind == "township"
    with pytest.raises(ValidationError, match="上级|superior"):  # a township does not confirm itself
        svc.classification_confirm(actor=staff, classification=c)
    with pytest.raises(Http404):  # another township: outside its scope
        svc.classification_confirm(actor=demo.users["township"], classification=c)
    c = svc.classification_confirm(actor=demo.users["county"], classification=c, comment="县委组织部审定")
    assert c.state == "confirmed" and c.final_level == "advanced"
    assert ClassificationReview.objects.get(classification=c, kind="confirm").actor == demo.users["county"]


def test_a_community_committee_is_confirmed_by_its_township_not_by_the_county(demo):
    """Seed 001: a community near 100 members becomes a 党委; it is rated by its superior, the township."""
    c = Classification.objects.get(campaign=demo.ctx.campaign, organization__name=COMMUNITY_COMMITTEE)
    assert c.state == "submitted" and c.organization.kind == "committee"
    with pytest.raises(ValidationError, match="上级|superior"):
        svc.classification_confirm(actor=demo.users["county"], classification=c)
    with pytest.raises(Http404):
        svc.classification_confirm(actor=demo.users["township"], classification=c)
    c = svc.classification_confirm(actor=demo.users["township2"], classification=c)
    assert c.state == "confirmed"


def test_the_demo_township_was_confirmed_by_the_county_through_the_service(demo):
    c = Classification.objects.get(campaign=demo.ctx.campaign, organization=demo.township)
    assert c.state == "confirmed"
    assert ClassificationReview.objects.get(classification=c, kind="confirm").actor == demo.users["county"]


def test_who_rates_whom(demo):
    county, township, township2 = demo.users["county"], demo.users["township"], demo.users["township2"]
    committee = demo.org(COMMUNITY_COMMITTEE)
    assert may_rate(county, "confirm_classification", demo.township)
    assert not may_rate(county, "confirm_classification", demo.branch)
    assert may_rate(county, "confirm_classification", demo.org("县人民医院党支部"))  # under no township
    assert not may_rate(township, "confirm_classification", demo.township)
    assert may_rate(township, "confirm_classification", demo.branch)
    assert may_rate(township2, "confirm_classification", committee)
    assert may_rate(township2, "confirm_classification", demo.org("新城社区第一党支部"))
    assert not may_rate(demo.users["branch"], "confirm_classification", demo.branch)
    from organizations.models import Organization

    rated = set(Organization.objects.filter(rated_q(county, "confirm_classification")).values_list("name", flat=True))
    assert demo.township.name in rated and demo.township2.name in rated and demo.branch.name not in rated


def test_classification_start_all_includes_the_township_and_its_committee(demo):
    n = svc.classification_start_all(actor=demo.users["township2"], campaign=demo.ctx.campaign)
    assert n > 0
    assert Classification.objects.filter(campaign=demo.ctx.campaign, organization=demo.township2).exists()


def test_stars_a_township_is_assessed_by_the_county_and_a_committee_by_its_township(demo):
    apps = demo.ctx.extra["ratings.stars.applications"]
    township_app = apps["township_assessed"]
    assert township_app.state == "assessed" and township_app.approvals.get(decision="assess").actor == demo.users["county"]
    committee_app = apps["committee_submitted"]
    assert "assess" in stars.allowed_decisions(demo.users["township2"], committee_app)
    assert "assess" not in stars.allowed_decisions(demo.users["township"], committee_app)


def test_the_quota_population_counts_every_rated_organisation(demo):
    """Seed 004's quotas apply to the evaluating scope's 基层党组织: townships and 党委 count too."""
    from organizations.models import Organization
    from organizations.rules import RATED_KINDS

    campaign = demo.ctx.campaign
    n = Organization.objects.filter(path__startswith=campaign.scope.path, is_active=True, kind__in=RATED_KINDS).count()
    assert quota_population(campaign) == n
    assert n > Organization.objects.filter(path__startswith=campaign.scope.path, kind__in=("branch", "general_branch")).count()
