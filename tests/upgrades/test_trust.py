"""A commitment people can trust (docs/rules.md §13): the one who entered or submitted it does not approve it,
an approval is taken back only by an explicit reopening, and year-end stars are the approved rating's."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.models import AuditEvent
from ratings.stars.models import StarRating
from tests.security.vote_paths import yearend_assessed
from upgrades import services as s
from upgrades.models import CommitmentReview, YearEnd

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


def _four_eyes(demo, on: bool) -> None:
    ruleset = demo.ctx.campaign.ruleset
    ruleset.values = {**(ruleset.values or {}), "four_eyes": on}
    ruleset.save(update_fields=["values"])


def _by_township(demo):
    """The township creates the branch's commitment and submits it (a township with one clerk does so)."""
    township = demo.users["township"]
    c = s.commitment_create(actor=township, campaign=demo.ctx.campaign, organization=demo.branch, target_level="advanced")
    s.measure_add(actor=township, commitment=c, what="规范三会一课", responsible="书记",
                  due=datetime.date.today() + datetime.timedelta(days=30))
    return s.commitment_submit(actor=township, commitment=c)


def test_the_township_that_submitted_a_commitment_may_not_approve_it(demo):
    c = _by_township(demo)
    with pytest.raises(ValidationError, match="four eyes"):
        s.commitment_approve(actor=demo.users["township"], commitment=c, comment="同意")
    c.refresh_from_db()
    assert c.state == "submitted"
    assert not CommitmentReview.objects.filter(commitment=c, transition="approve").exists()
    assert "approve" not in s.actions_for(demo.users["township"], c)
    assert "return" in s.actions_for(demo.users["township"], c)  # sending it back is still possible
    # another person with the superior's role approves it
    assert "approve" in s.actions_for(demo.users["county"], c)
    assert s.commitment_approve(actor=demo.users["county"], commitment=c).state == "approved"


def test_the_approve_page_and_button_are_not_there_for_the_submitter(demo, client_for):
    c = _by_township(demo)
    client = client_for("township")
    page = client.get(f"/upgrades/c/{c.pk}/").content.decode()
    assert f"/upgrades/c/{c.pk}/do/approve/" not in page
    assert client.post(f"/upgrades/c/{c.pk}/do/approve/", {"reason": "同意"}).status_code == 404
    c.refresh_from_db()
    assert c.state == "submitted"


def test_with_four_eyes_switched_off_a_single_clerk_may_approve(demo):
    _four_eyes(demo, False)
    c = _by_township(demo)
    assert "approve" in s.actions_for(demo.users["township"], c)
    assert s.commitment_approve(actor=demo.users["township"], commitment=c).state == "approved"


def test_an_approved_commitment_is_reopened_only_by_the_superior_with_a_reason(demo, client_for):
    c = s.commitment_create(actor=demo.users["branch"], campaign=demo.ctx.campaign, organization=demo.branch,
                            target_level="advanced")
    s.measure_add(actor=demo.users["branch"], commitment=c, what="规范三会一课", responsible="书记",
                  due=datetime.date.today() + datetime.timedelta(days=30))
    s.commitment_submit(actor=demo.users["branch"], commitment=c)
    c = s.commitment_approve(actor=demo.users["township"], commitment=c)
    with pytest.raises(ValidationError):  # frozen: the measures of an approved commitment do not change
        s.measure_add(actor=demo.users["branch"], commitment=c, what="新措施", responsible="书记",
                      due=datetime.date.today())
    assert "reopen" not in s.actions_for(demo.users["branch"], c)
    with pytest.raises(ValidationError):
        s.commitment_reopen(actor=demo.users["township"], commitment=c, reason=" ")
    client = client_for("township")
    assert f"/upgrades/c/{c.pk}/do/reopen/" in client.get(f"/upgrades/c/{c.pk}/").content.decode()
    response = client.post(f"/upgrades/c/{c.pk}/do/reopen/", {"reason": "目标等次与实际不符，重新审核"})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.state == "submitted"
    event = AuditEvent.objects.get(action="commitment.reopen", object_id=str(c.pk))
    assert event.reason == "目标等次与实际不符，重新审核" and event.before["state"] == "approved"


def test_year_end_stars_are_the_approved_rating_never_typed(demo):
    campaign, org, township = demo.ctx.campaign, demo.branch, demo.users["township"]
    assert not StarRating.objects.filter(campaign=campaign, organization=org).exists()
    yearend_assessed(demo)
    with pytest.raises(ValidationError, match="no approved star rating"):  # the county never approved 4 stars
        s.yearend_fix_level(actor=township, campaign=campaign, organization=org, level="advanced", stars=4, reason="成效突出")
    assert not YearEnd.objects.filter(campaign=campaign, organization=org, final_level__gt="").exists()
    StarRating.objects.create(organization=org, campaign=campaign, year=campaign.year, level=3, approved_level=3)
    with pytest.raises(ValidationError, match="3★"):
        s.yearend_fix_level(actor=township, campaign=campaign, organization=org, level="advanced", stars=4, reason="成效突出")
    ye = s.yearend_fix_level(actor=township, campaign=campaign, organization=org, level="advanced", reason="成效突出")
    assert ye.final_stars == 3


def test_the_year_end_form_has_no_star_field_and_a_posted_star_is_ignored(demo, client_for):
    from ratings.stars.models import StarRating as Rating

    campaign, org = demo.ctx.campaign, demo.branch
    Rating.objects.create(organization=org, campaign=campaign, year=campaign.year, level=2, approved_level=2)
    yearend_assessed(demo)
    client = client_for("township")
    url = f"/upgrades/yearend/{org.pk}/?campaign={campaign.pk}"
    page = client.get(url).content.decode()
    assert 'name="f-stars"' not in page and "2★" in page
    client.post(url, {"form": "fix", "f-level": "advanced", "f-stars": "4", "f-reason": "成效突出"})
    assert YearEnd.objects.get(campaign=campaign, organization=org).final_stars == 2
