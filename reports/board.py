"""The township board: every branch of a township with its level, stars and open case (core/org_status.py),
filterable (django-filter), on one page and as a one-page A4 PDF to pin on the office wall."""
from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from core.org_status import org_statuses, statuses_for
from organizations.choices import Domain
from organizations.models import Organization


class BoardFilter(django_filters.FilterSet):
    """Name and domain filter the query; a status (level, stars, case) filters by what its app says."""

    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))
    domain = django_filters.ChoiceFilter(choices=Domain.choices, label=_("Domain"))

    class Meta:
        model = Organization
        fields = ["name", "domain"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for status in org_statuses():
            if status.choices:
                self.filters[status.key] = django_filters.ChoiceFilter(
                    choices=status.choices, label=status.label, method=self.by_status)
                self.filters[status.key].field_name = status.key

    def by_status(self, queryset, name: str, value: str):
        ids = list(queryset.values_list("pk", flat=True))
        found = statuses_for(ids)
        keep = [pk for pk in ids if name in found.get(pk, {}) and found[pk][name].value == value]
        return queryset.filter(pk__in=keep)


def board_rows(orgs: list[Organization]) -> tuple[list[Any], list[dict[str, Any]]]:
    """(the statuses shown, one row per organisation with its values by key)."""
    statuses = org_statuses()
    found = statuses_for([o.pk for o in orgs])
    rows = [{"org": o, "values": [found.get(o.pk, {}).get(s.key) for s in statuses]} for o in orgs]
    return statuses, rows


class OrgNameFilter(django_filters.FilterSet):
    """The search box of the dashboard's organisation list and its export (``?name=``): part of the name,
    on top of the dashboard's own filters (reports.forms.OrgFilterForm)."""

    name = django_filters.CharFilter(method="by_name", label=_("Name"))

    class Meta:
        model = Organization
        fields = ["name"]

    def by_name(self, queryset, name: str, value: str):
        value = (value or "").strip()[:50]
        return queryset.filter(name__icontains=value) if value else queryset
