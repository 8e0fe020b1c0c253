"""Safe Excel in and out, shared by every import and export.

Reading refuses what is not an xlsx, what would unpack to more than ``MAX_UNPACKED_BYTES`` (zip bombs),
formulas, and tables longer than the caller allows, before any row is used. Writing escapes text that
a spreadsheet would run as a formula (= + - @) and marks it as text.
"""
from __future__ import annotations

import datetime
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any, Callable, Iterable, Sequence

import xlsxwriter
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .localtime import spreadsheet_value

MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_COMPRESSION_RATIO = 150
# A 10,000-row import of unique Chinese names holds about 3 MB of shared strings.
MAX_SHARED_STRINGS_BYTES = 16 * 1024 * 1024
CELLS_PER_ROW_FLOOR = 32  # cells a row may hold, at least (a sheet may carry columns the reader ignores)
FORMULA_PREFIXES = ("=", "+", "-", "@")
# Example rows of a template begin with this mark. They stand on their own sheet, and a row that still
# carries the mark (copied onto the data sheet) is refused: a template uploaded unchanged imports nothing.
EXAMPLE_MARK = "【示例】"


@dataclass
class RowError:
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is not None and self.column:
            return _("Row %(row)d, column “%(column)s”: %(message)s") % {"row": self.row, "column": self.column, "message": self.message}
        if self.row is not None:
            return _("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}
        return self.message


class XlsxError(Exception):
    """The file cannot be used; ``errors`` say what and where."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    # With ``read_table(..., collect=True)``: the problems of single cells and rows (formulas, example
    # rows), so the caller reports them together with its own; ``bad_rows`` are left out of ``rows``.
    errors: list[RowError] = field(default_factory=list)
    bad_rows: set[int] = field(default_factory=set)


def check_xlsx(data: bytes) -> None:
    """Refuse, from the zip's directory alone (nothing is unpacked), what is not an xlsx and what would
    unpack to more than a form can hold: the whole (``MAX_UNPACKED_BYTES``), one part packed more than
    ``MAX_COMPRESSION_RATIO`` to 1, or shared strings over ``MAX_SHARED_STRINGS_BYTES``. Every opening of
    an uploaded workbook goes through ``open_workbook``, which asks here first."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise XlsxError([RowError(None, None, _("This is not an Excel (.xlsx) file. Please save it as “Excel workbook (*.xlsx)” and upload again."))])
    with archive:
        names = set(archive.namelist())
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
            raise XlsxError([RowError(None, None, _("This is not an Excel (.xlsx) file. Please save it as “Excel workbook (*.xlsx)” and upload again."))])
        shared_strings = _shared_strings_parts(archive)
        total = 0
        for info in archive.infolist():
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if (total > MAX_UNPACKED_BYTES or (info.file_size > 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO)
                    or (info.filename in shared_strings and info.file_size > MAX_SHARED_STRINGS_BYTES)):
                raise XlsxError([RowError(None, None, _("The file unpacks to far more data than a form can hold; it was refused."))])


def _shared_strings_parts(archive: zipfile.ZipFile) -> set[str]:
    """The parts that hold the shared strings, by name and by their declared content type.

    openpyxl loads every shared string into memory before the first row: 50 MB of short strings (a
    10 MB upload that packs only 5:1, under the ratio check) cost about 30 s of CPU and 500 MB.
    """
    parts = {"xl/sharedStrings.xml"}
    info = archive.getinfo("[Content_Types].xml")
    if info.file_size > 1024 * 1024:
        raise XlsxError([RowError(None, None, _("The file unpacks to far more data than a form can hold; it was refused."))])
    manifest = archive.read(info).decode("utf-8", "replace")
    for tag in re.findall(r"<(?:\w+:)?Override\b[^>]*>", manifest):
        if "sharedStrings+xml" in tag:
            name = re.search(r"PartName\s*=\s*[\"']/?([^\"']+)[\"']", tag)
            if name:
                parts.add(name.group(1))
    return parts


def open_workbook(data: bytes, *, read_only: bool) -> Any:
    """The one place an uploaded workbook is opened: ``check_xlsx`` first (raises XlsxError), then
    openpyxl. openpyxl's own errors on a damaged file pass through to the caller."""
    check_xlsx(data)
    return load_workbook(io.BytesIO(data), read_only=read_only, data_only=False)


def read_upload(upload: IO[bytes]) -> bytes:
    """The bytes of an upload, refused when larger than ``UPLOAD_MAX_BYTES``."""
    data = upload.read(settings.UPLOAD_MAX_BYTES + 1)
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise XlsxError([RowError(None, None, _("The file is larger than %(mb)d MB.") % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)})])
    return data


