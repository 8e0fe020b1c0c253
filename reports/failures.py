"""What a user reads about a failed report run: a sentence with what to do; the details go to the log."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def failure_reason(exc: BaseException, run_id: int) -> str:
    """What the user reads about a failed run; the technical details go to the log only."""
    from celery.exceptions import SoftTimeLimitExceeded

    if isinstance(exc, SoftTimeLimitExceeded):
        return _("The report took longer than the time limit of %(minutes)s minutes and was stopped. "
                 "Please choose a smaller organisation, or tell the system administrator.") % {
                     "minutes": settings.CELERY_TASK_TIME_LIMIT // 60}
    if isinstance(exc, ValidationError) and getattr(exc, "code", None) != "storage":
        return " ".join(exc.messages)  # written for the user by the report's own checks
    if isinstance(exc, OSError) or getattr(exc, "code", None) == "storage":
        return _("The report was produced but could not be stored: the server's file storage is not available. "
                 "Please try again later, or tell the system administrator.")
    return _("The report could not be produced because of an error on the server. Please run it again; "
             "if it fails again, tell the system administrator (run %(id)s).") % {"id": run_id}
