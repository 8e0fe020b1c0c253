"""Benchmarks of the foundation: its main pages per role, the roster report and the organisation import."""
from __future__ import annotations

import io
import time
from typing import Any

from django.db import transaction
from django.urls import reverse

from bench.api import Page, ScaleContext, Timed


def _url(name: str, **kwargs: Any):
    return lambda ctx: reverse(name, kwargs=kwargs or None)


PAGES: list[Page] = [
    Page("page:county-dashboard", "county", _url("campaigns:dashboard")),
    Page("page:township-dashboard", "township", _url("campaigns:dashboard")),
    Page("page:branch-dashboard", "branch", _url("campaigns:dashboard")),
    Page("page:county-tree", "county", _url("organizations:tree")),
    Page("page:township-tree", "township", _url("organizations:tree")),
    Page("page:branch-tree", "branch", _url("organizations:tree")),
    Page("page:county-tree-search", "county", lambda ctx: reverse("organizations:tree") + "?q=%E6%9D%91&domain=village"),
    Page("page:county-org-detail", "county", lambda ctx: reverse("organizations:org-detail", args=[ctx.county.pk])),
    Page("page:township-org-detail", "township", lambda ctx: reverse("organizations:org-detail", args=[ctx.townships[0].pk])),
    Page("page:branch-org-detail", "branch", lambda ctx: reverse("organizations:org-detail", args=[ctx.branches[0].pk])),
    Page("page:township-org-history", "township", lambda ctx: reverse("organizations:org-history", args=[ctx.townships[0].pk])),
    Page("page:county-accounts", "county", _url("organizations:account-list")),
    Page("page:township-accounts", "township", _url("organizations:account-list")),
    Page("page:county-ruleset-detail", "county", lambda ctx: reverse("campaigns:ruleset-detail", args=[ctx.campaign.ruleset_id])),
    Page("page:township-campaign-list", "township", _url("campaigns:campaign-list")),
    Page("page:township-downloads", "township", _url("reports:run-list")),
    Page("page:township-campaign-detail", "township", lambda ctx: reverse("campaigns:campaign-detail", args=[ctx.campaign.pk])),
    Page("page:township-import-form", "township", lambda ctx: reverse("organizations:org-import", args=[ctx.townships[0].pk])),
    Page("page:township-org-export-xlsx", "township", lambda ctx: reverse("organizations:org-export", args=[ctx.townships[0].pk]), download=True),
    Page("page:county-org-export-xlsx", "county", lambda ctx: reverse("organizations:org-export", args=[ctx.county.pk]), download=True),
    Page("page:county-tree-children", "county", lambda ctx: reverse("organizations:tree-children", args=[ctx.townships[0].pk])),
]


def scale(ctx: ScaleContext) -> None:
    """History rows for every township and finished report runs in each role's download centre."""
    from django.utils import timezone

    from core.models import AuditEvent
    from reports.models import ReportRun, RunStatus

    now = timezone.now()
    AuditEvent.objects.bulk_create([
        AuditEvent(actor=ctx.users["county"], actor_name=ctx.users["county"].username, action="organization.update",
                   object_type="organizations.organization", object_id=str(t.pk), object_repr=t.name, organization=t,
                   before={"secretary_phone": ""}, after={"secretary_phone": t.secretary_phone}, reason="规模测试")
        for t in ctx.townships for _ in range(3)
    ])
    runs = []
    for key in ("county", "township", "branch"):
        org = {"county": ctx.county, "township": ctx.townships[0], "branch": ctx.branches[0]}[key]
        for i in range(4):
            runs.append(ReportRun(kind="roster", fmt="pdf" if i % 2 else "xlsx", organization=org,
                                  requested_by=ctx.users[key], status=RunStatus.DONE if i else RunStatus.FAILED,
                                  progress=100, title=f"{org.name} 组织花名册", filename="roster.pdf",
                                  error="" if i else "规模测试：失败示例", started=now, finished=now))
    ReportRun.objects.bulk_create(runs)


_warm = False


def _warm_weasyprint() -> None:
    """Load WeasyPrint and the shipped font once, so neither the report nor its baseline pays for it."""
    global _warm
    if not _warm:
        from django.conf import settings
        from weasyprint import HTML

        from core.report_kinds import REPORTS
        from reports.renderers import html_for_pdf
        from core.report_kinds import ReportData

        data = ReportData(title="预热", organization_name="预热", columns=_roster_data_columns(), rows=[["1"] * 9])
        HTML(string=html_for_pdf(data, REPORTS["roster"].pdf_template), base_url=str(settings.PDF_FONT_DIR)).write_pdf(io.BytesIO())
        _warm = True


