"""Pledges kept (docs/rules.md §9): members' public pledges assessed at year end by the superior, and
community cadres' commitments with the accountability taken when not kept."""
import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from followup import pledges as s
from followup.models import CadreCommitment
from upgrades.models import MemberPledge

pytestmark = pytest.mark.django_db


def _pledge(demo):
    return MemberPledge.objects.filter(commitment__organization=demo.branch2).order_by("id").last()  # 陈国平's, not assessed


def test_the_superior_assesses_a_pledge_once(demo):
    with pytest.raises(Http404):
        s.pledge_assess(actor=demo.users["branch2"], pledge=_pledge(demo), result="kept")
    with pytest.raises(ValidationError):
        s.pledge_assess(actor=demo.users["township"], pledge=_pledge(demo), result="maybe")
    a = s.pledge_assess(actor=demo.users["township"], pledge=_pledge(demo), result="partly", note="带动3户")
    assert a.result == "partly"
    with pytest.raises(ValidationError):
        s.pledge_assess(actor=demo.users["county"], pledge=_pledge(demo), result="kept")


def test_a_commitment_not_kept_needs_the_accountability_taken(demo):
    c = s.cadre_commitment_add(actor=demo.users["branch"], campaign=demo.ctx.campaign, organization=demo.branch, cadre="陈立新",
                               post="村党支部书记", text="修通村组道路2公里")
    with pytest.raises(ValidationError) as exc:
        s.cadre_commitment_assess(actor=demo.users["township"], commitment=c, result="not")
    assert "accountability" in exc.value.error_dict
    with pytest.raises(Http404):
        s.cadre_commitment_assess(actor=demo.users["branch"], commitment=c, result="kept")
    c = s.cadre_commitment_assess(actor=demo.users["township"], commitment=c, result="not", accountability="诫勉谈话")
    assert (c.result, c.accountability) == ("not", "诫勉谈话")


def test_the_pages_show_the_demo_assessments(demo, client_for):
    html = client_for("township").get(reverse("followup:pledges", args=[demo.org("金星社区党支部").pk])).content.decode()
    assert "提醒谈话" in html
    html = client_for("township").get(reverse("followup:pledge-list")).content.decode()
    assert "1/2" in html  # 红旗村: one of two pledges assessed
    assert CadreCommitment.objects.filter(result="partly").exists()
