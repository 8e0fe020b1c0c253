"""Hostile and broken uploads to the organisation import: each gets a clear Chinese error, nothing is
written, and the process stays within bounded memory.

All go through the real view (township staff importing under 金星乡党委), except the memory check,
which calls the importer directly under tracemalloc.
"""
from __future__ import annotations

import io
import os
import tracemalloc
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from core.models import AuditEvent
from core.xlsx import XlsxError
from organizations import importers
from organizations.models import Organization

HEADERS = [c.header for c in importers.COLUMNS]
NOTHING_IMPORTED = "未导入任何数据"
NOT_XLSX = "不是 Excel（.xlsx）"  # said by core.uploads at the form, or by core.xlsx behind it


def workbook_bytes(rows: list[list], headers: list[str] = HEADERS) -> bytes:
    """An xlsx as a user's Excel would save it (values as given: a string "=..." becomes a formula)."""
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def good_row(name: str = "新建村党支部") -> list:
    return [name, "金星乡党委", "党支部", "村", 30, "张三", "13800000000"]


@pytest.fixture
def upload(demo, client_for):
    """upload(bytes, name) → the import page's response; also checks that nothing was written."""
    client = client_for("township")
    url = reverse("organizations:org-import", args=[demo.township.pk])

    def post(data: bytes, name: str = "组织.xlsx"):
        orgs, events = Organization.objects.count(), AuditEvent.objects.count()
        response = client.post(url, {"file": SimpleUploadedFile(name, data)})
        assert response.status_code == 200, "a refused file must come back to the form, not redirect or crash"
        assert Organization.objects.count() == orgs and AuditEvent.objects.count() == events, "something was written"
        return response.content.decode()

    return post


def test_a_good_file_imports_so_the_refusals_below_are_real(demo, client_for):
    client = client_for("township")
    url = reverse("organizations:org-import", args=[demo.township.pk])
    response = client.post(url, {"file": SimpleUploadedFile("组织.xlsx", workbook_bytes([good_row()]))})
    assert response.status_code == 302
    assert Organization.objects.filter(name="新建村党支部", parent=demo.township).exists()


@pytest.mark.parametrize("data", [
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000,  # an old .xls (OLE) renamed to .xlsx
    "组织名称,上级组织\n东方村党支部,金星乡党委\n".encode("gbk"),  # a CSV renamed to .xlsx
    b"%PDF-1.7\n" + os.urandom(3000),
], ids=["xls", "csv", "pdf"])
def test_a_file_that_is_not_xlsx_but_named_xlsx_is_refused(upload, data):
    """Refused at the form by core.uploads (its first bytes are not an xlsx zip), before openpyxl."""
    page = upload(data)
    assert "“组织.xlsx”：文件内容不是 Excel（.xlsx） 文件（文件名与内容不符）" in page


def test_a_zip_that_is_not_a_workbook_is_refused(upload):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")  # a .docx
    assert NOT_XLSX in upload(buffer.getvalue())