def read_table(upload: IO[bytes] | bytes, *, required: Sequence[str], optional: Sequence[str] = (), max_rows: int,
               collect: bool = False, progress: Callable[[float], None] | None = None) -> Table:
    """Read the first sheet: a header row, then one record per row (blank rows skipped).

    Values are stripped strings, numbers or dates as the cell holds them; a leading apostrophe that
    our own exports add before = + - @ is removed. A row marked as a template example is refused.
    Raises XlsxError with every problem found; with ``collect`` the problems of single rows are
    returned in ``Table.errors`` instead (the file as a whole must still be readable). ``progress``
    gets the share of the sheet read so far (0–1) every 500 rows.
    """
    data = upload if isinstance(upload, bytes) else read_upload(upload)
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise XlsxError([RowError(None, None, _("The file is larger than %(mb)d MB.") % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)})])
    try:
        workbook = open_workbook(data, read_only=True)
    except XlsxError:
        raise
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise XlsxError([RowError(None, None, _("The Excel file could not be read; it may be damaged."))])
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header_row = next(rows, None)
        if header_row is None:
            raise XlsxError([RowError(1, None, _("The sheet is empty: the first row must hold the column titles."))])
        headers = [str(h).strip() if h is not None else "" for h in header_row]
        missing = [h for h in required if h not in headers]
        if missing:
            raise XlsxError([RowError(1, None, _("Missing columns: %(cols)s. Please use the downloaded template.") % {"cols": "、".join(missing)})])
        known = set(required) | set(optional)
        index = {h: i for i, h in enumerate(headers) if h in known}
        table = Table(headers=[h for h in headers if h in known])
        errors: list[RowError] = []
        # openpyxl parses every cell of a row (and yields every missing row of a gap): a 9 MB upload of
        # rows with thousands of numbers took a minute of CPU under the size and ratio checks. Budget the
        # cells to what max_rows rows of this table can hold.
        cell_budget = (max_rows + 1) * max(4 * len(known), CELLS_PER_ROW_FLOOR)
        cells = len(header_row)
        last_row = max(sheet.max_row or 0, 2)
        for number, values in enumerate(rows, start=2):
            if progress is not None and number % 500 == 0:
                progress(min(number / last_row, 1.0))
            cells += len(values)
            if cells > cell_budget:
                raise XlsxError([RowError(None, None, _("The file unpacks to far more data than a form can hold; it was refused."))])
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            if len(table.rows) + len(table.bad_rows) >= max_rows:
                raise XlsxError([RowError(number, None, _("The file has more than %(n)d rows; please split it.") % {"n": max_rows})])
            if any(isinstance(v, str) and v.lstrip().startswith(EXAMPLE_MARK) for v in values):
                errors.append(RowError(number, None, _("this is an example row of the template; delete it, examples are never imported")))
                table.bad_rows.add(number)
                continue
            record: dict[str, Any] = {}
            bad = False
            for header, i in index.items():
                value = values[i] if i < len(values) else None
                if isinstance(value, str):
                    value = value.strip()
                    if value.startswith("=") and len(value) > 1:
                        errors.append(RowError(number, header, _("formulas are not accepted; please type the value")))
                        bad = True
                        continue
                    if value.startswith("'") and value[1:2] in FORMULA_PREFIXES:
                        value = value[1:]
                    if value == "":
                        value = None
                record[header] = value
            if bad:
                table.bad_rows.add(number)
            else:
                table.rows.append((number, record))
        if errors and not collect:
            raise XlsxError(errors)
        table.errors = errors
        return table
    except XlsxError:
        raise
    except Exception:  # the sheet XML is parsed while iterating: a file broken half-way fails here
        raise XlsxError([RowError(None, None, _("The Excel file could not be read; it may be damaged."))])
    finally:
        workbook.close()


