"""The client's address: REMOTE_ADDR, or behind the README's TLS proxy the address the proxy saw.

The proxy appends the address it received the request from to X-Forwarded-For; with PROXY_COUNT proxies
in front of gunicorn the client is that many entries from the right. Entries further left were written
by the client and cannot be trusted, so they are never read.
"""
from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    if settings.BEHIND_PROXY:
        hops = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        count = max(1, settings.PROXY_COUNT)
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")
