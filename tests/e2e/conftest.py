"""Real-browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium) against a live server.

`make test` runs them when Chromium is installed; CI installs it. A failed test leaves a screenshot
in tests/e2e/artifacts/. Fixtures: ``browser`` (session), ``page`` (desktop), ``phone_page``
(a phone-sized viewport), ``login(page, username)``.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
# Playwright runs an event loop in this thread; Django's ORM calls in fixtures are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (CI does), or deselect with -m 'not e2e'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield b
        b.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        for name in ("page", "phone_page"):
            pg = item.funcargs.get(name) if hasattr(item, "funcargs") else None
            if pg is not None:
                ARTIFACTS.mkdir(exist_ok=True)
                try:
                    pg.screenshot(path=str(ARTIFACTS / f"{item.name}-{name}.png"), full_page=True)
                except Exception:
                    pass


@pytest.fixture
def page(browser, live_server, transactional_db, demo):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture
def phone_page(browser, live_server, transactional_db, demo):
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url, locale="zh-CN",
                                  is_mobile=True, has_touch=True)
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture
def login():
    def do(pg, username: str, password: str = "jinwei2026") -> None:
        pg.goto("/accounts/login/")
        pg.fill("input[name=username]", username)
        pg.fill("input[name=password]", password)
        pg.click("button[type=submit]")
        pg.wait_for_url(lambda url: "/accounts/login/" not in url)

    return do