def escape_cell(value: Any) -> Any:
    """Text that starts like a formula gets a leading apostrophe, so no spreadsheet runs it; an aware
    datetime is written in the configured time zone (core.localtime)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return spreadsheet_value(value)


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 14
    number_format: str | None = None


_SHEET_TITLE_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


def sheet_title(text: str) -> str:
    """Excel refuses some characters in a sheet name and more than 31 characters; an organisation
    name may hold them, the title of a sheet need not. Nor may it begin or end with an apostrophe, or be
    "History" (Excel's own)."""
    title = (str(text).translate(_SHEET_TITLE_FORBIDDEN).strip("'") or "Sheet")[:31].rstrip("'")
    return title + "_" if title.lower() == "history" else title


# The look of a written sheet: the title row, the header row (white on red, thin grey borders).
TITLE_STYLE = {"bold": True, "font_size": 14}
HEADER_STYLE = {"bold": True, "font_color": "#FFFFFF", "bg_color": "#B22222", "pattern": 1, "border": 1,
                "border_color": "#999999", "align": "center", "valign": "vcenter", "text_wrap": True}
# What a date or time shows when its column names no format (openpyxl's defaults, which files had before).
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd h:mm:ss"

# Offices print the exports: a sheet wider than this many columns is printed landscape.
LANDSCAPE_OVER_COLUMNS = 8
PAGE_FOOTER = "第 &P 页 共 &N 页"


def _print_setup(ws: Any, *, columns: int, header_rows: int, landscape: bool | None = None) -> None:
    """A4, landscape when wider than ``LANDSCAPE_OVER_COLUMNS`` columns, fitted to one page wide (as many
    pages tall as it takes), the title and header rows repeated on every page, page numbers in the footer."""
    ws.set_paper(9)  # A4
    if landscape is None:
        landscape = columns > LANDSCAPE_OVER_COLUMNS
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    if header_rows:
        ws.repeat_rows(0, header_rows - 1)
    ws.set_footer("&C" + PAGE_FOOTER)


def _workbook(target: IO[bytes] | str, *, streaming: bool) -> Any:
    """An XlsxWriter workbook. Text is only ever text: no string becomes a formula, a number or a link.
    ``streaming`` writes each row out as it comes (rows in order, memory flat whatever the size)."""
    return xlsxwriter.Workbook(target, {
        "constant_memory": streaming, "strings_to_formulas": False, "strings_to_numbers": False,
        "strings_to_urls": False, "nan_inf_to_errors": True})


class _CellWriter:
    """Writes one row's values with the type each holds: text escaped (``escape_cell``), numbers with their
    column's format, dates and times as dates (in the configured time zone) with the column's format or
    the default one; None and empty text leave the cell empty."""

    def __init__(self, wb: Any, ws: Any, number_formats: Sequence[str | None]):
        self.ws = ws
        cache: dict[str, Any] = {}

        def fmt(code: str | None) -> Any:
            if code in (None, "General"):
                return None
            if code not in cache:
                cache[code] = wb.add_format({"num_format": code})
            return cache[code]

        self.formats = [fmt(code) for code in number_formats]
        self.date_formats = [f or fmt(DATE_FORMAT) for f in self.formats]
        self.datetime_formats = [f or fmt(DATETIME_FORMAT) for f in self.formats]

    def row(self, r: int, values: Sequence[Any]) -> None:
        ws = self.ws
        width = len(self.formats)
        for c, value in enumerate(values):
            if value is None or value == "":
                continue
            kind = type(value)
            fmt = self.formats[c] if c < width else None
            if kind is str:
                ws.write_string(r, c, "'" + value if value.startswith(FORMULA_PREFIXES) else value)
            elif kind is int or kind is float:
                ws.write_number(r, c, value, fmt)
            elif kind is bool:
                ws.write_boolean(r, c, value)
            elif isinstance(value, datetime.datetime):
                ws.write_datetime(r, c, spreadsheet_value(value), self.datetime_formats[c] if c < width else None)
            elif isinstance(value, datetime.date):
                ws.write_datetime(r, c, value, self.date_formats[c] if c < width else None)
            elif isinstance(value, (int, float, Decimal)):
                ws.write_number(r, c, float(value), fmt)
            else:  # lazy translations and anything else: its text
                text = str(value)
                ws.write_string(r, c, "'" + text if text.startswith(FORMULA_PREFIXES) else text)


def write_table(target: IO[bytes] | str, *, title: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]],
                sheet_name: str | None = None, on_row: Any = None, title_row: bool = True,
                landscape: bool | None = None) -> int:
    """Write one sheet, streaming: a title row, a styled and frozen header row, then the rows, with the print
    setup of ``_print_setup`` (the title and header rows repeat on every printed page).

    XlsxWriter, not openpyxl, writes: it takes 0.6 of openpyxl's write-only time on the same rows
    (bench/README.md), and reading stays with openpyxl. ``landscape`` overrides the orientation chosen
    from the width. Returns the number of data rows written. ``on_row(count)`` is called every 500 rows
    (progress). Without ``title_row`` the header is the first row, so the file can be imported again.
    """
    wb = _workbook(target, streaming=True)
    ws = wb.add_worksheet(sheet_title(sheet_name or title))
    for i, col in enumerate(columns):
        ws.set_column(i, i, col.width)
    _print_setup(ws, columns=len(columns), header_rows=2 if title_row else 1, landscape=landscape)
    r = 0
    if title_row:
        ws.freeze_panes(2, 0)
        ws.write_string(0, 0, str(escape_cell(str(title))), wb.add_format(TITLE_STYLE))
        r = 1
    else:
        ws.freeze_panes(1, 0)
    header = wb.add_format(HEADER_STYLE)
    for i, col in enumerate(columns):
        ws.write_string(r, i, str(escape_cell(str(col.header))), header)
    cells = _CellWriter(wb, ws, [col.number_format for col in columns])
    count = 0
    for row in rows:
        r += 1
        cells.row(r, row)
        count += 1
        if on_row is not None and count % 500 == 0:
            on_row(count)
    wb.close()
    return count


