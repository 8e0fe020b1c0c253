"""Helpers every app's views share, and the health check. Core knows no app of the domain."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpRequest, HttpResponse


def add_form_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form, by field where it names one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
