"""A classification people can trust (docs/rules.md §13): whoever proposed the level or completed the
deliberation does not confirm it; a confirmed level and its files are read-only; the township reopens it with a
reason."""
from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core.models import AuditEvent
from ratings.classification import services as svc
from ratings.classification.services_reopen import classification_reopen

from .helpers_classification import classification_of, meeting, paper, to_step3

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


def _by_township(demo):
    """The township runs the branch's self-rating and step 4 itself (the checks of the paper totals by the branch)."""
    township = demo.users["township"]
    c = to_step3(demo, classification_of(demo))
    c = svc.classification_self_rate(actor=township, classification=c, level="advanced", reasons="近三年考核良好")
    m4 = meeting(demo, c, 4, actor="township", party_members=40, masses=30)
    paper(demo, m4, enter="township", check="branch", agree=40, disagree=20, abstain=5)
    return svc.classification_step_complete(actor=township, classification=c)


def test_the_township_that_proposed_the_level_may_not_confirm_it(demo, client_for):
    c = _by_township(demo)
    assert c.state == "submitted"
    township = demo.users["township"]
    assert "confirm" not in svc.actions_for(township, c) and "return" in svc.actions_for(township, c)
    with pytest.raises(ValidationError, match="four eyes"):
        svc.classification_confirm(actor=township, classification=c)
    client = client_for("township")
    assert f"/ratings/classification/{c.pk}/confirm/" not in client.get(f"/ratings/classification/{c.pk}/").content.decode()
    assert client.post(f"/ratings/classification/{c.pk}/confirm/", {"text": ""}).status_code == 404
    c.refresh_from_db()
    assert c.state == "submitted" and not c.final_level


def test_with_four_eyes_off_the_township_confirms_its_own_proposal(demo):
    ruleset = demo.ctx.campaign.ruleset
    ruleset.values = {**(ruleset.values or {}), "four_eyes": False}
    ruleset.save(update_fields=["values"])
    c = _by_township(demo)
    assert svc.classification_confirm(actor=demo.users["township"], classification=c).state == "confirmed"


def test_no_file_is_attached_to_a_confirmed_classification_until_the_township_reopens_it(demo, client_for):
    c = classification_of(demo, demo.ctx.orgs["金星社区党支部"])
    assert c.state == "confirmed"
    m = c.meetings.filter(superseded=False).first()
    upload = SimpleUploadedFile("签到表.pdf", b"%PDF-1.4 test")
    with pytest.raises(ValidationError, match="confirmed"):
        svc.meeting_attachment_add(actor=demo.users["township"], meeting=m, upload=upload)
    client = client_for("township")
    response = client.post(f"/ratings/meetings/{m.pk}/attachments/new/", {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")})
    assert response.status_code == 302
    assert m.attachments.count() == 0
    assert "reopen" in svc.actions_for(demo.users["township"], c) and "reopen" not in svc.actions_for(demo.users["county"], c)
    with pytest.raises(ValidationError):
        classification_reopen(actor=demo.users["township"], classification=c, reason=" ")
    response = client.post(f"/ratings/classification/{c.pk}/reopen/", {"text": "会议记录不全，重新审定"})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.state == "submitted" and c.final_level == ""
    assert c.reviews.last().kind == "reopen"
    assert AuditEvent.objects.get(action="classification.reopen").reason == "会议记录不全，重新审定"
