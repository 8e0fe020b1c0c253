"""Every date people see or print is in the configured time zone (settings.TIME_ZONE, Asia/Shanghai
by default), also in PDFs and Excel files built outside a template: a submit time of 21:19 UTC on
12-04 is 05:19 on 12-05 in Beijing and prints as 12-05."""
from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone


def local(value: Any) -> Any:
    """An aware datetime in the configured time zone; anything else unchanged."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value, timezone.get_default_timezone())
    return value


def local_day(value: datetime.datetime | datetime.date | None, fmt: str = "%Y-%m-%d") -> str:
    """The local calendar day of ``value`` as text ("" for None)."""
    if value is None:
        return ""
    return local(value).strftime(fmt)


def spreadsheet_value(value: Any) -> Any:
    """Excel has no time zones: an aware datetime is written as the local wall time."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return local(value).replace(tzinfo=None)
    return value
