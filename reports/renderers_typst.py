"""The table engine: tabular reports (rosters, ledgers, lists) to A4 PDF with Typst, from the same ReportData
as the WeasyPrint path, with the same look (shipped font, repeated header row, group and subtotal rows,
seal block, 第x页 共y页). Typst lays out a 40-page ledger in about a tenth of WeasyPrint's CPU time
(bench/README.md); WeasyPrint keeps the documents that are forms and notices."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Callable, Sequence

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.report_kinds import ReportData

#: the WeasyPrint templates whose documents are plain tables, with their (font size pt, cell padding mm)
TABULAR = {"reports/pdf/table.html": (9.5, 1.2), "reports/pdf/ledger.html": (7.5, 0.8)}


def is_tabular(template: str) -> bool:
    return template in TABULAR


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return {"n": str(value)}
    return str(value)


def table_rows(data: ReportData) -> list[tuple[str, list[Any]]]:
    """(kind, cells) of every body row: rows with their kinds, then the totals row if any."""
    kinds = data.extra.get("row_kinds") or ["row"] * len(data.rows)
    rows = [(kind, [_cell(v) for v in row]) for row, kind in zip(data.rows, kinds)]
    if data.totals:
        rows.append(("total", [_cell(v) for v in data.totals]))
    return rows


def payload(data: ReportData, template: str, rows: Sequence[tuple[str, list[Any]]], *, first: bool = True,
            last: bool = True) -> dict[str, Any]:
    """The JSON the Typst source reads. ``first``: the chunk carries the title block; ``last``: the notes
    and the seal block."""
    font_size, inset = TABULAR.get(template, TABULAR["reports/pdf/table.html"])
    width_total = sum(c.width for c in data.columns) or 1
    generated = timezone.localtime()
    return {
        "title": str(data.title), "organization_name": str(data.organization_name), "subtitle": str(data.subtitle or ""),
        "landscape": bool(data.landscape), "heading": first,
        "year_label": f"{data.year}{_(' year')}" if data.year else "",
        "date_label": f"{_('Date')}: {generated.year}年{generated.month}月{generated.day}日",
        "printed": f"{_('Printed')} {generated:%Y-%m-%d %H:%M}",
        "columns": [str(c.header) for c in data.columns],
        "widths": [round(c.width / width_total, 4) for c in data.columns],
        "font_size": font_size, "inset": inset,
        "rows": [[kind, cells] for kind, cells in rows],
        "notes": [str(n) for n in data.notes] if last else [],
        "signatures": [str(s) for s in data.signatures] if last else [],
    }


def compile_pdf(document: dict[str, Any], *, page_offset: int = 0, page_total: int | None = None,
                numbered: bool = True) -> bytes:
    from .pdfparts import compile_table

    return compile_table(document, str(settings.PDF_FONT_DIR), page_offset=page_offset, page_total=page_total,
                         numbered=numbered)


def render_typst(data: ReportData, target: IO[bytes] | str, progress: Callable[[int], None], template: str) -> None:
    document = payload(data, template, table_rows(data))
    progress(60)
    pdf = compile_pdf(document)
    progress(95)
    if isinstance(target, str):
        Path(target).write_bytes(pdf)
    else:
        target.write(pdf)
