"""Reads of the ratings app's models that the dashboard needs. They belong in ratings' selectors and move
there when ratings is split (a later step; ratings/ is not edited on this branch):

- ``classification_counts`` and ``with_classification`` → ``ratings/classification/selectors.py``
- ``star_counts`` and ``with_stars`` → ``ratings/stars/selectors.py``

Each takes a queryset of organisations (already scoped by the caller) and a year, and costs one query
(or adds subqueries to the caller's one query) whatever the number of organisations."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Substr

from organizations.selectors import GROUP_PATH_LEN
from ratings.models import Classification, StarRating


@dataclass(frozen=True)
class ClassificationCount:
    group_path: str  # "/<county>/<township>/"
    domain: str
    state: str
    final_level: str
    count: int


def classification_counts(orgs: QuerySet, year: int) -> list[ClassificationCount]:
    """The classifications of ``year`` of ``orgs``, counted per group (township), domain, state and level."""
    rows = (Classification.objects.filter(campaign__year=year, organization__in=orgs)
            .annotate(g=Substr("organization__path", 1, GROUP_PATH_LEN))
            .values("g", "state", "final_level", "organization__domain").annotate(n=Count("id")).order_by())
    return [ClassificationCount(r["g"], r["organization__domain"], r["state"], r["final_level"], r["n"]) for r in rows]


def star_counts(orgs: QuerySet, year: int) -> list[tuple[str, int, int]]:
    """(domain, stars, n): the star ratings of ``year`` of ``orgs``."""
    return [(r["organization__domain"], r["level"], r["n"]) for r in
            StarRating.objects.filter(year=year, organization__in=orgs)
            .values("organization__domain", "level").annotate(n=Count("id")).order_by()]


def with_classification(orgs: QuerySet, year: int) -> QuerySet:
    """``orgs`` annotated with ``c_state`` and ``c_level``: the state and final level of their
    classification of ``year`` (the deepest campaign's), None when there is none."""
    mine = Classification.objects.filter(campaign__year=year, organization=OuterRef("pk")).order_by("-campaign__scope__path")
    return orgs.annotate(c_state=Subquery(mine.values("state")[:1]), c_level=Subquery(mine.values("final_level")[:1]))


def with_stars(orgs: QuerySet, year: int) -> QuerySet:
    """``orgs`` annotated with ``stars``: their star level of ``year``, None when not rated."""
    star = StarRating.objects.filter(year=year, organization=OuterRef("pk")).order_by("-id")
    return orgs.annotate(stars=Subquery(star.values("level")[:1], output_field=IntegerField()))
