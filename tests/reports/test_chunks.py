"""Long tabular reports: the Typst table engine and the chunked path (reports/chunks.py). A ledger longer
than REPORT_CHUNK_ROWS is cut into parts rendered separately (by separate Celery tasks; in-process without
a broker) and joined with page numbers over the whole document."""
from __future__ import annotations

import io

from django.core.files.storage import default_storage
from pypdf import PdfReader

from core.report_kinds import ReportData
from core.xlsx import Column
from reports.chunks import join_pdfs, part_rows, render_part, render_parts_locally, split_rows, table_parts
from reports.models import ReportRun, RunStatus
from reports.renderers_typst import table_rows
from reports.services import report_run_execute


def _pages_text(data: bytes) -> list[str]:
    return ["".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


def _data(rows: int) -> ReportData:
    return ReportData(title="分类管理台账", organization_name="晋安县委组织部", year=2026, landscape=True,
                      columns=[Column("序号", 4, "0"), Column("组织", 20), Column("党员数", 6, "0")],
                      rows=[[i + 1, f"测试村{i + 1:03d}党支部", 30 + i] for i in range(rows)],
                      signatures=["制表人", "审核人", "单位（盖章）"])


def test_split_rows_keeps_every_row_once_in_order():
    rows = list(range(23))
    parts = split_rows(rows, 10)
    assert [len(p) for p in parts] == [10, 10, 3] and [r for p in parts for r in p] == rows
    assert split_rows([], 10) == [[]]


def test_parts_are_cut_in_a_multiple_of_the_workers_and_of_equal_length():
    # 1,025 rows at 500 a part on 2 workers: 4 parts of 257, not 500 + 500 + 25 with one worker left alone
    assert part_rows(1025, 500, 2) == 257
    assert part_rows(1025, 500, 1) == 342 and part_rows(400, 500, 2) == 400  # one part stays one part
    parts = table_parts(_data(120), "reports/pdf/ledger.html", 50, workers=2)
    sizes = [len(p["document"]["rows"]) for p in parts]
    assert len(parts) == 4 and max(sizes) - min(sizes) <= 1 and max(sizes) <= 50
    assert sum(sizes) == len(table_rows(_data(120)))


def test_only_the_first_part_has_the_title_and_only_the_last_the_seal_block(settings):
    parts = table_parts(_data(120), "reports/pdf/ledger.html", 50)
    assert len(parts) == 3
    assert [p["document"]["heading"] for p in parts] == [True, False, False]
    assert [bool(p["document"]["signatures"]) for p in parts] == [False, False, True]
    assert sum(len(p["document"]["rows"]) for p in parts) == len(table_rows(_data(120)))


def test_joined_parts_are_numbered_over_the_whole_document():
    parts = table_parts(_data(160), "reports/pdf/ledger.html", 60)
    single = [PdfReader(io.BytesIO(render_part(p))) for p in parts]
    assert all("第" not in "".join(r.pages[0].extract_text().split()) for r in single)  # parts carry no numbers
    joined = render_parts_locally(parts)
    pages = _pages_text(joined)
    total = sum(len(r.pages) for r in single)
    assert len(pages) == total > len(parts)
    for i, text in enumerate(pages, start=1):
        assert f"第{i}页共{total}页" in text
        assert "序号" in text and "党员数" in text  # the header row is repeated on every page
    flat = "".join(pages)
    assert all(f"测试村{i:03d}党支部" in flat for i in range(1, 161))
    assert flat.count("分类管理台账") >= 1 and "盖章" in pages[-1] and "盖章" not in pages[0]


def test_join_of_two_processes_equals_the_join_of_one(settings):
    from reports.pdfparts import worker_pool

    parts = table_parts(_data(90), "reports/pdf/ledger.html", 45, workers=2)
    pool = worker_pool(2, str(settings.PDF_FONT_DIR), parts[-1])
    try:
        on_pool = render_parts_locally(parts, pool=pool)
    finally:
        pool.shutdown()
    assert _pages_text(on_pool) == _pages_text(render_parts_locally(parts))


def test_a_long_ledger_run_goes_through_the_chunks_and_cleans_up(demo, settings):
    settings.REPORT_CHUNK_ROWS = 8  # the demo county's ledger has about 40 rows: 5 or more parts
    run = ReportRun.objects.create(kind="classification_ledger", fmt="pdf", organization=demo.county,
                                   requested_by=demo.users["county"])
    run = report_run_execute(run.pk)
    assert run.status == RunStatus.DONE and run.progress == 100, run.error
    assert run.filename.endswith(".pdf") and "_chunks" not in run.params
    pages = _pages_text(run.file.read())
    assert all(f"第{i}页共{len(pages)}页" in text for i, text in enumerate(pages, start=1))
    assert "分类管理台账" in pages[0] and "盖章" in pages[-1]
    _dirs, files = default_storage.listdir(f"report-chunks/run-{run.pk}")
    assert files == []


def test_join_without_numbers_leaves_the_pages_alone():
    parts = table_parts(_data(30), "reports/pdf/ledger.html", 15)
    joined = join_pdfs([render_part(p) for p in parts], numbered=False)
    assert all("第" not in t for t in _pages_text(joined))
