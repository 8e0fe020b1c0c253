"""Benchmarks of the ledgers and dashboards (contract: bench/api.py).

PAGES: the county and township statistics dashboards and the organisation lists behind their numbers
(same query count at 40 and 800 organisations; tests/bench/test_query_counts.py checks them at 6 and 30).
timed(): the county classification ledger through the report engine, PDF and xlsx, each with its
anchor measured in the same run: Typst straight on the same rows (the PDF's floor), WeasyPrint straight on
the same HTML (the path before Typst), openpyxl write-only on the same rows (the xlsx floor), one worker
against two on the ledger's chunks. CPU seconds (time.process_time) except the workers comparison (wall).
The ledger reads the classification data of bench/ratings_classification.py.
"""
from __future__ import annotations

import io
import shutil
import statistics
import subprocess
import time
from pathlib import Path
from typing import Any

from bench.api import Page, ScaleContext, Timed
from bench.foundation import _warm_weasyprint

PAGES = [
    Page("page:ledgers-dashboard-county", "county", lambda ctx: "/reports/dashboard/"),
    Page("page:ledgers-dashboard-township", "township", lambda ctx: "/reports/dashboard/"),
    Page("page:ledgers-org-list-county", "county", lambda ctx: "/reports/organisations/?domain=village"),
    Page("page:ledgers-org-list-township", "township", lambda ctx: "/reports/organisations/?state=confirmed"),
]


def _ledger_run(ctx: ScaleContext, fmt: str) -> float:
    """CPU seconds of the whole run through the report engine (rows, renderer, file; chunked in-process)."""
    from reports.models import ReportRun, RunStatus
    from reports.services import report_run_execute

    if fmt == "pdf":
        _warm_weasyprint()
        _warm_typst()
    run = ReportRun.objects.create(kind="classification_ledger", fmt=fmt, organization=ctx.county,
                                   requested_by=ctx.users["county"], title="bench")
    started = time.process_time()
    done = report_run_execute(run.pk)
    elapsed = time.process_time() - started
    if done is None or done.status != RunStatus.DONE:
        raise RuntimeError(f"classification ledger {fmt} failed: {done.error if done else 'missing'}")
    return elapsed


def _ledger_data(ctx: ScaleContext) -> Any:
    from reports.models import ReportRun
    from core.report_kinds import REPORTS

    run = ReportRun(kind="classification_ledger", fmt="pdf", organization=ctx.county, requested_by=ctx.users["county"])
    return REPORTS["classification_ledger"].build(run, lambda value: None)


_typst_warm = False


def _warm_typst() -> None:
    global _typst_warm
    if not _typst_warm:
        from core.report_kinds import ReportData
        from core.xlsx import Column
        from reports.renderers_typst import compile_pdf, payload, table_rows

        data = ReportData(title="预热", organization_name="预热", columns=[Column("1", 4)], rows=[["预热"]])
        compile_pdf(payload(data, TEMPLATE, table_rows(data)))
        _typst_warm = True


TEMPLATE = "reports/pdf/ledger.html"


def _typst_baseline(ctx: ScaleContext) -> float:
    """The same rows straight through Typst (one compile, shipped font, repeated header, 第x页共y页): the
    fastest engine measured, the floor of the tabular PDF."""
    from reports.renderers_typst import compile_pdf, payload, table_rows

    _warm_typst()
    document = payload(_ledger_data(ctx), TEMPLATE, table_rows(_ledger_data(ctx)))
    started = time.process_time()
    compile_pdf(document)
    return time.process_time() - started


def _weasyprint_path(ctx: ScaleContext) -> float:
    """CPU seconds of the WeasyPrint renderer of the product on the ledger's data (the path before Typst)."""
    from reports.renderers import render_weasyprint

    _warm_weasyprint()
    data = _ledger_data(ctx)
    started = time.process_time()
    render_weasyprint(data, io.BytesIO(), lambda v: None, TEMPLATE)
    return time.process_time() - started


def _weasyprint_baseline(ctx: ScaleContext) -> float:
    from django.conf import settings
    from weasyprint import HTML

    from reports.renderers import html_for_pdf

    _warm_weasyprint()
    html = html_for_pdf(_ledger_data(ctx), TEMPLATE)
    started = time.process_time()
    HTML(string=html, base_url=str(settings.PDF_FONT_DIR)).write_pdf(io.BytesIO())
    return time.process_time() - started


WALL_REPEATS = 5


