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
