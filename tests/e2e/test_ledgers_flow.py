"""Browser: the county reviewer opens the statistics dashboard, follows a number to the organisations
behind it, exports that list, and downloads the county classification ledger PDF once its run is done."""
from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

SHOTS = Path(__file__).parent / "artifacts"


def test_county_reviewer_follows_a_number_exports_it_and_downloads_the_ledger(page, phone_page, login, demo):
    from organizations.models import Organization

    login(page, "county")
    page.click("[data-testid=nav-ledgers]")
    page.wait_for_url("**/reports/dashboard/")
    expect(page.locator("h1")).to_contain_text(demo.county.name)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "ledgers-dashboard-desktop.png"), full_page=True)

    # the number of village branches in the level table leads to exactly those branches
    villages = list(Organization.objects.filter(domain="village", kind__in=("branch", "general_branch"), is_active=True)
                    .order_by("path").values_list("name", flat=True))
    row = page.locator("[data-testid=level-table] tbody tr", has_text="村").first
    link = row.locator("td").last.locator("a")
    expect(link).to_have_text(str(len(villages)))
    link.click()
    page.wait_for_url("**/reports/organisations/?*")
    rows = page.locator("[data-testid=org-table] tbody tr")
    expect(rows).to_have_count(len(villages))
    for name in villages:
        expect(page.locator("[data-testid=org-table]")).to_contain_text(name)

    # the same list as xlsx
    with page.expect_download() as info:
        page.click("[data-testid=export-xlsx]")
    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    exported = [r[0] for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert exported == villages

    # the county ledger as PDF: requested from the dashboard, downloaded when the progress bar is gone
    page.goto("/reports/dashboard/")
    page.click("[data-testid=request-classification_ledger-pdf]")
    page.wait_for_url("**/reports/?new=*")
    download = page.locator("[data-testid^=download-]").first
    expect(download).to_be_visible(timeout=60000)
    expect(page.locator(".progress")).to_have_count(0)
    with page.expect_download() as info:
        download.click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert "分类管理台账" in text and demo.county.name in text and "第1页" in text

    # the dashboard on a phone: the tables scroll inside their cards, the page itself does not overflow
    login(phone_page, "county")
    phone_page.goto("/reports/dashboard/")
    phone_page.screenshot(path=str(SHOTS / "ledgers-dashboard-phone.png"), full_page=True)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1