def _chunked_wall(ctx: ScaleContext, workers: int) -> float:
    """Wall seconds of the ledger's chunks rendered by ``workers`` running processes and joined with page
    numbers over the whole document (what N Celery workers do with one ledger; same code: reports/chunks.py).
    The processes are started and warmed before the clock starts, on one worker as on two, as Celery's are;
    the parts are cut for the deployment's REPORT_CHUNK_WORKERS as report_run_execute cuts them. The median
    of ``WALL_REPEATS`` documents on the same running processes."""
    from django.conf import settings

    from reports.chunks import render_parts_locally, table_parts
    from reports.pdfparts import worker_pool

    _warm_typst()
    data = _ledger_data(ctx)
    parts = table_parts(data, TEMPLATE, max(settings.REPORT_CHUNK_ROWS, 1), settings.REPORT_CHUNK_WORKERS)
    if len(parts) < 2:  # a short ledger is one chunk: cut it in two so the comparison means something
        from reports.renderers_typst import table_rows

        parts = table_parts(data, TEMPLATE, max(1, (len(table_rows(data)) + 1) // 2))
    pool = worker_pool(workers, str(settings.PDF_FONT_DIR), parts[-1])
    try:
        times = []
        for _ in range(WALL_REPEATS):  # the median: one wall time on a 2-core machine moves by ±15%
            started = time.perf_counter()
            render_parts_locally(parts, pool=pool)
            times.append(time.perf_counter() - started)
        return statistics.median(times)
    finally:
        pool.shutdown()


def _openpyxl_rows(ctx: ScaleContext) -> tuple[list[Any], list[list[Any]]]:
    data = _ledger_data(ctx)
    return list(data.columns), [list(r) for r in data.rows]


def _openpyxl_baseline(ctx: ScaleContext) -> float:
    from openpyxl import Workbook

    columns, rows = _openpyxl_rows(ctx)
    started = time.process_time()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title="ledger")
    ws.append([str(c.header) for c in columns])
    for row in rows:
        ws.append(row)
    wb.save(io.BytesIO())
    return time.process_time() - started


def _xlsx_write(ctx: ScaleContext) -> float:
    """CPU seconds of core.xlsx.write_table (title, styled header, number formats, escaping) on the rows."""
    from core.xlsx import write_table

    columns, rows = _openpyxl_rows(ctx)
    started = time.process_time()
    write_table(io.BytesIO(), title="台账", columns=columns, rows=rows)
    return time.process_time() - started


def _pages_side_by_side(ctx: ScaleContext) -> float:
    """Both PDF paths of the same ledger, written to bench/out/ with their first and last pages as PNGs side
    by side (pdftoppm, when installed) for a look; returns the Typst page count (baseline: WeasyPrint's)."""
    from pypdf import PdfReader

    from reports.renderers import render_pdf, render_weasyprint

    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    data = _ledger_data(ctx)
    typst_pdf, weasy_pdf = out / "ledger-typst.pdf", out / "ledger-weasyprint.pdf"
    render_pdf(data, str(typst_pdf), lambda v: None, TEMPLATE)
    if not weasy_pdf.exists() or ctx.orgs <= 800:
        render_weasyprint(data, str(weasy_pdf), lambda v: None, TEMPLATE)
    pages = len(PdfReader(str(typst_pdf)).pages), len(PdfReader(str(weasy_pdf)).pages)
    _side_by_side(out, typst_pdf, weasy_pdf, pages)
    _pages_side_by_side.weasy_pages = pages[1]
    return pages[0]


def _side_by_side(out: Path, left: Path, right: Path, pages: tuple[int, int]) -> None:
    if shutil.which("pdftoppm") is None:
        return
    from PIL import Image

    for label, (a, b) in {"first": (1, 1), "last": pages}.items():
        images = []
        for pdf, page in ((left, a), (right, b)):
            prefix = out / f"{pdf.stem}-{label}"
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile",
                            str(pdf), str(prefix)], check=True)
            images.append(Image.open(f"{prefix}.png"))
        pair = Image.new("RGB", (sum(i.width for i in images) + 10, max(i.height for i in images)), "white")
        pair.paste(images[0], (0, 0))
        pair.paste(images[1], (images[0].width + 10, 0))
        pair.save(out / f"ledger-{label}-typst-vs-weasyprint.png")


def timed(ctx: ScaleContext) -> list[Timed]:
    items = [
        Timed("report:classification-ledger-xlsx", "cpu_seconds", lambda: _ledger_run(ctx, "xlsx"), lambda: _openpyxl_baseline(ctx)),
        Timed("xlsx:classification-ledger-write", "cpu_seconds", lambda: _xlsx_write(ctx), lambda: _openpyxl_baseline(ctx)),
        Timed("report:classification-ledger-pdf", "cpu_seconds", lambda: _ledger_run(ctx, "pdf"), lambda: _typst_baseline(ctx)),
        Timed("report:classification-ledger-pdf-2-workers", "wall_seconds", lambda: _chunked_wall(ctx, 2), lambda: _chunked_wall(ctx, 1)),
    ]
    if ctx.orgs <= 800:  # WeasyPrint takes a minute and more at 4,000: its anchor is measured at 800
        items += [
            Timed("report:classification-ledger-pdf-weasyprint-path", "cpu_seconds", lambda: _weasyprint_path(ctx), lambda: _typst_baseline(ctx)),
            Timed("report:classification-ledger-weasyprint-vs-raw", "cpu_seconds", lambda: _weasyprint_path(ctx), lambda: _weasyprint_baseline(ctx)),
            Timed("check:classification-ledger-pages", "pages", lambda: _pages_side_by_side(ctx),
                  lambda: getattr(_pages_side_by_side, "weasy_pages", 0)),
        ]
    return items
