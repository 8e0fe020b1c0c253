"""Every xlsx export carries a print setup (issue #19): A4, landscape when wide, fitted to one page wide,
the title and header rows repeated on each page, page numbers in the footer. Read back with openpyxl."""
from __future__ import annotations

import io

from openpyxl import load_workbook

from core.xlsx import LANDSCAPE_OVER_COLUMNS, Column, write_table


def _sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).worksheets[0]


def _written(columns: int, *, title_row: bool = True):
    buffer = io.BytesIO()
    write_table(buffer, title="台账", columns=[Column(f"列{i}") for i in range(columns)],
                rows=[[i] * columns for i in range(200)], title_row=title_row)
    return _sheet(buffer.getvalue())


def _assert_fitted_with_page_numbers(ws) -> None:
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    # An absent fitToWidth is 1 (its default in the Office Open XML schema); XlsxWriter omits it.
    assert (ws.page_setup.fitToWidth or 1) == 1 and ws.page_setup.fitToHeight == 0
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"


def test_a_wide_export_prints_landscape_fitted_to_width_with_title_and_header_repeated():
    ws = _written(LANDSCAPE_OVER_COLUMNS + 1)
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$1:$2"
    _assert_fitted_with_page_numbers(ws)


def test_a_narrow_export_prints_portrait_and_a_sheet_without_title_repeats_its_header_row():
    ws = _written(LANDSCAPE_OVER_COLUMNS)
    assert ws.page_setup.orientation == "portrait"
    _assert_fitted_with_page_numbers(ws)
    assert _written(3, title_row=False).print_title_rows == "$1:$1"


def test_an_import_template_prints_with_its_header_row_on_every_page():
    from core.xlsx import template_bytes

    data = template_bytes(title="组织", columns=[Column(f"列{i}") for i in range(10)], example=[["甲"] * 10])
    ws = _sheet(data)
    assert ws.print_title_rows == "$1:$1" and ws.page_setup.orientation == "landscape"
    _assert_fitted_with_page_numbers(ws)


def test_the_organisation_export_downloaded_from_the_page_has_the_print_setup(demo, client_for):
    response = client_for("township").get(f"/org/{demo.township.pk}/export.xlsx")
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    ws = _sheet(data)
    assert ws.print_title_rows in ("$1:$1", "$1:$2")
    _assert_fitted_with_page_numbers(ws)


def test_a_report_rendered_to_xlsx_has_the_print_setup():
    from core.report_kinds import ReportData
    from reports.renderers import render_xlsx

    data = ReportData(title="汇总表", organization_name="金星乡党委",
                      columns=[Column(f"列{i}") for i in range(12)], rows=[[1] * 12, [2] * 12])
    buffer = io.BytesIO()
    render_xlsx(data, buffer, lambda n: None)
    ws = _sheet(buffer.getvalue())
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$2"
    _assert_fitted_with_page_numbers(ws)