EXAMPLE_SHEET = "填写示例（不会导入）"


def template_bytes(*, title: str, columns: Sequence[Column], example: Sequence[Sequence[Any]] = ()) -> bytes:
    """An import template: the data sheet holds only the header row (the first row); the examples stand
    on a second sheet, each marked with ``EXAMPLE_MARK`` so that even copied back they are refused."""
    buffer = io.BytesIO()
    wb = _workbook(buffer, streaming=False)
    header = wb.add_format({k: v for k, v in HEADER_STYLE.items() if k not in ("align", "valign", "text_wrap")})
    sheets = [wb.add_worksheet(sheet_title(title))]
    if example:
        sheets.append(wb.add_worksheet(EXAMPLE_SHEET))
    for sheet in sheets:
        for i, col in enumerate(columns):
            sheet.write_string(0, i, str(col.header), header)
            sheet.set_column(i, i, col.width)
        sheet.freeze_panes(1, 0)
        _print_setup(sheet, columns=len(columns), header_rows=1)  # a blank template is printed to fill by hand too
    cells = _CellWriter(wb, sheets[-1], [col.number_format for col in columns])
    for r, row in enumerate(example, start=1):
        values = list(row)
        if values:
            values[0] = f"{EXAMPLE_MARK}{values[0] if values[0] is not None else ''}"
        cells.row(r, values)
    wb.close()
    return buffer.getvalue()


