"""The star level each organisation holds beside it in the tree and on the township board (core/org_status.py)."""
from __future__ import annotations

from django.utils.translation import pgettext_lazy

from core.org_status import OrgStatus, StatusValue, register

from .models import StarRating


def stars_of(org_ids: list[int], year: int | None) -> dict[int, StatusValue]:
    qs = StarRating.objects.filter(organization_id__in=org_ids)
    if year is not None:
        qs = qs.filter(year=year)
    found: dict[int, StatusValue] = {}
    for org_id, level in qs.order_by("organization_id", "-year").values_list("organization_id", "level"):
        if org_id not in found:
            found[org_id] = StatusValue(f"{level}★", str(level), "warning")
    return found


register(OrgStatus(key="stars", label=pgettext_lazy("org status", "Stars"), read=stars_of, order=20,
                   choices=tuple((str(n), f"{n}★") for n in range(1, 6))))
