"""Safe Excel in and out, shared by every import and export.

Reading refuses what is not an xlsx, what would unpack to more than ``MAX_UNPACKED_BYTES`` (zip bombs),
formulas, and tables longer than the caller allows, before any row is used. Writing escapes text that
a spreadsheet would run as a formula (= + - @) and marks it as text.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any, Iterable, Sequence

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .localtime import spreadsheet_value

MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_COMPRESSION_RATIO = 150
# A 10,000-row import of unique Chinese names holds about 3 MB of shared strings.
MAX_SHARED_STRINGS_BYTES = 16 * 1024 * 1024
CELLS_PER_ROW_FLOOR = 32  # cells a row may hold, at least (a sheet may carry columns the reader ignores)
FORMULA_PREFIXES = ("=", "+", "-", "@")


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


def _check_zip(data: bytes) -> None:
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


def read_table(upload: IO[bytes], *, required: Sequence[str], optional: Sequence[str] = (), max_rows: int) -> Table:
    """Read the first sheet: a header row, then one record per row (blank rows skipped).

    Values are stripped strings, numbers or dates as the cell holds them; a leading apostrophe that
    our own exports add before = + - @ is removed. Raises XlsxError with every problem found.
    """
    data = upload.read(settings.UPLOAD_MAX_BYTES + 1)
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise XlsxError([RowError(None, None, _("The file is larger than %(mb)d MB.") % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)})])
    _check_zip(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
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
        for number, values in enumerate(rows, start=2):
            cells += len(values)
            if cells > cell_budget:
                raise XlsxError([RowError(None, None, _("The file unpacks to far more data than a form can hold; it was refused."))])
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            if len(table.rows) >= max_rows:
                raise XlsxError([RowError(number, None, _("The file has more than %(n)d rows; please split it.") % {"n": max_rows})])
            record: dict[str, Any] = {}
            for header, i in index.items():
                value = values[i] if i < len(values) else None
                if isinstance(value, str):
                    value = value.strip()
                    if value.startswith("=") and len(value) > 1:
                        errors.append(RowError(number, header, _("formulas are not accepted; please type the value")))
                        continue
                    if value.startswith("'") and value[1:2] in FORMULA_PREFIXES:
                        value = value[1:]
                    if value == "":
                        value = None
                record[header] = value
            table.rows.append((number, record))
        if errors:
            raise XlsxError(errors)
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
    name may hold them, the title of a sheet need not."""
    return (str(text).translate(_SHEET_TITLE_FORBIDDEN).strip("'") or "Sheet")[:31]


HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="B22222")
THIN = Side(style="thin", color="999999")
HEADER_BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def write_table(target: IO[bytes] | str, *, title: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]],
                sheet_name: str | None = None, on_row: Any = None, title_row: bool = True) -> int:
    """Write one sheet in write-only mode: a title row, a styled and frozen header row, then the rows.

    Returns the number of data rows written. ``on_row(count)`` is called every 500 rows (progress).
    Without ``title_row`` the header is the first row, so the file can be imported again.
    """
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_title(sheet_name or title))
    for i, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    if title_row:
        ws.freeze_panes = "A3"
        title_cell = WriteOnlyCell(ws, value=escape_cell(title))
        title_cell.font = Font(bold=True, size=14)
        ws.append([title_cell])
    else:
        ws.freeze_panes = "A2"
    header = []
    for col in columns:
        cell = WriteOnlyCell(ws, value=col.header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.append(cell)
    ws.append(header)
    count = 0
    for row in rows:
        out = []
        for col, value in zip(columns, row):
            value = escape_cell(value)
            if col.number_format and value is not None:
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = col.number_format
                out.append(cell)
            else:
                out.append(value)
        ws.append(out)
        count += 1
        if on_row is not None and count % 500 == 0:
            on_row(count)
    wb.save(target)
    return count


def template_bytes(*, title: str, columns: Sequence[Column], example: Sequence[Sequence[Any]] = ()) -> bytes:
    """An import template: the header row (no title row, so the first row is the header), examples."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(title)
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i, value=col.header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
        ws.column_dimensions[get_column_letter(i)].width = col.width
    for r, row in enumerate(example, start=2):
        for i, value in enumerate(row, start=1):
            ws.cell(row=r, column=i, value=escape_cell(value))
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