def _replace_sheet(xlsx: bytes, sheet_xml: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = sheet_xml if info.filename == "xl/worksheets/sheet1.xml" else source.read(info.filename)
            archive.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def test_an_xlsx_zip_bomb_is_refused_before_it_is_unpacked(upload):
    """A sheet of 200 MB that packs into a few hundred KB."""
    header = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    row = b'<row><c t="inlineStr"><is><t>' + b"A" * 1000 + b"</t></is></c></row>"
    bomb = _replace_sheet(workbook_bytes([good_row()]), header + row * 200_000 + b"</sheetData></worksheet>")
    assert len(bomb) < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        page = upload(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "文件解压后的数据量远超表格应有的大小" in page
    assert peak < 50 * 1024 * 1024


def _shared_strings_bomb(part: str) -> bytes:
    """17 MB of distinct short shared strings (packs about 5:1, so the ratio check does not see it),
    declared under ``part`` in [Content_Types].xml."""
    import random

    rng = random.Random(3)
    count = 800_000
    sst = b"".join([b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">']
                   + [b"<si><t>%06d</t></si>" % rng.randrange(10 ** 6) for _ in range(count)] + [b"</sst>"])
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes([good_row()])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", f'<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'.encode())
            archive.writestr(info.filename, data)
        archive.writestr(part, sst)
    return out.getvalue()


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/strings.xml"])
def test_a_shared_strings_bomb_is_refused_before_openpyxl_loads_it(upload, part, monkeypatch):
    """openpyxl reads all shared strings before the first row; 50 MB of them took 30 s and 500 MB.
    So the bomb must be refused from the zip's directory, before openpyxl's reader opens the workbook
    at all (counting the reader's calls, not the seconds: speed is measured in make bench)."""
    from openpyxl.reader.excel import ExcelReader

    bomb = _shared_strings_bomb(part)
    assert len(bomb) < settings.UPLOAD_MAX_BYTES
    opened = []
    real_read = ExcelReader.read
    monkeypatch.setattr(ExcelReader, "read", lambda self, *a, **kw: opened.append(1) or real_read(self, *a, **kw))
    page = upload(bomb)
    assert "文件解压后的数据量远超表格应有的大小" in page
    assert opened == [], "openpyxl loaded the workbook (and its shared strings) before the bomb was refused"


def test_an_xlsx_whose_sheet_is_broken_xml_is_refused_as_damaged(upload):
    broken = _replace_sheet(workbook_bytes([good_row()]), '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>组织名称'.encode())
    page = upload(broken)
    assert "无法读取该 Excel 文件" in page and NOTHING_IMPORTED in page


def test_an_xlsx_broken_half_way_through_its_rows_is_refused_as_damaged(upload):
    """openpyxl parses the sheet while the rows are read, so the break surfaces mid-iteration
    (it was a server error before core/xlsx.py caught it)."""
    good = workbook_bytes([good_row(f"测试{i:04d}村党支部") for i in range(2000)])
    sheet = zipfile.ZipFile(io.BytesIO(good)).read("xl/worksheets/sheet1.xml")
    page = upload(_replace_sheet(good, sheet[: len(sheet) // 2] + b"<<<"))
    assert "无法读取该 Excel 文件" in page and NOTHING_IMPORTED in page


def test_a_file_over_the_upload_limit_is_refused(upload):
    page = upload(os.urandom(settings.UPLOAD_MAX_BYTES + 1))
    assert f"文件超过 {settings.UPLOAD_MAX_BYTES // (1024 * 1024)} MB" in page


def test_formulas_in_cells_are_refused_with_row_and_column(upload):
    page = upload(workbook_bytes([
        good_row("一村党支部"),
        ['=HYPERLINK("http://evil.example/","点我")', "金星乡党委", "党支部", "村", 30, "", ""],
        ["二村党支部", "金星乡党委", "党支部", "村", "=1+1", "", ""],
    ]))
    assert "第 3 行，“组织名称”列：不接受公式" in page
    assert "第 4 行，“党员人数”列：不接受公式" in page


def test_wrong_types_are_each_named_by_row_and_column(upload):
    page = upload(workbook_bytes([
        ["一村党支部", "金星乡党委", "党支部", "村", "三十", "", ""],
        ["二村党支部", "金星乡党委", "党支部", "村", -5, "", ""],
        ["三村党支部", "金星乡党委", "党支部", "村", 12.5, "", ""],
        ["四村党支部", "金星乡党委", "党小组", "火星", 10, "", ""],
        ["", "金星乡党委", "党支部", "村", 10, "", ""],
        ["五村党支部", "金星乡党委", "党支部", "村", 10, "", "1" * 40],
    ]))
    assert "第 2 行，“党员人数”列：不是大于等于 0 的整数" in page
    # -5 is a whole number outside the field's bound: the words of the form (core.bounds), still by row and column
    assert "第 3 行，“党员人数”列：党员人数必须在 0 到 1000000 之间。" in page
    assert "第 4 行，“党员人数”列：不是大于等于 0 的整数" in page
    assert "第 5 行，“组织类型”列：须为以下之一" in page
    assert "第 5 行，“领域”列：须为以下之一" in page
    assert "第 6 行，“组织名称”列" in page
    assert "第 7 行，“联系电话”列" in page
    assert NOTHING_IMPORTED in page


def test_a_sheet_without_the_template_columns_is_refused(upload):
    page = upload(workbook_bytes([["东方村", 1]], headers=["名字", "人数"]))
    assert "缺少列" in page and "组织名称" in page


def _rows_file(count: int) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(HEADERS)
    for i in range(count):
        ws.append([f"测试{i:05d}村党支部", "金星乡党委", "党支部", "村", 20, "张三", "13800000000"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_forty_thousand_rows_are_refused_with_the_row_limit(upload):
    assert importers.MAX_ROWS < 40_000
    page = upload(_rows_file(40_000))
    assert f"文件超过 {importers.MAX_ROWS} 行，请拆分后上传" in page


def test_forty_thousand_rows_stay_within_bounded_memory(demo):
    data = _rows_file(40_000)
    tracemalloc.start()
    try:
        with pytest.raises(XlsxError):
            importers.organizations_import(actor=demo.users["township"], root=demo.township, upload=io.BytesIO(data))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 200 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"
    assert not Organization.objects.filter(name__startswith="测试").exists()


def _wide_sheet(rows: int, columns: int) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(HEADERS + [f"备注{i}" for i in range(columns - len(HEADERS))])
    for r in range(rows):
        ws.append(good_row(f"测试{r:04d}村党支部") + list(range(columns - len(HEADERS))))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_rows_with_thousands_of_cells_are_refused_before_they_are_all_parsed():
    """openpyxl parses every cell of a row: a 9 MB upload of 8,000 numbers a row took a minute of CPU.
    read_table budgets the cells to what max_rows rows can hold (here 11 rows × 32 cells)."""
    from core.xlsx import read_table

    with pytest.raises(XlsxError) as refused:
        read_table(io.BytesIO(_wide_sheet(3, 400)), required=HEADERS[:5], optional=HEADERS[5:], max_rows=10)
    assert "文件解压后的数据量远超表格应有的大小" in str(refused.value)


def test_a_full_table_with_extra_columns_stays_within_the_cell_budget():
    from core.xlsx import read_table

    table = read_table(io.BytesIO(_wide_sheet(10, 30)), required=HEADERS[:5], optional=HEADERS[5:], max_rows=10)
    assert len(table.rows) == 10
