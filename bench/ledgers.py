"""Benchmarks of the ledgers and dashboards (contract: bench/api.py).

PAGES: the county and township statistics dashboards and the organisation lists behind their numbers
(same query count at 40 and 800 organisations; tests/bench/test_query_counts.py checks them at 6 and 30).
timed(): the county classification ledger through the report engine, PDF and xlsx, each with its
library floor as baseline (the same HTML straight through WeasyPrint, the same rows straight through
openpyxl write-only). The ledger reads the classification data of bench/ratings_classification.py.
"""
from __future__ import annotations

import io
import time
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
    from reports.models import ReportRun, RunStatus
    from reports.services import report_run_execute

    if fmt == "pdf":
        _warm_weasyprint()
    run = ReportRun.objects.create(kind="classification_ledger", fmt=fmt, organization=ctx.county,
                                   requested_by=ctx.users["county"], title="bench")
    started = time.perf_counter()
    done = report_run_execute(run.pk)
    elapsed = time.perf_counter() - started
    if done is None or done.status != RunStatus.DONE:
        raise RuntimeError(f"classification ledger {fmt} failed: {done.error if done else 'missing'}")
    return elapsed


def _ledger_data(ctx: ScaleContext) -> Any:
    from reports.models import ReportRun
    from core.report_kinds import REPORTS

    run = ReportRun(kind="classification_ledger", fmt="pdf", organization=ctx.county, requested_by=ctx.users["county"])
    return REPORTS["classification_ledger"].build(run, lambda value: None)


def _weasyprint_baseline(ctx: ScaleContext) -> float:
    from django.conf import settings
    from weasyprint import HTML

    from core.report_kinds import REPORTS
    from reports.renderers import html_for_pdf

    _warm_weasyprint()
    html = html_for_pdf(_ledger_data(ctx), REPORTS["classification_ledger"].pdf_template)
    started = time.perf_counter()
    HTML(string=html, base_url=str(settings.PDF_FONT_DIR)).write_pdf(io.BytesIO())
    return time.perf_counter() - started


def _openpyxl_baseline(ctx: ScaleContext) -> float:
    from openpyxl import Workbook

    data = _ledger_data(ctx)
    started = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title="ledger")
    ws.append([str(c.header) for c in data.columns])
    for row in data.rows:
        ws.append(list(row))
    wb.save(io.BytesIO())
    return time.perf_counter() - started


def timed(ctx: ScaleContext) -> list[Timed]:
    return [
        Timed("report:classification-ledger-xlsx", "seconds", lambda: _ledger_run(ctx, "xlsx"), lambda: _openpyxl_baseline(ctx)),
        Timed("report:classification-ledger-pdf", "seconds", lambda: _ledger_run(ctx, "pdf"), lambda: _weasyprint_baseline(ctx)),
    ]