def _roster_data_columns() -> list:
    from core.xlsx import Column

    return [Column(str(i), 10) for i in range(9)]


# --- Reports --------------------------------------------------------------------------------------

def _roster_run(ctx: ScaleContext, fmt: str) -> float:
    from reports.models import ReportRun, RunStatus
    from reports.services import report_run_execute

    if fmt == "pdf":
        _warm_weasyprint()
    run = ReportRun.objects.create(kind="roster", fmt=fmt, organization=ctx.county, requested_by=ctx.users["county"],
                                   title="bench")
    started = time.perf_counter()
    done = report_run_execute(run.pk)
    elapsed = time.perf_counter() - started
    if done is None or done.status != RunStatus.DONE:
        raise RuntimeError(f"roster {fmt} failed: {done.error if done else 'missing'}")
    return elapsed


def _roster_data(ctx: ScaleContext) -> Any:
    from reports.models import ReportRun
    from core.report_kinds import REPORTS

    run = ReportRun(kind="roster", fmt="pdf", organization=ctx.county, requested_by=ctx.users["county"])
    return REPORTS["roster"].build(run, lambda value: None)


def _weasyprint_baseline(ctx: ScaleContext) -> float:
    """The same HTML straight through WeasyPrint: the library's own floor for this document."""
    from django.conf import settings
    from weasyprint import HTML

    from core.report_kinds import REPORTS
    from reports.renderers import html_for_pdf

    _warm_weasyprint()
    html = html_for_pdf(_roster_data(ctx), REPORTS["roster"].pdf_template)
    started = time.perf_counter()
    HTML(string=html, base_url=str(settings.PDF_FONT_DIR)).write_pdf(io.BytesIO())
    return time.perf_counter() - started


def _openpyxl_baseline(ctx: ScaleContext) -> float:
    """The same rows written straight with openpyxl write-only: the floor of the Excel export."""
    from openpyxl import Workbook

    data = _roster_data(ctx)
    started = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title="roster")
    ws.append([str(c.header) for c in data.columns])
    for row in data.rows:
        ws.append(list(row))
    wb.save(io.BytesIO())
    return time.perf_counter() - started


# --- Import ---------------------------------------------------------------------------------------

IMPORT_ROWS = 2_000


def import_file(ctx: ScaleContext, rows: int = IMPORT_ROWS) -> bytes:
    """An organisation import file of ``rows`` new branches under the first township."""
    from core.xlsx import data_bytes
    from organizations import importers

    township = ctx.townships[0].name
    data = [[f"导入测试{i:05d}村党支部", township, "党支部", "村", 20 + i % 60, "张三", "13800000000"] for i in range(rows)]
    return data_bytes(columns=importers.COLUMNS, rows=data)


class _Rollback(Exception):
    pass


def _import_rate(ctx: ScaleContext) -> float:
    """Rows/s of the real import (validate everything, then write with audit rows), rolled back after."""
    from organizations.importers import organizations_import

    payload = import_file(ctx)
    started = time.perf_counter()
    try:
        with transaction.atomic():
            result = organizations_import(actor=ctx.users["county"], root=ctx.county, upload=io.BytesIO(payload))
            elapsed = time.perf_counter() - started
            if result.created != IMPORT_ROWS:
                raise RuntimeError(f"import created {result.created} of {IMPORT_ROWS}")
            raise _Rollback
    except _Rollback:
        pass
    return IMPORT_ROWS / elapsed


def _read_rate(ctx: ScaleContext) -> float:
    """Rows/s of only reading the same file with openpyxl read-only: the floor of any import."""
    from openpyxl import load_workbook

    payload = import_file(ctx)
    started = time.perf_counter()
    wb = load_workbook(io.BytesIO(payload), read_only=True)
    count = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True)) - 1
    wb.close()
    return count / (time.perf_counter() - started)


def timed(ctx: ScaleContext) -> list[Timed]:
    return [
        Timed("report:roster-xlsx", "seconds", lambda: _roster_run(ctx, "xlsx"), lambda: _openpyxl_baseline(ctx)),
        Timed("report:roster-pdf", "seconds", lambda: _roster_run(ctx, "pdf"), lambda: _weasyprint_baseline(ctx)),
        Timed("import:organizations", "rows_per_s", lambda: _import_rate(ctx), lambda: _read_rate(ctx)),
    ]
