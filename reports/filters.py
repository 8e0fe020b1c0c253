"""Filters of the organisation list behind every dashboard number, and of its export (django-filter):
``?group=&domain=&state=&level=&stars=&overdue=&year=&name=``. The parameters live in the URL; a value that
does not parse or is not one of the choices is no filter, never a 500 (django-filter leaves a field
that fails validation out of ``cleaned_data``)."""
from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from campaigns.selectors import current_campaign_for
from core.bounds import STARS, YEAR
from organizations.choices import Domain
from organizations.models import PATH_DIGITS, Organization
from organizations.scope import PK
from ratings.classification.models import ClassificationState, Level

from .selectors import organizations_of_year


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class OrgListFilter(django_filters.FilterSet):
    """The organisations of the user's scope behind a dashboard number, with their state, level and stars
    of ``year`` (one query for a page, whatever its size)."""

    group = IntegerFilter(method="by_group", min_value=PK.low, max_value=PK.high)
    domain = django_filters.ChoiceFilter(choices=Domain.choices)
    state = django_filters.ChoiceFilter(choices=[("not_started", "")] + list(ClassificationState.choices), method="by_state")
    level = django_filters.ChoiceFilter(choices=Level.choices, method="by_level")
    stars = django_filters.ChoiceFilter(choices=[("none", "")] + [(str(n), str(n)) for n in range(STARS.low, STARS.high + 1)],
                                        method="by_stars")
    overdue = django_filters.ChoiceFilter(choices=[("1", "")], method="by_overdue")
    year = IntegerFilter(method="by_year", min_value=YEAR.low, max_value=YEAR.high)
    name = django_filters.CharFilter(method="by_name", max_length=50)  # the list's search box: part of the name

    class Meta:
        model = Organization
        fields: list[str] = []

    def __init__(self, data: Any = None, *, user: Any, today: datetime.date | None = None):
        self.user = user
        self.today = today or timezone.localdate()
        super().__init__(data, queryset=Organization.objects.none())
        self.queryset = organizations_of_year(user, self.the_year())

    def cleaned(self) -> dict[str, Any]:
        """The parameters that parsed (a bound filter set with no data has none)."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return {k: v for k, v in getattr(self.form, "cleaned_data", {}).items() if v not in (None, "")}

    def the_year(self) -> int:
        """The year of the states counted: ``?year=`` when it parsed, else this year."""
        return self.cleaned().get("year") or self.today.year

    def params(self) -> dict[str, str]:
        """The valid, non-empty parameters as the strings that were sent: for labels and page links."""
        return {name: str(self.data.get(name)) for name in self.cleaned()}

    @property
    def qs(self) -> QuerySet[Organization]:
        return super().qs.order_by("path")

    def by_group(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(path__contains=f"/{value:0{PATH_DIGITS}d}/")

    def by_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(c_state__isnull=True) if value == "not_started" else queryset.filter(c_state=value)

    def by_level(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(c_state="confirmed", c_level=value)

    def by_stars(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(stars__isnull=True) if value == "none" else queryset.filter(stars=int(value))

    def by_overdue(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        campaign = current_campaign_for(self.user, self.the_year())
        if campaign is None or self.today <= campaign.classification_due:
            return queryset.none()
        return queryset.filter(Q(c_state__isnull=True) | ~Q(c_state="confirmed"))

    def by_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(name__icontains=value) if value else queryset

    def by_year(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset  # the year chose the annotations of the base queryset (organizations_of_year)
