"""A storage fault met while reading a file is a Chinese page (503), never a bare 500."""
from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

log = logging.getLogger(__name__)


class StorageFaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        # Database drivers raise their own errors; an OSError in a view is a file that cannot be read or written.
        if isinstance(exception, OSError):
            log.exception("storage fault on %s", request.path)
            return render(request, "storage_fault.html", status=503)
        return None
