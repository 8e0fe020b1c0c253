"""Survey pages: the participant's code pages, paper entry, quorum panel, results, reports, query counts."""
from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.models import Organization, make_path, path_depth
from reports.models import ReportRun
from surveys import services
from surveys.models import OneTimeCode, Response, SurveyReport
from surveys.selectors import questions_for

from .helpers import add_paper, full_answers, new_round

pytestmark = pytest.mark.django_db


def _post_answers(round_) -> dict:
    data = {}
    for qid, value in full_answers(round_).items():
        data[f"q{qid}"] = value
    return data


def test_participant_answers_once_through_a_code_without_login(demo, client_for):
    round_ = new_round(demo)
    code = services.codes_generate(actor=demo.users["township"], round_=round_, counts={"masses": 1})[0]
    anon = client_for("anonymous")
    page = anon.post("/surveys/c/", {"code": code.code})  # the code only in the POST body
    assert page.status_code == 200 and round_.template.name in page.content.decode()
    assert not Response.objects.filter(round=round_).exists()  # showing the questionnaire stores nothing
    response = anon.post("/surveys/c/", {"code": code.code, "answering": "1", **_post_answers(round_)})
    assert response.status_code == 302 and response.url == "/surveys/done/"
    assert Response.objects.filter(round=round_, channel="online").count() == 1
    again = anon.post("/surveys/c/", {"code": code.code})
    assert again.status_code == 410 and "已经使用" in again.content.decode()


def test_typed_code_with_dash_and_lower_case_leads_to_the_questionnaire(demo, client_for):
    round_ = new_round(demo)
    code = services.codes_generate(actor=demo.users["township"], round_=round_, counts={"masses": 1})[0].code
    response = client_for("anonymous").post("/surveys/c/", {"code": f"{code[:4].lower()}-{code[4:]}"})
    assert response.status_code == 200 and f'name="code" value="{code}"' in response.content.decode()


def test_missing_answers_are_marked_and_the_code_stays_unused(demo, client_for):
    round_ = new_round(demo)
    code = services.codes_generate(actor=demo.users["township"], round_=round_, counts={"masses": 1})[0]
    response = client_for("anonymous").post("/surveys/c/", {"code": code.code, "answering": "1"})
    assert response.status_code == 400
    assert "必须回答" in response.content.decode() or "required" in response.content.decode()
    code.refresh_from_db()
    assert not code.used


def test_unknown_and_closed_codes_get_a_clear_chinese_page(demo, client_for):
    anon = client_for("anonymous")
    unknown = anon.post("/surveys/c/", {"code": "ZZZZ9999"})
    assert unknown.status_code == 404 and "没有找到" in unknown.content.decode()
    round_ = new_round(demo, status="draft")
    code = services.codes_generate(actor=demo.users["township"], round_=round_, counts={"masses": 1})[0]
    closed = anon.post("/surveys/c/", {"code": code.code})
    assert closed.status_code == 410 and "未开放" in closed.content.decode()


def test_paper_entry_saves_and_opens_the_next_form(demo, client_for):
    round_ = new_round(demo)
    client = client_for("branch")
    page = client.get(f"/surveys/rounds/{round_.pk}/paper/")
    assert b"autofocus" in page.content
    response = client.post(f"/surveys/rounds/{round_.pk}/paper/", {"category": "masses", "label": "", **_post_answers(round_)})
    assert response.status_code == 302 and response.url == f"/surveys/rounds/{round_.pk}/paper/"
    assert Response.objects.get(round=round_).entered_by == demo.users["branch"]
    bad = client.post(f"/surveys/rounds/{round_.pk}/paper/", {"label": ""})
    assert bad.status_code == 400


def test_quorum_panel_shows_what_is_missing_and_changes_with_answers(demo, client_for):
    round_ = new_round(demo)
    client = client_for("township")
    panel = client.get(f"/surveys/rounds/{round_.pk}/quorum/").content.decode()
    assert "还差 60 人" in panel
    assert 'hx-trigger="every 10s"' in panel
    add_paper(demo, round_, "party_member", 40)
    add_paper(demo, round_, "masses", 17)
    panel = client.get(f"/surveys/rounds/{round_.pk}/quorum/").content.decode()
    assert "还差 3 人" in panel and "29.8%" in panel
    add_paper(demo, round_, "masses", 3)
    panel = client.get(f"/surveys/rounds/{round_.pk}/quorum/").content.decode()
    assert "人数要求已满足" in panel


def test_closing_below_quorum_shows_the_shortfall_and_keeps_the_round_open(demo, client_for):
    round_ = new_round(demo)
    response = client_for("township").post(f"/surveys/rounds/{round_.pk}/close/", {"reason": ""})
    assert response.status_code == 200 and "还差 60 人" in response.content.decode()
    round_.refresh_from_db()
    assert round_.status == "open"


def test_results_of_a_closed_round_show_svg_charts_and_the_party_masses_split(demo, client_for):
    round_ = demo.ctx.extra["surveys"]["rounds"]["红旗村党支部"]
    body = client_for("township").get(f"/surveys/rounds/{round_.pk}/results/").content.decode()
    assert body.count("<svg") >= len([q for q in questions_for(round_) if q.kind != "text"])
    assert "满意率" in body and "普通群众" in body


def test_slip_pdf_has_one_slip_per_unused_code(demo, client_for):
    round_ = new_round(demo)
    services.codes_generate(actor=demo.users["township"], round_=round_, counts={"masses": 12, "party_member": 12})
    response = client_for("township").get(f"/surveys/rounds/{round_.pk}/codes/1/slips.pdf")
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages)
    from surveys.rules import format_code

    for code in OneTimeCode.objects.filter(round=round_):
        assert format_code(code.code) in text