def data_bytes(*, columns: Sequence[Column] | Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A plain sheet: the header row, then the rows (tests, benchmarks, and files made for re-import)."""
    buffer = io.BytesIO()
    wb = _workbook(buffer, streaming=True)
    ws = wb.add_worksheet()
    for i, c in enumerate(columns):
        ws.write_string(0, i, str(c.header if isinstance(c, Column) else c))
    cells = _CellWriter(wb, ws, [c.number_format if isinstance(c, Column) else None for c in columns])
    for r, row in enumerate(rows, start=1):
        cells.row(r, row)
    wb.close()
    return buffer.getvalue()


# --- Fingerprints of what a sheet says ------------------------------------------------------------

def _canonical(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (int, float, str)) or value is None:
        return value
    return str(value)


def table_digests(table: Table, headers: Sequence[str], *, at: Iterable[int] = ()) -> tuple[str, dict[int, str]]:
    """The SHA-256 of the values a sheet holds (not of its bytes: saving a file again in Excel changes
    the bytes, not the questionnaires), and the digests of its first ``n`` rows for each ``n`` in ``at``,
    so that a longer sheet that repeats an earlier one at its top is recognised too."""
    wanted = set(at)
    digest = hashlib.sha256()
    prefixes: dict[int, str] = {}
    for count, (_number, record) in enumerate(table.rows, start=1):
        line = json.dumps([_canonical(record.get(h)) for h in headers], ensure_ascii=False, default=str)
        digest.update(line.encode("utf-8") + b"\n")
        if count in wanted:
            prefixes[count] = digest.copy().hexdigest()
    return digest.hexdigest(), prefixes


# --- The file back, marked ---------------------------------------------------------------------------

ERROR_HEADER = "错误说明"
ERROR_FILL = PatternFill("solid", fgColor="FF8080")
# The marked file is the user's own workbook opened in openpyxl: its error column's header in the
# exports' header look (HEADER_STYLE).
_THIN = Side(style="thin", color="999999")
MARK_HEADER_FONT = Font(bold=True, color="FFFFFF")
MARK_HEADER_FILL = PatternFill("solid", fgColor="B22222")
MARK_HEADER_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
COMMENT_AUTHOR = "晋位 Jinwei"


def mark_workbook(data: bytes, errors: Sequence[RowError]) -> bytes | None:
    """The uploaded workbook with each bad cell filled red and its message as a cell comment, and an
    error column holding every message of the row. Marks left by an earlier round of this function
    (a marked file corrected and uploaded again) are cleared first. None when the file cannot be opened
    as a workbook, or is refused by ``check_xlsx`` (a bomb is never unpacked to be marked)."""
    try:
        wb = open_workbook(data, read_only=False)
    except Exception:  # not a workbook at all, or refused: the list on the page is all there is
        return None
    ws = wb.worksheets[0]
    header = {str(c.value).strip(): c.column for c in ws[1] if c.value is not None}
    error_col = header.get(ERROR_HEADER) or ws.max_column + 1
    for row in ws.iter_rows():
        for cell in row:
            if cell.comment is not None and cell.comment.author == COMMENT_AUTHOR:
                cell.comment = None
                if cell.fill == ERROR_FILL:
                    cell.fill = PatternFill()
    for r in range(2, ws.max_row + 1):
        ws.cell(row=r, column=error_col).value = None
    head = ws.cell(row=1, column=error_col, value=ERROR_HEADER)
    head.font, head.fill, head.border = MARK_HEADER_FONT, MARK_HEADER_FILL, MARK_HEADER_BORDER
    ws.column_dimensions[get_column_letter(error_col)].width = 48
    by_row: dict[int, list[str]] = {}
    by_cell: dict[tuple[int, int], list[str]] = {}
    for error in errors:
        row = error.row if error.row is not None else 1
        column = header.get(error.column) if error.column else None
        by_row.setdefault(row, []).append(f"{error.column}：{error.message}" if error.column else error.message)
        if column is not None:
            by_cell.setdefault((row, column), []).append(error.message)
    for (row, column), messages in by_cell.items():
        cell = ws.cell(row=row, column=column)
        cell.fill = ERROR_FILL
        cell.comment = Comment("；".join(messages), COMMENT_AUTHOR, width=240, height=80)
    for row, messages in by_row.items():
        target = ws.cell(row=row, column=error_col)
        text = "；".join(messages)
        target.value = f"{ERROR_HEADER}：{text}" if row == 1 else text
        target.alignment = Alignment(wrap_text=True, vertical="top")
        if row > 1:
            target.fill = ERROR_FILL
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
