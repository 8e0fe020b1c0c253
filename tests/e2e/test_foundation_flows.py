"""The foundation in a real browser: each role's dashboard, the tree, a refused Excel import, the roster
PDF from request to download, and the login page on a phone."""
from __future__ import annotations

import io
import re

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from organizations import importers


@pytest.mark.parametrize("username, role_text, org_text", [
    ("county", "县委组织部审核人", "晋安县委组织部"),
    ("township", "乡镇工作人员", "金星乡党委"),
    ("branch", "支部书记", "东方村党支部"),
    ("branch2", "支部书记", "红旗村党支部"),
])
def test_each_demo_role_logs_in_and_sees_its_own_dashboard(page, login, username, role_text, org_text):
    login(page, username)
    assert page.url.endswith("/")
    heading = page.get_by_role("heading", name="我的待办")
    assert heading.is_visible()
    title_block = heading.locator("xpath=..").inner_text()  # the heading's line: organisation · role
    assert role_text in title_block
    assert org_text in title_block


def test_township_tree_expands_collapses_and_searches(page, login):
    login(page, "township")
    page.goto("/org/")
    tree = page.locator(".jw-tree")
    assert tree.get_by_text("金星乡党委").is_visible()
    assert tree.get_by_text("柳河镇党委").count() == 0  # another township: outside the scope
    nested = tree.get_by_role("link", name="金星村第一党支部")  # under a general branch: closed at first
    assert not nested.is_visible()
    page.get_by_role("button", name="全部展开").click()
    expect(nested).to_be_visible()  # the lazy tree loads the opened general branch's children (htmx)
    page.get_by_role("button", name="全部折叠").click()
    expect(tree.get_by_role("link", name="东方村党支部")).to_be_hidden()
    page.get_by_role("searchbox").fill("东方")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_url(re.compile(r"q=%E4%B8%9C%E6%96%B9"))
    # a search lists the matches (paginated, each with its ancestors) instead of the lazy tree
    results = page.get_by_test_id("tree-results")
    assert results.locator(".jw-match").all_inner_texts() == ["东方村党支部"]
    assert "金星乡党委" in results.inner_text()
    assert page.get_by_role("link", name="红旗村党支部").count() == 0


def _bad_import_file() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append([c.header for c in importers.COLUMNS])
    ws.append(["新建村党支部", "金星乡党委", "党支部", "村", "很多", "", ""])
    ws.append(["另一村党支部", "没有这个乡党委", "党支部", "村", 20, "", ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_excel_import_with_a_bad_file_lists_row_and_column_errors(page, login, demo):
    login(page, "township")
    page.goto(f"/org/{demo.township.pk}/")
    page.get_by_role("link", name="从 Excel 导入").click()
    page.set_input_files("input[type=file]", files=[{
        "name": "组织.xlsx", "buffer": _bad_import_file(),
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    page.locator("form [type=submit]").last.click()
    errors = page.locator("#import-errors")
    errors.wait_for()
    text = errors.inner_text()
    assert "未导入任何数据" in text
    assert "第 2 行，“党员人数”列" in text
    from organizations.models import Organization

    assert not Organization.objects.filter(name="新建村党支部").exists()


def test_roster_pdf_is_requested_and_downloaded_when_its_progress_bar_ends(page, login, demo, monkeypatch):
    """The task is held back so the browser really shows the queued run and polls it; then a 'worker'
    (this test) renders it, the row turns to done and the file downloads."""
    import reports.tasks
    from reports.models import ReportRun
    from reports.services import report_run_execute

    queued: list[int] = []

    class HeldTask:
        @staticmethod
        def delay(run_id: int) -> None:
            queued.append(run_id)

    monkeypatch.setattr(reports.tasks, "render_report_run", HeldTask)
    login(page, "township")
    page.goto(f"/org/{demo.township.pk}/")
    page.get_by_test_id("request-roster-pdf").click()
    page.wait_for_url(re.compile(r"/reports/\?new="))
    assert len(queued) == 1
    assert page.locator(f"#run-{queued[0]} .progress").is_visible()  # queued: a progress bar, no download yet
    assert page.get_by_test_id(f"download-{queued[0]}").count() == 0
    run = report_run_execute(queued[0])
    assert run.status == "done", run.error
    link = page.get_by_test_id(f"download-{run.pk}")
    link.wait_for(timeout=20000)  # htmx polls the row every second
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert ReportRun.objects.get(pk=run.pk).requested_by == demo.users["township"]


def test_login_page_fits_a_phone_without_horizontal_scrolling(phone_page, login):
    phone_page.goto("/accounts/login/")
    assert phone_page.get_by_role("button", name="登录").is_visible()
    overflow = phone_page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow}px wider than the phone"
    login(phone_page, "branch")
    overflow = phone_page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"dashboard is {overflow}px wider than the phone"