def test_branch_writes_and_submits_its_report_through_the_page(demo, client_for):
    SurveyReport.objects.filter(organization=demo.branch).delete()
    client = client_for("branch")
    data = {"overview": "概况", "strengths": "优势", "problems": "问题", "bottlenecks": "瓶颈", "evaluation": "评价",
            "suggestions": "建议", "submit": "1"}
    response = client.post(f"/surveys/reports/org/{demo.branch.pk}/", data)
    assert response.status_code == 302
    report = SurveyReport.objects.get(organization=demo.branch)
    assert report.status == "submitted" and report.submitted_at is not None


def test_the_report_and_the_township_compilation_render_as_pdf_and_xlsx(demo, client_for, settings, tmp_path,
                                                                         django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    report = SurveyReport.objects.get(organization=demo.branch2)
    client = client_for("township")
    with django_capture_on_commit_callbacks(execute=True):
        for fmt in ("pdf", "xlsx"):  # the buttons of the report and compilation pages post to the reports app
            client.post("/reports/request/", {"kind": "survey_report", "fmt": fmt, "organization": demo.branch2.pk,
                                              "report": report.pk})
            client.post("/reports/request/", {"kind": "survey_summary", "fmt": fmt, "organization": demo.township.pk,
                                              "campaign": demo.ctx.campaign.pk})
    runs = list(ReportRun.objects.filter(kind__in=["survey_report", "survey_summary"]))
    assert len(runs) == 4
    assert all(r.status == "done" for r in runs), [(r.kind, r.fmt, r.error) for r in runs]
    from io import BytesIO

    from pypdf import PdfReader

    pdf = next(r for r in runs if r.kind == "survey_summary" and r.fmt == "pdf")
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.file.read())).pages)
    assert "红旗村党支部" in text and "石桥村党支部" in text


def test_dashboard_lists_rounds_below_quorum_and_reports_to_review(demo, client_for):
    body = client_for("township").get("/").content.decode()
    assert "东方村党支部" in body  # open round below quorum
    body = client_for("branch").get("/").content.decode()
    assert "专题调研报告" in body


# ---- query counts: the same for a small and a larger tree / round


def _grow(demo, n: int) -> None:
    """n more village branches under the township, each with an open round and a few answers."""
    for i in range(n):
        org = Organization.objects.create(parent=demo.township, name=f"扩展村{i}党支部", kind="branch", domain="village",
                                          member_count=30)
        org.path = make_path(demo.township.path, org.pk)
        org.depth = path_depth(org.path)
        org.save(update_fields=["path", "depth"])
        round_ = new_round(demo, org)
        add_paper(demo, round_, "masses", 2)
        services.survey_report_get_or_create(organization=org, campaign=demo.ctx.campaign)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_township_overview_costs_the_same_queries_for_a_larger_tree(demo, client_for):
    client = client_for("township")
    small = _count(client, "/surveys/overview/")
    _grow(demo, 12)
    assert _count(client, "/surveys/overview/") == small


def test_round_page_costs_the_same_queries_for_more_answers_and_codes(demo, client_for):
    round_ = new_round(demo)
    client = client_for("township")
    small = _count(client, f"/surveys/rounds/{round_.pk}/")
    add_paper(demo, round_, "masses", 25)
    services.codes_generate(actor=demo.users["township"], round_=round_, counts={"masses": 30})
    services.codes_generate(actor=demo.users["township"], round_=round_, counts={"party_member": 30})
    assert _count(client, f"/surveys/rounds/{round_.pk}/") == small
    assert _count(client, f"/surveys/rounds/{round_.pk}/quorum/") <= small


def test_demo_seed_is_idempotent(demo):
    from core.demo import seed_demo
    from surveys.models import Answer, SurveyRound

    before = (SurveyRound.objects.count(), Response.objects.count(), Answer.objects.count(), OneTimeCode.objects.count(),
              SurveyReport.objects.count())
    seed_demo()
    after = (SurveyRound.objects.count(), Response.objects.count(), Answer.objects.count(), OneTimeCode.objects.count(),
             SurveyReport.objects.count())
    assert before == after
    states = set(SurveyRound.objects.values_list("status", flat=True))
    assert {"open", "closed", "draft"} <= states
    assert SurveyReport.objects.filter(is_late=True).exists()


def test_the_person_who_typed_a_paper_questionnaire_can_take_back_the_last_one(demo, client_for):
    round_ = new_round(demo)
    client = client_for("branch")
    client.post(f"/surveys/rounds/{round_.pk}/paper/", {"category": "masses", "label": "", **_post_answers(round_)})
    assert Response.objects.filter(round=round_).count() == 1
    assert b'data-testid="undo"' in client.get(f"/surveys/rounds/{round_.pk}/paper/").content
    other = client_for("township").post(f"/surveys/rounds/{round_.pk}/paper/undo/")
    assert other.status_code == 302 and Response.objects.filter(round=round_).count() == 1  # not theirs
    response = client.post(f"/surveys/rounds/{round_.pk}/paper/undo/")
    assert response.status_code == 302
    assert not Response.objects.filter(round=round_).exists()
    client.post(f"/surveys/rounds/{round_.pk}/paper/undo/")  # nothing left to take back
    assert not Response.objects.filter(round=round_).exists()


def test_load_test_codes_command_writes_usable_codes(demo, tmp_path):
    from django.core.management import call_command

    round_ = new_round(demo)
    out = tmp_path / "codes.txt"
    call_command("surveys_loadtest_codes", "--round", str(round_.pk), "--count", "30", "--out", str(out))
    codes = out.read_text(encoding="utf-8").split()
    assert len(codes) == 30 and OneTimeCode.objects.filter(round=round_, code__in=codes, used=False).count() == 30
