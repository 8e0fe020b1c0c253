"""Case measures take their evidence through the organisation's evidence library (enter once, issue #17
item 2): a file uploaded for a measure is stored once in the library, a file the library already holds is
picked instead of uploaded again, the case page lists each measure's files, the library lists the case."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse

from campaigns.models import LibraryFile, LibraryUse
from core.models import AuditEvent
from followup import rules
from followup import services as s
from followup.models import CaseEvidence

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 \xe6\x95\xb4\xe6\x94\xb9\xe5\x8f\xb0\xe8\xb4\xa6 ledger"


def _pdf(name="整改台账.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _hongqi_measure(demo):
    """A case for 红旗村党支部 (branch2, average: a 软弱涣散 situation applies) with one measure."""
    item = rules.checklist(demo.ctx.campaign.ruleset.setting("weak_situations"))[0]
    case = s.case_open(actor=demo.users["township"], campaign=demo.ctx.campaign, organization=demo.branch2, problems=[],
                       situations=[item], deadline=demo.ctx.campaign.upgrade_due, leader="乡党委副书记 周建国",
                       first_secretary="县农业农村局 李明")
    return s.case_measure_add(actor=demo.users["branch2"], case=case, what="规范“三会一课”，补齐会议记录",
                              responsible="支部书记", due=datetime.date.today())


def test_an_uploaded_file_goes_into_the_library_and_backs_the_measure(demo):
    m = _hongqi_measure(demo)
    ev = s.case_measure_evidence_add(actor=demo.users["branch2"], measure=m, upload=_pdf())
    lib = ev.library_file
    assert (lib.organization_id, lib.campaign_id, lib.name) == (demo.branch2.pk, demo.ctx.campaign.pk, "整改台账.pdf")
    use = LibraryUse.objects.get(kind="followup.caseevidence", object_id=ev.pk)
    assert use.file_id == lib.pk and demo.branch2.name in use.label and "三会一课" in use.label
    assert AuditEvent.objects.filter(action="case.measure_evidence", object_id=str(m.pk)).exists()


def test_a_refused_type_is_said_by_name_and_stores_nothing(demo):
    m = _hongqi_measure(demo)
    before = LibraryFile.objects.count()
    with pytest.raises(ValidationError) as exc:
        s.case_measure_evidence_add(actor=demo.users["branch2"], measure=m, upload=_pdf("记录.pdf", b"<html>not a pdf"))
    assert "file" in exc.value.error_dict and "记录.pdf" in " ".join(exc.value.messages)
    assert LibraryFile.objects.count() == before and not CaseEvidence.objects.filter(measure=m).exists()


def test_one_file_for_a_score_sheet_and_a_case_is_stored_once_and_the_library_shows_both_uses(demo, client_for):
    from ratings.stars import services as ss
    from ratings.stars.models import ScoreSheet

    sheet = ScoreSheet.objects.filter(organization=demo.branch2, campaign=demo.ctx.campaign).first()
    sheet_ev = ss.evidence_upload(actor=demo.users["branch2"], sheet=sheet, upload=_pdf("支部会议记录.pdf"),
                                  rules=list(sheet.template.sections.first().rules.all()[:1]))
    m = _hongqi_measure(demo)
    # picked from the library: not uploaded again
    picked = s.case_measure_evidence_add(actor=demo.users["branch2"], measure=m,
                                         library_file=LibraryFile.objects.get(pk=sheet_ev.library_file_id))
    assert picked.library_file_id == sheet_ev.library_file_id
    # the same bytes uploaded again for another measure are the same library file
    m2 = s.case_measure_add(actor=demo.users["branch2"], case=m.case, what="发展年轻党员", responsible="组织委员",
                            due=datetime.date.today())
    again = s.case_measure_evidence_add(actor=demo.users["branch2"], measure=m2, upload=_pdf("再传一次.pdf"))
    assert again.library_file_id == sheet_ev.library_file_id
    assert LibraryFile.objects.filter(organization=demo.branch2, campaign=demo.ctx.campaign,
                                      sha256=sheet_ev.library_file.sha256).count() == 1
    lib = LibraryFile.objects.get(pk=sheet_ev.library_file_id)
    assert sorted(u.kind for u in lib.uses.all()) == ["followup.caseevidence", "followup.caseevidence", "stars.evidencefile"]
    page = client_for("township").get(f"/library/{demo.branch2.pk}/?campaign={demo.ctx.campaign.pk}").content.decode()
    assert page.count('data-testid="library-use"') == 3
    assert page.count(f"{demo.branch2.name} · 规范“三会一课”") == 1 and page.count(f"{demo.branch2.name} · 发展年轻党员") == 1
    # the case page lists each measure's file with a scoped download link
    html = client_for("branch2").get(reverse("followup:case-detail", args=[m.case_id])).content.decode()
    link = reverse("campaigns:library-download", args=[lib.pk])
    assert html.count(link) == 2 and "支部会议记录.pdf" in html
    assert client_for("branch2").get(link).status_code == 200


def test_the_same_file_twice_on_one_measure_is_refused(demo):
    m = _hongqi_measure(demo)
    s.case_measure_evidence_add(actor=demo.users["branch2"], measure=m, upload=_pdf())
    with pytest.raises(ValidationError):
        s.case_measure_evidence_add(actor=demo.users["branch2"], measure=m, upload=_pdf("同一份.pdf"))


def test_a_file_of_another_organisations_library_or_of_another_scope_is_not_found(demo, client_for):
    from campaigns.library import library_file_add

    m = _hongqi_measure(demo)
    foreign = library_file_add(actor=demo.users["branch"], campaign=demo.ctx.campaign, organization=demo.branch,
                               upload=_pdf("东方村.pdf", PDF + b"dongfang"), content_type="application/pdf")
    with pytest.raises(Http404):
        s.case_measure_evidence_add(actor=demo.users["branch2"], measure=m, library_file=foreign)
    with pytest.raises(Http404):  # the secretary of another branch
        s.case_measure_evidence_add(actor=demo.users["branch"], measure=m, upload=_pdf())
    url = reverse("followup:measure-evidence", args=[m.pk])
    for actor in ("branch", "township2", "outsider"):
        assert client_for(actor).post(url, {"file": _pdf()}).status_code == 404
    # a foreign file's id posted to the page is not among the choices: refused, nothing linked
    response = client_for("branch2").post(url, {"library_file": foreign.pk})
    assert response.status_code == 302 and not CaseEvidence.objects.filter(measure=m).exists()
    assert client_for("branch2").get(reverse("campaigns:library-download", args=[foreign.pk])).status_code == 404


def test_the_page_uploads_and_picks(demo, client_for):
    m = _hongqi_measure(demo)
    client = client_for("branch2")
    url = reverse("followup:measure-evidence", args=[m.pk])
    assert client.post(url, {"file": _pdf()}).status_code == 302
    ev = CaseEvidence.objects.get(measure=m)
    m2 = s.case_measure_add(actor=demo.users["branch2"], case=m.case, what="建立党员积分管理", responsible="支部书记",
                            due=datetime.date.today())
    assert client.post(reverse("followup:measure-evidence", args=[m2.pk]), {"library_file": ev.library_file_id}).status_code == 302
    assert CaseEvidence.objects.get(measure=m2).library_file_id == ev.library_file_id
    # neither a file nor a pick: a message, nothing stored
    response = client.post(url, {}, follow=True)
    assert "上传" in response.content.decode() and CaseEvidence.objects.filter(measure=m).count() == 1


def test_a_closed_case_refuses_new_evidence(demo):
    org = demo.org("新塘村党支部")  # lagging, re-rated average at the demo's year-end
    case = s.case_open(actor=demo.users["township"], campaign=demo.ctx.campaign, organization=org,
                       problems=[], situations=[], deadline=demo.ctx.campaign.upgrade_due, leader="周建国", first_secretary="王强")
    m = s.case_measure_add(actor=demo.users["township"], case=case, what="整顿软弱班子", responsible="包村干部",
                           due=datetime.date.today())
    case = s.case_request_exit(actor=demo.users["township"], case=case, basis="rerating", record="年终定为一般")
    s.case_decide_exit(actor=demo.users["county"], case=case, accept=True, comment="同意摘帽")
    with pytest.raises(ValidationError):
        s.case_measure_evidence_add(actor=demo.users["township"], measure=m, upload=_pdf())
    assert not CaseEvidence.objects.filter(measure=m).exists()
