"""Uploads in ratings go through core's one check (core/uploads.py): a meeting attachment of the
classification and a star sheet's evidence are refused when their content is not what their name says
(an HTML page named .pdf), in the service and on the page, with a message naming the file."""
from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ratings.classification import services as classification_services
from ratings.classification.models import MeetingAttachment
from ratings.stars import services as star_services
from ratings.stars.choices import Stage
from ratings.stars.models import EvidenceFile, ScoringTemplate
from ratings.stars.selectors import template_with_rules

from .helpers_classification import classification_of, meeting

pytestmark = pytest.mark.django_db

HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
PDF = b"%PDF-1.4\n% a small test file\n"
REFUSED = "文件内容不是 PDF 文件"  # core's message: "the file's content is not a PDF file"


def html_named_pdf(name: str = "会议记录.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, HTML, "application/pdf")


def _meeting(demo):
    return meeting(demo, classification_of(demo), 1)


def _sheet(demo):
    template = template_with_rules(ScoringTemplate.objects.get(builtin_key="seed004_fivestar").pk)
    sheet = star_services.sheet_create(actor=demo.users["branch"], organization=demo.branch,
                                       campaign=demo.ctx.campaign, template=template)
    star_services.sheet_save_entries(actor=demo.users["branch"], sheet=sheet, stage=Stage.SELF, entries={},
                                     template=template)
    return sheet


# --- classification meeting attachments -----------------------------------------------------------
def test_an_html_file_named_pdf_is_not_a_meeting_attachment(demo):
    m = _meeting(demo)
    with pytest.raises(ValidationError) as refused:
        classification_services.meeting_attachment_add(actor=demo.users["branch"], meeting=m, upload=html_named_pdf())
    assert "file" in refused.value.error_dict and REFUSED in " ".join(refused.value.messages)
    assert "会议记录.pdf" in " ".join(refused.value.messages)
    assert not MeetingAttachment.objects.filter(meeting=m).exists()


def test_a_meeting_attachment_keeps_the_checked_content_type(demo, client_for):
    m = _meeting(demo)
    att = classification_services.meeting_attachment_add(
        actor=demo.users["branch"], meeting=m, upload=SimpleUploadedFile("签到表.pdf", PDF, "text/html"))
    assert att.content_type == "application/pdf"  # from the checked type, not from what the browser said
    response = client_for("branch").get(f"/ratings/meetings/attachments/{att.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_the_attachment_page_refuses_an_html_file_named_pdf_with_a_message(demo, client_for):
    m = _meeting(demo)
    response = client_for("branch").post(f"/ratings/meetings/{m.pk}/attachments/new/", {"file": html_named_pdf()})
    assert response.status_code == 200
    page = response.content.decode()
    assert REFUSED in page and "会议记录.pdf" in page
    assert not MeetingAttachment.objects.filter(meeting=m).exists()
    assert 'accept=".docx,.jpeg,.jpg,.pdf,.png,.xlsx"' in page


# --- star evidence --------------------------------------------------------------------------------
def test_an_html_file_named_pdf_is_not_star_evidence(demo):
    sheet = _sheet(demo)
    with pytest.raises(ValidationError) as refused:
        star_services.evidence_upload(actor=demo.users["branch"], sheet=sheet, upload=html_named_pdf(), rules=[])
    assert "file" in refused.value.error_dict and REFUSED in " ".join(refused.value.messages)
    assert not EvidenceFile.objects.filter(sheet=sheet).exists()


def test_star_evidence_keeps_the_checked_content_type(demo):
    sheet = _sheet(demo)
    ev = star_services.evidence_upload(actor=demo.users["branch"], sheet=sheet,
                                       upload=SimpleUploadedFile("台账.pdf", PDF, "text/html"), rules=[])
    assert ev.content_type == "application/pdf"


def test_the_evidence_page_refuses_an_html_file_named_pdf_with_a_message(demo, client_for):
    sheet = _sheet(demo)
    client = client_for("branch")
    page = client.get(f"/ratings/stars/sheets/{sheet.pk}/evidence/").content.decode()
    assert 'accept=".doc,.docx,.jpeg,.jpg,.pdf,.png,.xls,.xlsx"' in page  # the rule set's types
    response = client.post(f"/ratings/stars/sheets/{sheet.pk}/evidence/", {"file": html_named_pdf()})
    assert response.status_code == 200
    page = response.content.decode()
    assert REFUSED in page and "会议记录.pdf" in page
    assert not EvidenceFile.objects.filter(sheet=sheet).exists()
    response = client.post(f"/ratings/stars/sheets/{sheet.pk}/evidence/", {"file": SimpleUploadedFile("台账.pdf", PDF)})
    assert response.status_code == 302 and EvidenceFile.objects.filter(sheet=sheet).count() == 1
