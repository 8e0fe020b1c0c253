"""Browser: township staff ask for a branch's annual dossier from the organisation's page and download it from
the download centre once its run is done: one PDF, cover and contents first, numbered through."""
from __future__ import annotations

import io
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader

SHOTS = Path(__file__).parent / "artifacts"


def test_township_staff_download_a_branch_dossier_from_its_page(page, phone_page, login, demo):
    login(page, "township")
    page.goto(f"/org/{demo.branch.pk}/")
    button = page.locator("[data-testid=request-dossier]")
    expect(button).to_be_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "dossier-org-page-desktop.png"), full_page=True)
    button.click()
    page.wait_for_url("**/reports/?new=*")
    download = page.locator("[data-testid^=download-]").first
    expect(download).to_be_visible(timeout=120000)
    expect(page.locator("tbody tr").first).to_contain_text("年度分类管理档案")
    page.screenshot(path=str(SHOTS / "dossier-download-centre-desktop.png"), full_page=True)
    with page.expect_download() as info:
        download.click()
    assert info.value.suggested_filename.endswith(".pdf") and demo.branch.name in info.value.suggested_filename
    pages = ["".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(Path(info.value.path()).read_bytes())).pages]
    assert "年度分类管理档案" in pages[0] and "目录" in pages[1]
    assert all(f"第{i}页共{len(pages)}页" in t for i, t in enumerate(pages, start=1))

    login(phone_page, "township")
    phone_page.goto(f"/org/{demo.branch.pk}/")
    expect(phone_page.locator("[data-testid=request-dossier]")).to_be_visible()
    phone_page.screenshot(path=str(SHOTS / "dossier-org-page-phone.png"), full_page=True)
