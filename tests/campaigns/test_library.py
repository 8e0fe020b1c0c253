"""Enter once: one evidence library per organisation and year. A file uploaded for a score sheet, a
commitment or a meeting is stored once; the same bytes uploaded again are the same library file, and
the library lists every place the file is used."""
from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns.models import LibraryFile, LibraryUse

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 \xe4\xbc\x9a\xe8\xae\xae\xe8\xae\xb0\xe5\xbd\x95 minutes"


def _pdf(name="会议记录.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_one_file_for_a_commitment_and_a_meeting_is_stored_once_and_lists_both_uses(demo, client_for):
    from ratings.classification import services as cs
    from ratings.classification.models import Meeting
    from upgrades import services as us

    c = demo.ctx.extra["upgrades.commitments"]["approved"]  # 红旗村
    ev = us.evidence_add(actor=demo.users["branch2"], commitment=c, upload=_pdf(), measures=list(c.measures.all()))
    meeting = Meeting.objects.filter(classification__organization=demo.branch2, classification__campaign=c.campaign,
                                     superseded=False).first()
    att = cs.meeting_attachment_add(actor=demo.users["branch2"], meeting=meeting, upload=_pdf("同一份记录.pdf"))
    assert ev.library_file_id == att.library_file_id
    lib = LibraryFile.objects.get(pk=ev.library_file_id)
    assert LibraryFile.objects.filter(organization=demo.branch2, campaign=c.campaign, sha256=lib.sha256).count() == 1
    assert ev.file.name == att.file.name == lib.file.name  # one stored copy
    assert {u.kind for u in lib.uses.all()} == {"upgrades.evidence", "classification.meetingattachment"}
    page = client_for("township").get(f"/library/{demo.branch2.pk}/?campaign={c.campaign.pk}").content.decode()
    assert page.count('data-testid="library-use"') == 2 and "会议记录.pdf" in page


def test_different_bytes_are_different_files_and_another_organisation_has_its_own_library(demo):
    from campaigns.library import library_file_add

    a = library_file_add(actor=demo.users["branch2"], campaign=demo.ctx.campaign, organization=demo.branch2,
                         upload=_pdf(), content_type="application/pdf")
    b = library_file_add(actor=demo.users["branch2"], campaign=demo.ctx.campaign, organization=demo.branch2,
                         upload=SimpleUploadedFile("x.pdf", PDF + b"!"), content_type="application/pdf")
    c = library_file_add(actor=demo.users["branch"], campaign=demo.ctx.campaign, organization=demo.branch,
                         upload=_pdf(), content_type="application/pdf")
    assert len({a.pk, b.pk, c.pk}) == 3


def test_a_score_sheet_evidence_goes_into_the_library(demo):
    from ratings.stars import services as ss
    from ratings.stars.models import ScoreSheet

    sheet = ScoreSheet.objects.filter(organization=demo.branch2, campaign=demo.ctx.campaign).first()
    rules = list(sheet.template.sections.first().rules.all()[:1])
    ev = ss.evidence_upload(actor=demo.users["branch2"], sheet=sheet, upload=_pdf(), rules=rules)
    assert LibraryUse.objects.get(kind="stars.evidencefile", object_id=ev.pk).file_id == ev.library_file_id
