"""Search and filters of the county-wide organisation list (django-filter): the parameters live in the URL,
so a filtered page can be bookmarked, shared and paginated."""
from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .choices import Domain
from .models import Organization


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    domain = django_filters.ChoiceFilter(choices=Domain.choices, label=_("Domain"))

    class Meta:
        model = Organization
        fields: list[str] = []

    def search(self, queryset: QuerySet[Organization], name: str, value: Any) -> QuerySet[Organization]:
        value = (value or "").strip()[:50]
        if not value:
            return queryset
        return queryset.filter(Q(name__contains=value) | Q(secretary_name__contains=value))
