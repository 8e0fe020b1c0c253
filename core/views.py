"""Helpers every app's views share, and the health check. Core knows no app of the domain."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse


def add_form_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form, by field where it names one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@contextmanager
def service_errors(form) -> Iterator[None]:
    """Call a service for a valid form inside this block: a ValidationError it raises lands on the form
    (by field where it names one) and the view goes on to show the form again; the block's own
    success message and redirect run only when the service succeeded.

        with service_errors(form):
            services.campaign_create(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Campaign created."))
            return redirect(...)
        return render(request, ..., {"form": form})
    """
    try:
        yield
    except ValidationError as exc:
        add_form_errors(form, exc)


@contextmanager
def service_messages(request: HttpRequest, success: str) -> Iterator[None]:
    """For a one-button action (POST, no form): call the service inside this block; when it succeeds
    the user sees ``success``, when it raises a ValidationError they see its message instead.

        with service_messages(request, _("The round is open.")):
            services.survey_round_open(actor=request.user, round_=round_)
        return redirect(...)
    """
    try:
        yield
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _check_broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "in-process"
    from kombu import Connection

    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2,
                    transport_options={"socket_connect_timeout": 2, "socket_timeout": 2}) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    return "ok"


def _check_storage() -> str:
    import tempfile

    with tempfile.NamedTemporaryFile(dir=settings.MEDIA_ROOT, prefix=".healthz-"):
        pass
    return "ok"


def healthz(request: HttpRequest) -> HttpResponse:
    """For a monitor or a load balancer: each part is "ok" (or "in-process" for a local install) or
    "error"; any error answers 503. What failed is logged, not shown: the page is public."""
    import logging

    report, healthy = {}, True
    for name, check in (("database", _check_database), ("broker", _check_broker), ("storage", _check_storage)):
        try:
            report[name] = check()
        except Exception:  # a health check reports every fault, whatever raised it
            logging.getLogger(__name__).exception("healthz: %s check failed", name)
            report[name] = "error"
            healthy = False
    return JsonResponse(report, status=200 if healthy else 503)
