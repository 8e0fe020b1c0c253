"""Agreements up the line (docs/rules.md §9): a township's agreement with the county, like a branch's."""
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse

from core.models import AuditEvent
from followup import agreements as s

pytestmark = pytest.mark.django_db


def _draft(demo):
    return demo.ctx.extra["followup.agreements"]["draft"]  # 柳河镇's


def test_the_township_writes_and_submits_and_the_county_approves(demo):
    a = s.agreement_transition(actor=demo.users["township2"], agreement=_draft(demo), transition="submit")
    assert a.state == "submitted"
    with pytest.raises(ValidationError):
        s.agreement_save(actor=demo.users["township2"], campaign=demo.ctx.campaign, organization=demo.township2,
                         targets="x", measures="y")
    with pytest.raises(Http404):
        s.agreement_transition(actor=demo.users["township2"], agreement=a, transition="approve")
    a = s.agreement_transition(actor=demo.users["county"], agreement=a, transition="approve", comment="同意")
    assert a.state == "approved" and a.decided_by == demo.users["county"]
    assert AuditEvent.objects.filter(action="line_agreement.approve").exists()


def test_a_return_needs_reasons_and_another_township_cannot_touch_it(demo):
    a = s.agreement_transition(actor=demo.users["township2"], agreement=_draft(demo), transition="submit")
    with pytest.raises(ValidationError):
        s.agreement_transition(actor=demo.users["county"], agreement=a, transition="return", comment="")
    with pytest.raises(Http404):
        s.agreement_transition(actor=demo.users["township"], agreement=a, transition="return", comment="x")
    a = s.agreement_transition(actor=demo.users["county"], agreement=a, transition="return", comment="措施要量化")
    assert a.state == "returned" and "edit" in s.actions_for(demo.users["township2"], a)


def test_only_townships_sign_with_the_county_and_measures_are_required(demo):
    with pytest.raises(ValidationError):
        s.agreement_save(actor=demo.users["township"], campaign=demo.ctx.campaign, organization=demo.branch, targets="x", measures="y")
    with pytest.raises(ValidationError):
        s.agreement_save(actor=demo.users["township2"], campaign=demo.ctx.campaign, organization=demo.township2, targets="x", measures=" ")


def test_the_signed_scan_comes_after_approval_and_the_agreement_prints(demo, client_for):
    approved = demo.ctx.extra["followup.agreements"]["approved"]
    with pytest.raises(ValidationError):
        s.agreement_scan_upload(actor=demo.users["township2"], agreement=_draft(demo), upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"))
    a = s.agreement_scan_upload(actor=demo.users["township"], agreement=approved, upload=SimpleUploadedFile("责任书.pdf", b"%PDF-1.4 x"))
    assert a.scan and a.scan_uploaded_at
    response = client_for("county").get(reverse("followup:agreement-pdf", args=[a.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert client_for("county").get(reverse("followup:agreement-scan", args=[a.pk])).status_code == 200


def test_the_county_sees_every_township_on_the_list(demo, client_for):
    html = client_for("county").get(reverse("followup:agreement-list")).content.decode()
    assert "金星乡党委" in html and "柳河镇党委" in html
    html = client_for("township").get(reverse("followup:agreement-list")).content.decode()
    assert "柳河镇党委" not in html
