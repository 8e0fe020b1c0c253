"""The confirmed level of each organisation beside it in the tree and on the township board (core/org_status.py)."""
from __future__ import annotations

from django.utils.translation import pgettext_lazy

from core.org_status import OrgStatus, StatusValue, register

from .models import Classification, Level

TONES = {"advanced": "success", "average": "secondary", "lagging": "danger"}


def levels_of(org_ids: list[int], year: int | None) -> dict[int, StatusValue]:
    qs = Classification.objects.filter(organization_id__in=org_ids).exclude(final_level="")
    if year is not None:
        qs = qs.filter(campaign__year=year)
    labels = dict(Level.choices)
    found: dict[int, StatusValue] = {}
    for org_id, level in qs.order_by("organization_id", "-campaign__year").values_list("organization_id", "final_level"):
        if org_id not in found:  # the latest year first
            found[org_id] = StatusValue(str(labels.get(level, level)), level, TONES.get(level, "light"))
    return found


register(OrgStatus(key="level", label=pgettext_lazy("org status", "Level"), read=levels_of, order=10, choices=tuple(Level.choices)))
