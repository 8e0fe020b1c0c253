"""The organisation roster (花名册), PDF and xlsx, through a background run (Celery eager in tests)."""
from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from core import report_kinds
from core.xlsx import Column, write_table
from organizations.models import Organization
from reports.models import ReportRun, RunStatus
from reports.services import report_run_execute, report_run_request, report_runs_fail_stale


def _request(demo, client, fmt: str, django_capture_on_commit_callbacks) -> ReportRun:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:run-request"),
                               {"kind": "roster", "fmt": fmt, "organization": demo.township.pk})
    assert response.status_code == 302
    return ReportRun.objects.get(requested_by=demo.users["township"], fmt=fmt)


def _download(client, run: ReportRun) -> bytes:
    response = client.get(reverse("reports:run-download", kwargs={"pk": run.pk}))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _subtree(demo):
    return list(Organization.objects.filter(path__startswith=demo.township.path).order_by("path"))


def test_roster_pdf_shows_chinese_names_page_numbers_and_the_shipped_font(demo, client_for,
                                                                           django_capture_on_commit_callbacks):
    client = client_for("township")
    run = _request(demo, client, "pdf", django_capture_on_commit_callbacks)
    assert run.status == RunStatus.DONE and run.progress == 100 and run.error == ""
    data = _download(client, run)
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = "".join(text.split())  # long names wrap inside their table cell
    for org in _subtree(demo):
        assert org.name in flat, f"{org.name} missing from the PDF text"
    assert "第 1 页" in text and "共" in text and "花名册" in text
    assert "\ufffd" not in text  # no glyph the font could not map back to a character
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    # Subset names look like "/UIMNQT+Jinwei-Sans": only the shipped font, and embedded.
    assert fonts and all("JinweiSans" in name.replace("-", "") for name in fonts), fonts
    assert all(fonts.values()), fonts


def test_roster_xlsx_has_the_same_organisations_and_member_counts_as_the_database(demo, client_for,
                                                                                   django_capture_on_commit_callbacks):
    client = client_for("township")
    run = _request(demo, client, "xlsx", django_capture_on_commit_callbacks)
    assert run.status == RunStatus.DONE
    ws = load_workbook(io.BytesIO(_download(client, run))).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert "金星乡党委" in rows[0][0]  # title row
    header = list(rows[1])
    name_col, members_col = header.index("组织"), header.index("党员数")
    body = [r for r in rows[2:] if isinstance(r[0], int)]
    got = [(r[name_col].strip("\u3000"), r[members_col]) for r in body]
    assert got == [(o.name, o.member_count) for o in _subtree(demo)]


def test_a_failing_builder_marks_the_run_failed_with_its_reason(demo, monkeypatch):
    def broken(run, progress):
        raise RuntimeError("数据源不可用")

    kind = report_kinds.REPORTS["roster"]
    monkeypatch.setitem(report_kinds.REPORTS, "roster", report_kinds.ReportKind(key="roster", label=kind.label, build=broken))
    run = ReportRun.objects.create(kind="roster", fmt="xlsx", organization=demo.township,
                                   requested_by=demo.users["township"])
    run = report_run_execute(run.pk)
    assert run.status == RunStatus.FAILED and run.finished is not None
    # The user reads a sentence with what to do; the exception itself goes to the log, not to the page.
    assert "数据源不可用" not in run.error and "RuntimeError" not in run.error
    assert "重新" in run.error and str(run.pk) in run.error
    assert not run.file


def test_stale_running_runs_are_failed(demo, settings):
    now = timezone.now()
    stale = ReportRun.objects.create(kind="roster", fmt="pdf", organization=demo.township, requested_by=demo.users["township"],
                                     status=RunStatus.RUNNING,
                                     started=now - datetime.timedelta(
                                         seconds=settings.CELERY_VISIBILITY_TIMEOUT + settings.CELERY_TASK_TIME_LIMIT + 120))
    fresh = ReportRun.objects.create(kind="roster", fmt="pdf", organization=demo.township, requested_by=demo.users["township"],
                                     status=RunStatus.RUNNING, started=now - datetime.timedelta(seconds=30))
    assert report_runs_fail_stale(now=now) == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == RunStatus.FAILED and stale.error
    assert fresh.status == RunStatus.RUNNING


