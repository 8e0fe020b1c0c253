"""Excel import of paper questionnaires: the round's own template, validated whole, atomic."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from core.xlsx import XlsxError
from surveys import importers, services
from surveys.models import Answer, Response
from surveys.selectors import questions_for

from .helpers import new_round

pytestmark = pytest.mark.django_db


def sheet(headers: list[str], rows: list[list]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def good_row(questions, category="普通群众") -> list:
    row = [category, ""]
    for q in questions:
        row.append({"single": "A", "multiple": "A、B", "satisfaction": "基本满意", "scale": 5, "text": "建议多开会"}[q.kind])
    return row


def headers(questions) -> list[str]:
    return [importers.CATEGORY_HEADER, importers.LABEL_HEADER, *importers.excel_headers(questions)]


def test_the_downloaded_template_has_one_column_per_question_plus_category(demo, client_for):
    round_ = new_round(demo)
    response = client_for("township").get(f"/surveys/rounds/{round_.pk}/excel-template.xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    first = [c.value for c in next(ws.iter_rows(max_row=1))]
    assert first == headers(questions_for(round_))


def test_a_good_sheet_imports_every_row_with_its_answers(demo):
    round_ = new_round(demo)
    qs = questions_for(round_)
    rows = [good_row(qs, "党员"), good_row(qs, "普通群众"), good_row(qs, "服务对象")]
    rows[1][1] = "老党员"
    n = importers.excel_import(actor=demo.users["township"], round_=round_, upload=sheet(headers(qs), rows))
    assert n == 3
    assert sorted(Response.objects.filter(round=round_).values_list("category", flat=True)) == ["masses", "party_member", "service_recipient"]
    assert Response.objects.get(round=round_, category="masses").label == "old_member"
    multi = next(q for q in qs if q.kind == "multiple")
    assert Answer.objects.filter(question=multi, response__round=round_).count() == 3 * 2
    assert set(Response.objects.filter(round=round_).values_list("channel", flat=True)) == {"excel"}


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written(demo):
    round_ = new_round(demo)
    qs = questions_for(round_)
    h = headers(qs)
    sat = next(i for i, q in enumerate(qs) if q.kind == "satisfaction")
    scale = next(i for i, q in enumerate(qs) if q.kind == "scale")
    bad1 = good_row(qs)
    bad1[0] = "干部"
    bad2 = good_row(qs)
    bad2[2 + sat] = "很满意"
    bad2[2 + scale] = 9
    rows = [good_row(qs), bad1, bad2]
    with pytest.raises(XlsxError) as exc:
        importers.excel_import(actor=demo.users["township"], round_=round_, upload=sheet(h, rows))
    where = {(e.row, e.column) for e in exc.value.errors}
    assert (3, "类别") in where
    assert (4, h[2 + sat]) in where and (4, h[2 + scale]) in where
    assert all(e.message for e in exc.value.errors)
    assert not Response.objects.filter(round=round_).exists()


def test_a_missing_question_column_is_refused(demo):
    round_ = new_round(demo)
    qs = questions_for(round_)
    with pytest.raises(XlsxError) as exc:
        importers.excel_import(actor=demo.users["township"], round_=round_, upload=sheet(headers(qs)[:-1], [good_row(qs)[:-1]]))
    assert exc.value.errors[0].row == 1
    assert not Response.objects.filter(round=round_).exists()


def test_the_import_page_lists_errors_in_chinese(demo, client_for):
    round_ = new_round(demo)
    qs = questions_for(round_)
    bad = good_row(qs)
    bad[0] = ""
    upload = sheet(headers(qs), [bad])
    upload.name = "q.xlsx"
    response = client_for("branch").post(f"/surveys/rounds/{round_.pk}/excel/", {"file": upload})
    assert response.status_code == 400
    body = response.content.decode()
    assert "党员" in body and "类别" in body
    assert not Response.objects.filter(round=round_).exists()


def test_a_failure_while_writing_rolls_everything_back(demo, monkeypatch):
    round_ = new_round(demo)
    qs = questions_for(round_)

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importers, "insert_answer_rows", boom)
    with pytest.raises(RuntimeError):
        importers.excel_import(actor=demo.users["township"], round_=round_, upload=sheet(headers(qs), [good_row(qs)] * 3))
    assert not Response.objects.filter(round=round_).exists()


# --- Each questionnaire once (issue 14) --------------------------------------------------------------

def _template(client, round_) -> bytes:
    return b"".join(client.get(f"/surveys/rounds/{round_.pk}/excel-template.xlsx").streaming_content)


def test_the_template_uploaded_unchanged_imports_no_questionnaire(demo, client_for):
    round_ = new_round(demo)
    data = _template(client_for("township"), round_)
    wb = load_workbook(io.BytesIO(data))
    assert wb.worksheets[0].max_row == 1  # the data sheet holds the header alone
    examples = list(wb.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert len(examples) == 2 and all(str(r[0]).startswith("【示例】") for r in examples)
    with pytest.raises(XlsxError) as exc:
        importers.excel_import(actor=demo.users["township"], round_=round_, upload=io.BytesIO(data))
    assert [str(e) for e in exc.value.errors] == ["表格中没有问卷数据。"]
    assert not Response.objects.filter(round=round_).exists()


def test_example_rows_copied_onto_the_data_sheet_are_refused_and_count_nothing(demo, client_for):
    round_ = new_round(demo)
    qs = questions_for(round_)
    wb = load_workbook(io.BytesIO(_template(client_for("township"), round_)))
    examples = [list(r) for r in wb.worksheets[1].iter_rows(min_row=2, values_only=True)]
    with pytest.raises(XlsxError) as exc:
        importers.excel_import(actor=demo.users["township"], round_=round_,
                               upload=sheet(headers(qs), examples + [good_row(qs)]))
    assert [e.row for e in exc.value.errors] == [2, 3]
    assert all("示例" in e.message for e in exc.value.errors)
    assert not Response.objects.filter(round=round_).exists()


def test_the_same_sheet_uploaded_twice_adds_nothing_and_says_so(demo):
    round_ = new_round(demo)
    qs = questions_for(round_)
    rows = [good_row(qs, "党员"), good_row(qs, "普通群众"), good_row(qs, "普通群众")]  # two alike answers are two people
    assert importers.excel_import(actor=demo.users["township"], round_=round_, upload=sheet(headers(qs), rows)) == 3
    with pytest.raises(XlsxError) as exc:
        importers.excel_import(actor=demo.users["township"], round_=round_, upload=sheet(headers(qs), rows))
    assert "已于" in str(exc.value.errors[0]) and "未重复导入" in str(exc.value.errors[0])
    assert Response.objects.filter(round=round_).count() == 3


def test_the_same_questionnaires_saved_again_in_another_file_are_still_recognised(demo):
    round_ = new_round(demo)
    qs = questions_for(round_)
    rows = [good_row(qs, "党员"), good_row(qs, "服务对象")]
    importers.excel_import(actor=demo.users["township"], round_=round_, upload=sheet(headers(qs), rows))
    # Same values, other bytes: a different sheet title and a blank row in between.
    wb = Workbook()
    ws = wb.active
    ws.title = "另存"
    ws.append(headers(qs))
    ws.append(rows[0])
    ws.append([])
    ws.append(rows[1])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(XlsxError):
        importers.excel_import(actor=demo.users["township"], round_=round_, upload=io.BytesIO(buf.getvalue()))
    assert Response.objects.filter(round=round_).count() == 2


def test_a_longer_sheet_that_repeats_an_imported_one_at_its_top_names_the_repeated_rows(demo):
    round_ = new_round(demo)
    qs = questions_for(round_)
    first = [good_row(qs, "党员"), good_row(qs, "普通群众")]
    importers.excel_import(actor=demo.users["township"], round_=round_, upload=sheet(headers(qs), first))
    with pytest.raises(XlsxError) as exc:
        importers.excel_import(actor=demo.users["township"], round_=round_,
                               upload=sheet(headers(qs), first + [good_row(qs, "服务对象")]))
    assert "第 2–3 行已于" in str(exc.value.errors[0])
    assert Response.objects.filter(round=round_).count() == 2
    # the rest alone imports
    assert importers.excel_import(actor=demo.users["township"], round_=round_,
                                  upload=sheet(headers(qs), [good_row(qs, "服务对象")])) == 1


def test_the_same_sheet_may_go_into_another_round(demo):
    qs_round = new_round(demo)
    other = new_round(demo)
    qs = questions_for(qs_round)
    data = sheet(headers(qs), [good_row(qs)]).getvalue()
    assert importers.excel_import(actor=demo.users["township"], round_=qs_round, upload=io.BytesIO(data)) == 1
    assert importers.excel_import(actor=demo.users["township"], round_=other, upload=io.BytesIO(data)) == 1


def test_two_records_of_one_sheet_in_one_round_are_refused_by_the_database(demo):
    from django.db import IntegrityError, transaction

    from core.imports import content_record

    round_ = new_round(demo)
    content_record(kind="survey_responses", target=f"round:{round_.pk}", digest="a" * 64, row_count=1, actor=demo.users["township"])
    with pytest.raises(IntegrityError), transaction.atomic():
        content_record(kind="survey_responses", target=f"round:{round_.pk}", digest="a" * 64, row_count=1, actor=demo.users["township"])


def test_the_import_page_gives_the_marked_file_back(demo, client_for):
    from django.urls import reverse

    from core.models import ImportRun

    round_ = new_round(demo)
    qs = questions_for(round_)
    bad = good_row(qs)
    bad[0] = "干部"
    upload = sheet(headers(qs), [good_row(qs), bad])
    upload.name = "问卷.xlsx"
    client = client_for("branch")
    response = client.post(f"/surveys/rounds/{round_.pk}/excel/", {"file": upload})
    assert response.status_code == 400
    run = ImportRun.objects.get(kind="survey_responses")
    url = reverse("core:import-run-marked", args=[run.pk])
    assert url in response.content.decode()
    ws = load_workbook(io.BytesIO(b"".join(client.get(url).streaming_content))).worksheets[0]
    assert ws["A3"].comment is not None and "党员" in ws["A3"].comment.text
    assert ws.cell(row=1, column=ws.max_column).value == "错误说明" and ws.cell(row=3, column=ws.max_column).value
    assert client_for("branch2").get(url).status_code == 404


def test_a_good_sheet_through_the_page_counts_once(demo, client_for):
    round_ = new_round(demo)
    qs = questions_for(round_)
    data = sheet(headers(qs), [good_row(qs), good_row(qs)]).getvalue()
    client = client_for("township")
    for expected_status in (302, 400):
        upload = io.BytesIO(data)
        upload.name = "q.xlsx"
        response = client.post(f"/surveys/rounds/{round_.pk}/excel/", {"file": upload})
        assert response.status_code == expected_status
    assert "未重复导入" in response.content.decode()
    assert Response.objects.filter(round=round_).count() == 2
