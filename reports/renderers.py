"""Formatters: the same ReportData to xlsx (openpyxl write-only) or to A4 PDF (Typst for tables, WeasyPrint for
forms and notices; both with the shipped font)."""
from __future__ import annotations

from typing import IO, Callable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from core.report_kinds import ReportData
from core.xlsx import write_table



def render_xlsx(data: ReportData, target: IO[bytes] | str, progress: Callable[[int], None]) -> None:
    total = max(len(data.rows), 1)
    rows = list(data.rows)
    if data.totals:
        rows.append(list(data.totals))
    write_table(
        target, title=f"{data.organization_name} {data.title}", columns=data.columns, rows=rows,
        on_row=lambda n: progress(50 + int(45 * n / total)), landscape=True if data.landscape else None,
    )


def pdf_context(data: ReportData) -> dict:
    width_total = sum(c.width for c in data.columns) or 1
    kinds = data.extra.get("row_kinds") or ["row"] * len(data.rows)
    return {
        "data": data,
        "rows_with_kinds": list(zip(data.rows, kinds)),
        "widths": [round(100 * c.width / width_total, 2) for c in data.columns],
        "generated": timezone.localtime(),
        "font_dir": settings.PDF_FONT_DIR.as_uri(),
    }


def html_for_pdf(data: ReportData, template: str) -> str:
    return render_to_string(template, pdf_context(data))


def render_pdf(data: ReportData, target: IO[bytes] | str, progress: Callable[[int], None], template: str,
               engine: str = "") -> None:
    """Tabular reports go to the table engine (Typst, reports/renderers_typst.py); forms and notices, and
    ``engine="weasyprint"``, to WeasyPrint."""
    from .renderers_typst import is_tabular, render_typst

    if engine != "weasyprint" and is_tabular(template):
        render_typst(data, target, progress, template)
        return
    render_weasyprint(data, target, progress, template)


def render_weasyprint(data: ReportData, target: IO[bytes] | str, progress: Callable[[int], None], template: str) -> None:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    html = html_for_pdf(data, template)
    progress(55)
    font_config = FontConfiguration()
    document = HTML(string=html, base_url=str(settings.PDF_FONT_DIR)).render(font_config=font_config)
    progress(80)
    document.write_pdf(target)