def test_a_run_is_downloaded_only_by_its_requester(demo, client_for):
    run = ReportRun.objects.create(kind="roster", fmt="xlsx", organization=demo.branch, requested_by=demo.users["township"])
    report_run_execute(run.pk)
    assert client_for("township").get(reverse("reports:run-download", kwargs={"pk": run.pk})).status_code == 200
    for other in ("county", "branch", "branch2", "outsider"):
        assert client_for(other).get(reverse("reports:run-download", kwargs={"pk": run.pk})).status_code == 404


def test_a_run_is_not_downloadable_once_its_organisation_left_the_requesters_scope(demo, client_for):
    run = ReportRun.objects.create(kind="roster", fmt="xlsx", organization=demo.branch, requested_by=demo.users["branch"])
    report_run_execute(run.pk)
    client = client_for("branch")
    assert client.get(reverse("reports:run-download", kwargs={"pk": run.pk})).status_code == 200
    Organization.objects.filter(pk=demo.branch.pk).update(is_active=False)  # roles on archived orgs grant nothing
    assert client.get(reverse("reports:run-download", kwargs={"pk": run.pk})).status_code == 404


def test_requesting_a_report_outside_scope_is_refused(demo):
    from django.http import Http404

    with pytest.raises(Http404):
        report_run_request(actor=demo.users["branch"], kind="roster", fmt="pdf", organization=demo.branch2)


def test_formula_like_text_is_written_as_escaped_text(tmp_path):
    target = tmp_path / "t.xlsx"
    write_table(str(target), title="测试", columns=[Column("文本"), Column("数")],
                rows=[["=1+1", 3], ["+86 139", 4], ["-5", 5], ["@SUM(A1)", 6], ["普通", 7]])
    ws = load_workbook(target).worksheets[0]
    cells = [ws.cell(row=r, column=1) for r in range(3, 8)]
    assert [c.value for c in cells] == ["'=1+1", "'+86 139", "'-5", "'@SUM(A1)", "普通"]
    assert all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize("font_file", ["JinweiSans-Regular.ttf", "JinweiSans-Bold.ttf"])
def test_the_shipped_font_has_a_glyph_for_every_character_the_roster_prints(demo, settings, font_file):
    from fontTools.ttLib import TTFont

    from organizations.report_kinds import build_roster

    run = ReportRun(kind="roster", fmt="pdf", organization=demo.county, requested_by=demo.users["county"])
    data = build_roster(run, lambda value: None)
    printed = [data.title, data.organization_name, *(c.header for c in data.columns), *data.signatures,
               *(str(v) for row in data.rows for v in row), *(str(v) for v in data.totals), "第页共打印时间"]
    cmap = TTFont(settings.PDF_FONT_DIR / font_file).getBestCmap()
    missing = sorted({ch for text in printed for ch in text if not ch.isspace() and ord(ch) not in cmap})
    assert not missing, f"characters without a glyph in {font_file}: {''.join(missing)}"


def test_a_title_with_characters_excel_refuses_in_sheet_names_still_writes(tmp_path):
    target = tmp_path / "t.xlsx"
    write_table(str(target), title="金星乡[试点]/党委: 花名册?*\\很长很长很长很长很长很长很长很长很长很长", columns=[Column("文本")], rows=[["x"]])
    wb = load_workbook(target)
    title = wb.worksheets[0].title
    assert title.startswith("金星乡_试点__党委_ 花名册___很长") and len(title) == 31
    assert wb.worksheets[0]["A1"].value.startswith("金星乡[试点]/党委")  # the title row keeps the real name
