"""With style-src 'self' only, the pages still look right: no CSP violation in the browser console on
the main pages of each role, and a progress bar gets its width from data-progress."""
from __future__ import annotations

from django.urls import reverse

from reports.models import ReportRun, RunStatus

PAGES = ("campaigns:dashboard", "organizations:tree", "reports:run-list", "classification:classification-overview", "upgrades:progress")


def test_main_pages_raise_no_csp_violation_and_progress_bars_have_their_width(page, login, demo):
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    ReportRun.objects.create(kind="roster", fmt="pdf", organization=demo.township, requested_by=demo.users["township"],
                             status=RunStatus.RUNNING, progress=40, title="花名册")
    login(page, "township")
    for name in PAGES:
        page.goto(reverse(name))
        page.wait_for_load_state("networkidle")
    page.goto(reverse("reports:run-list"))
    bar = page.locator("[data-progress]").first
    width = bar.evaluate("el => el.getBoundingClientRect().width / el.parentElement.getBoundingClientRect().width")
    assert 0.35 < width < 0.45
    assert violations == []
