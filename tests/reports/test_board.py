"""The organisation tree and the township board show each organisation's level and stars (core/org_status.py),
filterable; the board prints on one page."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from core.org_status import statuses_for
from ratings.classification.models import Classification
from ratings.stars.models import StarRating

pytestmark = pytest.mark.django_db


def _known(demo):
    c = Classification.objects.exclude(final_level="").filter(organization__path__startswith=demo.township.path).first()
    r = StarRating.objects.filter(organization__path__startswith=demo.township.path).order_by("-year").first()
    assert c is not None and r is not None, "the demo county has confirmed levels and star ratings"
    return c, r


def test_statuses_read_the_level_and_the_stars_where_they_were_decided(demo):
    c, r = _known(demo)
    found = statuses_for([c.organization_id, r.organization_id])
    assert found[c.organization_id]["level"].value == c.final_level
    latest = StarRating.objects.filter(organization_id=r.organization_id).order_by("-year").first()
    assert found[r.organization_id]["stars"].text == f"{latest.level}★"


def test_the_tree_shows_levels_and_filters_by_level(demo, client_for):
    c, _r = _known(demo)
    client = client_for("township")
    page = client.get("/org/").content.decode()
    assert 'data-status="level"' in page and 'data-status="stars"' in page
    filtered = client.get(f"/org/?level={c.final_level}").content.decode()
    others = Classification.objects.filter(organization__path__startswith=demo.township.path).exclude(
        final_level=c.final_level).exclude(final_level="").exclude(organization__classifications__final_level=c.final_level)
    assert c.organization.name in filtered
    for other in others:
        if other.organization.kind == "branch" and not other.organization.children.exists():
            assert f">{other.organization.name}<" not in filtered


def test_the_board_filters_by_stars_and_prints_on_one_page(demo, client_for):
    _c, r = _known(demo)
    latest = StarRating.objects.filter(organization_id=r.organization_id).order_by("-year").first()
    client = client_for("township")
    page = client.get(f"/reports/board/{demo.township.pk}/?stars={latest.level}").content.decode()
    assert r.organization.name in page
    stars = statuses_for([o for o in demo.township.__class__.objects.filter(path__startswith=demo.township.path)
                          .values_list("pk", flat=True)])
    for pk, values in stars.items():
        if "stars" in values and values["stars"].value != str(latest.level):
            name = demo.township.__class__.objects.get(pk=pk).name
            assert f">{name}</a>" not in page
    pdf = client.get(f"/reports/board/{demo.township.pk}/board.pdf")
    reader = PdfReader(io.BytesIO(pdf.content))
    assert len(reader.pages) == 1 and demo.township.name in reader.pages[0].extract_text()
