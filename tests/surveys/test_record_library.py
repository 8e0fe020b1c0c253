"""Enter once: the files of a survey record go through the organisation's evidence library
(campaigns/library.py) — uploaded once, or picked from what the library already holds — and the library
page lists the record as a place of use."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.library import library_file_add
from campaigns.models import LibraryFile
from core.models import AuditEvent
from surveys import services
from surveys.models import SurveyAttachment

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 \xe5\xba\xa7\xe8\xb0\x88\xe4\xbc\x9a minutes"


def _pdf(name="座谈会纪要.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _record(demo, org=None, user="branch2"):
    return services.survey_record_save(actor=demo.users[user], organization=org or demo.branch2, campaign=demo.ctx.campaign,
                                       kind="interview", title="入户走访", held_on=datetime.date(2026, 3, 5),
                                       content="内容", heard_masses=2)


def test_a_record_upload_is_stored_in_the_library_and_downloads(demo, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    record = services.survey_record_save(actor=demo.users["branch2"], organization=demo.branch2, campaign=demo.ctx.campaign,
                                         kind="interview", title="入户走访", held_on=datetime.date(2026, 3, 5),
                                         content="内容", files=[_pdf()])
    att = record.attachments.get()
    lib = att.library_file
    assert lib.organization == demo.branch2 and lib.campaign == demo.ctx.campaign and att.file.name == lib.file.name
    assert lib.uses.get().kind == "surveys.attachment"
    response = client_for("branch2").get(reverse("surveys:attachment-download", args=[att.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_attach_page_uploads_once_and_the_same_bytes_for_a_score_sheet_are_the_same_file(demo, client_for, settings, tmp_path):
    from ratings.stars import services as ss
    from ratings.stars.models import ScoreSheet

    settings.MEDIA_ROOT = tmp_path
    record = _record(demo)
    client = client_for("branch2")
    detail = client.get(reverse("surveys:record-detail", args=[record.pk])).content.decode()
    assert 'data-testid="record-attach"' in detail
    response = client.post(reverse("surveys:record-attach", args=[record.pk]), {"file": _pdf()})
    assert response.status_code == 302
    att = SurveyAttachment.objects.get(record=record)
    sheet = ScoreSheet.objects.filter(organization=demo.branch2, campaign=demo.ctx.campaign).first()
    rules = list(sheet.template.sections.first().rules.all()[:1])
    ev = ss.evidence_upload(actor=demo.users["branch2"], sheet=sheet, upload=_pdf("同一份纪要.pdf"), rules=rules)
    assert ev.library_file_id == att.library_file_id
    assert LibraryFile.objects.filter(organization=demo.branch2, campaign=demo.ctx.campaign,
                                      sha256=att.library_file.sha256).count() == 1
    assert {u.kind for u in att.library_file.uses.all()} == {"surveys.attachment", "stars.evidencefile"}
    page = client_for("township").get(f"/library/{demo.branch2.pk}/?campaign={demo.ctx.campaign.pk}").content.decode()
    assert page.count('data-testid="library-use"') == 2 and "入户走访" in page
    assert AuditEvent.objects.filter(action="survey_record.attachment_add", object_id=str(record.pk)).exists()


def test_a_library_file_is_picked_for_a_record_without_a_new_upload(demo, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    record = _record(demo)
    lib = library_file_add(actor=demo.users["branch2"], campaign=demo.ctx.campaign, organization=demo.branch2,
                           upload=_pdf("签到表.pdf"), content_type="application/pdf")
    before = LibraryFile.objects.count()
    client = client_for("branch2")
    page = client.get(reverse("surveys:record-attach", args=[record.pk])).content.decode()
    assert 'name="library_file"' in page and "签到表.pdf" in page and 'data-testid="library-pick"' in page
    response = client.post(reverse("surveys:record-attach", args=[record.pk]), {"library_file": lib.pk})
    assert response.status_code == 302
    att = SurveyAttachment.objects.get(record=record, library_file=lib)
    assert att.name == "签到表.pdf" and att.file.name == lib.file.name
    assert LibraryFile.objects.count() == before
    # the same file twice on one record: said, not stored twice
    response = client.post(reverse("surveys:record-attach", args=[record.pk]), {"library_file": lib.pk})
    assert response.status_code == 200 and SurveyAttachment.objects.filter(record=record).count() == 1


def test_another_organisations_file_cannot_be_picked(demo, client_for, settings, tmp_path):
    from django.http import Http404

    settings.MEDIA_ROOT = tmp_path
    record = _record(demo)
    other = library_file_add(actor=demo.users["branch"], campaign=demo.ctx.campaign, organization=demo.branch,
                             upload=_pdf("东方村.pdf"), content_type="application/pdf")
    client = client_for("branch2")
    assert "东方村.pdf" not in client.get(reverse("surveys:record-attach", args=[record.pk])).content.decode()
    response = client.post(reverse("surveys:record-attach", args=[record.pk]), {"library_file": other.pk})
    assert response.status_code == 200 and "不在本组织本年度的佐证材料库中" in response.content.decode()
    response = client.post(reverse("surveys:record-attach", args=[record.pk]), {})
    assert response.status_code == 200 and 'name="library_file"' in response.content.decode()
    with pytest.raises(Http404):
        services.survey_record_attachment_add(actor=demo.users["branch2"], record=record, library_file=other)
    assert not SurveyAttachment.objects.filter(record=record).exists() and not other.uses.exists()


def test_the_attach_page_is_404_outside_scope(demo, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    record = _record(demo)
    client = client_for("branch")  # another village's secretary
    assert client.get(reverse("surveys:record-attach", args=[record.pk])).status_code == 404
    assert client.post(reverse("surveys:record-attach", args=[record.pk]), {"file": _pdf()}).status_code == 404
    assert not SurveyAttachment.objects.filter(record=record).exists()


def test_an_archived_organisation_refuses_new_attachments(demo, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    record = _record(demo)
    type(demo.branch2).objects.filter(pk=demo.branch2.pk).update(is_active=False)
    with pytest.raises(ValidationError):
        services.survey_record_attachment_add(actor=demo.users["branch2"], record=record, upload=_pdf())
    # an archived organisation is out of anyone's "enter" reach: the page is not found
    response = client_for("branch2").post(reverse("surveys:record-attach", args=[record.pk]), {"file": _pdf()})
    assert response.status_code == 404 and not SurveyAttachment.objects.filter(record=record).exists()


def test_the_data_migration_moves_existing_attachments_into_the_library(demo, settings, tmp_path):
    import importlib

    from django.apps import apps
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    migration = importlib.import_module("surveys.migrations.0004_t17f_library")
    record = _record(demo)
    lib = library_file_add(actor=demo.users["branch2"], campaign=demo.ctx.campaign, organization=demo.branch2,
                           upload=_pdf("早已上传.pdf"), content_type="application/pdf")
    old = []
    for name, data in (("旧纪要.pdf", PDF), ("旧照片.png", b"\x89PNG other bytes")):
        att = SurveyAttachment(record=record, name=name, size=len(data), content_type="application/pdf")
        att.file.save(name, ContentFile(data), save=False)
        att.save()
        old.append(att)
    before = LibraryFile.objects.count()
    migration.to_library(apps, None)
    same, other = (SurveyAttachment.objects.get(pk=a.pk) for a in old)
    assert same.library_file_id == lib.pk  # the same bytes join the file already in the library
    assert other.library_file is not None and other.library_file.file.name == other.file.name  # not copied
    assert LibraryFile.objects.count() == before + 1
    assert {u.object_id for u in lib.uses.filter(kind="surveys.attachment")} == {same.pk}
    assert other.library_file.uses.get().label.startswith("调查记录 · 入户走访")
