"""The doors: log-in throttling behind the TLS proxy, and the Permissions-Policy header."""
from __future__ import annotations

from django.test import Client
from django.urls import reverse

PROXY = "10.0.0.2"  # the TLS proxy's own address: every request arrives from it


def _login(client: Client, username: str, password: str, client_address: str):
    return client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address)


def test_behind_the_proxy_one_clients_wrong_passwords_do_not_lock_the_account_for_everyone(demo, settings):
    settings.BEHIND_PROXY = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), "township", "wrong-password", "203.0.113.7")
    assert _login(Client(), "township", "jinwei2026", "203.0.113.7").status_code == 429
    # The same account from another client address (through the same proxy) still logs in.
    assert _login(Client(), "township", "jinwei2026", "198.51.100.20").status_code == 302


def test_a_forged_forwarded_for_entry_is_not_believed(demo, settings):
    settings.BEHIND_PROXY = True
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        # The client writes its own X-Forwarded-For; the proxy appends the address it really saw.
        _login(Client(), "township", "wrong-password", f"192.0.2.{attempt}, 203.0.113.7")
    assert _login(Client(), "township", "jinwei2026", "203.0.113.7").status_code == 429


def test_password_spraying_from_one_address_is_throttled_across_usernames(demo, settings):
    settings.BEHIND_PROXY = True
    settings.AXES_IP_FAILURE_LIMIT = 6
    for i in range(settings.AXES_IP_FAILURE_LIMIT):
        _login(Client(), f"user{i}", "Spring2026!", "203.0.113.9")  # one guess per username: axes alone never locks
    sprayed = _login(Client(), "township", "jinwei2026", "203.0.113.9")
    assert sprayed.status_code == 429 and "登录失败次数过多" in sprayed.content.decode()
    assert _login(Client(), "township", "jinwei2026", "198.51.100.20").status_code == 302


def test_without_the_proxy_setting_the_forwarded_header_is_ignored(demo, settings):
    settings.BEHIND_PROXY = False
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), "township", "wrong-password", "203.0.113.7")
    # Everyone comes from REMOTE_ADDR here, whatever the header claims.
    assert _login(Client(), "township", "jinwei2026", "198.51.100.20").status_code == 429


def test_pages_switch_off_browser_features_with_a_permissions_policy(demo, client_for):
    for client, url in ((Client(), reverse("login")), (client_for("township"), reverse("campaigns:dashboard"))):
        header = client.get(url).headers.get("Permissions-Policy", "")
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in header, (url, header)
