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


# --- Picking a file already in the library (campaigns/forms_library.py) -----------------------------

def _sheet_and_commitment(demo):
    from ratings.stars.models import ScoreSheet

    c = demo.ctx.extra["upgrades.commitments"]["approved"]  # 红旗村 (branch2)
    sheet = ScoreSheet.objects.filter(organization=demo.branch2, campaign=c.campaign).first()
    return sheet, c


def test_a_library_file_is_picked_for_a_sheet_rule_and_a_measure_without_a_new_upload(demo, client_for):
    from django.urls import reverse

    from campaigns.library import library_file_add
    from ratings.stars.models import EvidenceFile
    from upgrades.models import Evidence

    sheet, c = _sheet_and_commitment(demo)
    lib = library_file_add(actor=demo.users["branch2"], campaign=c.campaign, organization=demo.branch2,
                           upload=_pdf("支部会议记录.pdf"), content_type="application/pdf")
    before = LibraryFile.objects.count()
    client = client_for("branch2")
    page = client.get(reverse("stars:evidence-upload", args=[sheet.pk])).content.decode()
    assert 'name="library_file"' in page and "支部会议记录.pdf" in page and 'data-testid="library-pick"' in page
    rule = sheet.template.sections.first().rules.first()
    response = client.post(reverse("stars:evidence-upload", args=[sheet.pk]), {"library_file": lib.pk, "rules": [rule.pk]})
    assert response.status_code == 302
    ev = EvidenceFile.objects.get(sheet=sheet, library_file=lib)
    assert list(ev.rules.all()) == [rule] and ev.name == "支部会议记录.pdf" and ev.file.name == lib.file.name
    measure = c.measures.first()
    response = client.post(reverse("upgrades:evidence-add", args=[c.pk]), {"library_file": lib.pk, "measures": [measure.pk]})
    assert response.status_code == 302
    evidence = Evidence.objects.get(commitment=c, library_file=lib)
    assert list(evidence.measures.all()) == [measure]
    assert LibraryFile.objects.count() == before  # nothing uploaded or stored again
    assert {u.kind for u in lib.uses.all()} == {"stars.evidencefile", "upgrades.evidence"}
    library = client_for("township").get(f"/library/{demo.branch2.pk}/?campaign={c.campaign.pk}").content.decode()
    assert library.count('data-testid="library-use"') == 2


def test_a_file_of_another_organisation_or_year_cannot_be_picked(demo, client_for):
    from django.urls import reverse

    from campaigns.library import library_file_add
    from ratings.stars.models import EvidenceFile
    from upgrades.models import Evidence

    sheet, c = _sheet_and_commitment(demo)
    other_org = library_file_add(actor=demo.users["branch"], campaign=c.campaign, organization=demo.branch,
                                 upload=_pdf("东方村.pdf"), content_type="application/pdf")
    client = client_for("branch2")
    page = client.get(reverse("stars:evidence-upload", args=[sheet.pk])).content.decode()
    assert "东方村.pdf" not in page  # never offered
    rule = sheet.template.sections.first().rules.first()
    response = client.post(reverse("stars:evidence-upload", args=[sheet.pk]), {"library_file": other_org.pk, "rules": [rule.pk]})
    assert response.status_code == 200 and "不在本组织本年度的佐证材料库中" in response.content.decode()
    response = client.post(reverse("upgrades:evidence-add", args=[c.pk]), {"library_file": other_org.pk}, follow=True)
    assert response.status_code == 200 and "不在本组织本年度的佐证材料库中" in response.content.decode()
    assert not EvidenceFile.objects.filter(library_file=other_org).exists()
    assert not Evidence.objects.filter(library_file=other_org).exists()
    assert not other_org.uses.exists()
    # neither a new file nor a library file: said, not a 500
    response = client.post(reverse("stars:evidence-upload", args=[sheet.pk]), {"rules": [rule.pk]})
    assert response.status_code == 200 and 'name="library_file"' in response.content.decode()


def test_the_service_refuses_a_file_from_another_library_itself(demo):
    from django.http import Http404

    from campaigns.library import library_file_add
    from ratings.stars import services as ss
    from upgrades import services as us

    sheet, c = _sheet_and_commitment(demo)
    other = library_file_add(actor=demo.users["branch"], campaign=c.campaign, organization=demo.branch,
                             upload=_pdf("东方村.pdf"), content_type="application/pdf")
    with pytest.raises(Http404):
        us.evidence_add(actor=demo.users["branch2"], commitment=c, measures=[], library_file=other)
    with pytest.raises(Http404):
        ss.evidence_upload(actor=demo.users["branch2"], sheet=sheet, rules=[], library_file=other)
    assert not other.uses.exists()


def test_a_meeting_attachment_can_be_picked_from_the_library(demo, client_for):
    from django.urls import reverse

    from campaigns.library import library_file_add
    from ratings.classification.models import Meeting, MeetingAttachment

    meeting = Meeting.objects.filter(classification__organization=demo.branch2, classification__campaign=demo.ctx.campaign,
                                     superseded=False).first()
    lib = library_file_add(actor=demo.users["branch2"], campaign=demo.ctx.campaign, organization=demo.branch2,
                           upload=_pdf("签到表.pdf"), content_type="application/pdf")
    response = client_for("branch2").post(reverse("classification:classification-attachment-create", args=[meeting.pk]), {"library_file": lib.pk})
    assert response.status_code == 302
    assert MeetingAttachment.objects.filter(meeting=meeting, library_file=lib).exists()
    assert lib.uses.get().kind == "classification.meetingattachment"
