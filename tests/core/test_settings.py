"""Production settings and the security of every page: deploy checks, CSP, cookies, CSRF, throttling."""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_deploy_check_reports_nothing_with_a_production_environment(tmp_path):
    # A clean production environment: nothing of the test run (DEBUG, JINWEI_TESTING, the browser
    # tests' DJANGO_ALLOW_ASYNC_UNSAFE ...) leaks into it.
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}}
    env.update(SECRET_KEY=secrets.token_urlsafe(45), ALLOWED_HOSTS="jinwei.example.org",
               DJANGO_SETTINGS_MODULE="config.settings", SQLITE_PATH=str(tmp_path / "deploy.sqlite3"),
               MEDIA_ROOT=str(tmp_path))
    assert len(env["SECRET_KEY"]) == 60
    done = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


# The second case: importing pytest in production must not switch the settings to test mode.
@pytest.mark.parametrize("first_import", ["django", "pytest"])
def test_settings_refuse_to_start_without_a_secret_key_in_production(first_import):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "JINWEI_TESTING", "SECRET_KEY"}}
    done = subprocess.run([sys.executable, "-c", f"import {first_import}, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
                           "from django.conf import settings; settings.SECRET_KEY"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "SECRET_KEY must be set" in done.stderr


def _directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def test_pages_carry_a_csp_without_inline_scripts(demo, client_for):
    for client, url in ((Client(), reverse("login")), (client_for("township"), reverse("organizations:tree")),
                        (client_for("county"), reverse("campaigns:dashboard"))):
        response = client.get(url)
        assert response.status_code == 200
        header = response.headers.get("Content-Security-Policy")
        assert header, url
        policy = _directives(header)
        assert policy["script-src"] == ["'self'"], header
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
        assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
        assert policy["style-src"] == ["'self'"], header
        assert "<script>" not in response.content.decode()  # every script is a file from static/


def test_session_cookie_is_http_only_and_ends_with_the_browser(demo):
    client = Client()
    response = client.post(reverse("login"), {"username": "township", "password": "jinwei2026"})
    assert response.status_code == 302
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["max-age"] and not cookie["expires"]  # expires when the browser closes
    assert django_settings.SESSION_COOKIE_AGE <= 24 * 3600


def test_posts_without_a_csrf_token_are_refused(demo):
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("login"), {"username": "township", "password": "jinwei2026"}).status_code == 403
    client.force_login(demo.users["township"])
    response = client.post(reverse("reports:run-request"), {"kind": "roster", "fmt": "pdf", "organization": demo.township.pk})
    assert response.status_code == 403


def test_five_failed_logins_lock_the_account_out_even_with_the_right_password(demo):
    client = Client()
    url = reverse("login")
    for _ in range(5):
        response = client.post(url, {"username": "township", "password": "wrong-password"})
        assert response.status_code in (200, 429)
    locked = client.post(url, {"username": "township", "password": "jinwei2026"})
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "登录失败次数过多" in html
    assert "_auth_user_id" not in client.session
    # another account from the same address is not locked out
    assert Client().post(url, {"username": "branch", "password": "jinwei2026"}).status_code == 302


def test_four_failed_logins_still_let_the_right_password_in(demo):
    client = Client()
    url = reverse("login")
    for _ in range(4):
        assert client.post(url, {"username": "township", "password": "wrong-password"}).status_code == 200
    assert client.post(url, {"username": "township", "password": "jinwei2026"}).status_code == 302


def test_a_user_changes_their_password_and_stays_logged_in(demo):
    client = Client()
    assert client.post(reverse("login"), {"username": "branch", "password": "jinwei2026"}).status_code == 302
    response = client.post(reverse("password_change"), {
        "old_password": "jinwei2026", "new_password1": "Dongfang-Cun-88", "new_password2": "Dongfang-Cun-88"})
    assert response.status_code == 302 and response.url == reverse("password_change_done")
    assert client.get(reverse("campaigns:dashboard")).status_code == 200
    demo.users["branch"].refresh_from_db()
    assert demo.users["branch"].check_password("Dongfang-Cun-88")


def test_logging_out_ends_the_session(demo):
    client = Client()
    client.post(reverse("login"), {"username": "branch", "password": "jinwei2026"})
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("campaigns:dashboard")).status_code == 302


def test_no_template_holds_an_inline_script_or_event_handler():
    """The CSP allows scripts only from our static files: inline code would silently not run."""
    import re

    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
    handler = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
    found = []
    for path in ROOT.rglob("*.html"):
        if ".venv" in path.parts or "staticfiles" in path.parts or "node_modules" in path.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for pattern in (inline_script, handler):
            for match in pattern.finditer(text):
                found.append(f"{path.relative_to(ROOT)}: {match.group(0)[:80]}")
    assert not found, "inline scripts or handlers (blocked by the CSP):\n" + "\n".join(found)


def test_no_page_template_uses_an_inline_style_the_csp_would_block():
    """style-src has no 'unsafe-inline': a style attribute or <style> element in a page is dropped by the
    browser. PDF templates (rendered by WeasyPrint, never shown as pages) may use them."""
    import re

    found = []
    for path in ROOT.glob("**/templates/**/*.html"):
        rel = path.relative_to(ROOT).as_posix()
        if ".venv" in rel or "/pdf/" in rel or rel.endswith("core/templates/core/slips.html"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\sstyle=|<style", line):
                found.append(f"{rel}:{number}")
    assert not found, "inline styles (blocked by the CSP):\n" + "\n".join(found)
