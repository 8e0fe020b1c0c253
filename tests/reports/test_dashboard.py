"""The statistics dashboard: every number links to the organisations behind it, the list exports to xlsx
with typed cells, scope is respected, registered panels are shown, the query count does not grow."""
from __future__ import annotations

import io
import re
from html import unescape

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core import dashboard as core_dashboard
from organizations.models import Organization
from ratings.classification.models import Classification
from ratings.stars.models import StarRating
from reports.ledgers import LEDGER_KINDS


def _branches(root):
    return Organization.objects.filter(path__startswith=root.path, is_active=True, kind__in=LEDGER_KINDS)


def _links(html: str) -> dict[str, str]:
    """{url: number} of every linked number on the page."""
    return {unescape(href): text for href, text in re.findall(r'<a href="([^"]*organisations/\?[^"]*)" class="jw-num">(\d+)</a>', html)}


def _list_names(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return re.findall(r'<td><a href="/org/\d+/">([^<]+)</a></td>', response.content.decode())


def test_every_number_on_the_county_dashboard_counts_the_organisations_of_its_list(demo, client_for):
    client = client_for("county")
    html = client.get(reverse("reports:dashboard")).content.decode()
    links = _links(html)
    assert len(links) > 10
    for url, number in links.items():
        assert len(_list_names(client, url)) == int(number), url


def test_level_and_star_numbers_match_the_database(demo, client_for):
    client = client_for("county")
    year = timezone.localdate().year
    confirmed = Classification.objects.filter(campaign__year=year, state="confirmed").select_related("organization")
    c = confirmed.first()
    names = _list_names(client, f"{reverse('reports:org-list')}?domain={c.organization.domain}&level={c.final_level}")
    assert c.organization.name in names
    four = set(StarRating.objects.filter(year=year, level=4).values_list("organization__name", flat=True))
    assert four and set(_list_names(client, f"{reverse('reports:org-list')}?stars=4")) == four
    started = set(Classification.objects.filter(campaign__year=year).values_list("organization_id", flat=True))
    not_started = {o.name for o in _branches(demo.county) if o.pk not in started}
    assert set(_list_names(client, f"{reverse('reports:org-list')}?state=not_started")) == not_started


def test_township_dashboard_and_lists_stay_inside_the_township(demo, client_for):
    client = client_for("township")
    html = client.get(reverse("reports:dashboard")).content.decode()
    assert demo.township.name in html and demo.township2.name not in html
    names = set(_list_names(client, reverse("reports:org-list")))
    assert names == {o.name for o in _branches(demo.township)}
    branch_names = _list_names(client_for("branch"), reverse("reports:org-list"))
    assert branch_names == [demo.branch.name]
    assert _list_names(client_for("outsider"), reverse("reports:org-list")) == []


def test_export_has_the_rows_of_the_list_with_typed_cells(demo, client_for):
    client = client_for("county")
    response = client.get(reverse("reports:org-export") + "?domain=village")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    villages = list(_branches(demo.county).filter(domain="village").order_by("path"))
    assert [r[0] for r in rows] == [o.name for o in villages]
    assert all(isinstance(r[3], int) for r in rows)
    rated = [r for r in rows if r[7] is not None]
    assert rated and all(isinstance(r[7], int) for r in rated)


def test_registered_panels_are_shown(demo, client_for, monkeypatch):
    seen = {}

    def provider(user, context):
        seen.update(context)
        return [core_dashboard.Panel(title="目标完成率（测试面板）", template="reports/dashboard/_num.html",
                                     context={}, order=10)]

    monkeypatch.setattr(core_dashboard, "PANEL_PROVIDERS", [provider])
    html = client_for("township").get(reverse("reports:dashboard")).content.decode()
    assert "目标完成率（测试面板）" in html
    assert seen["root"] == demo.township and seen["campaign"] is not None


def test_dashboard_costs_the_same_queries_for_a_township_and_the_county(demo, client_for):
    counts = []
    for who in ("township", "county"):
        client = client_for(who)
        client.get(reverse("reports:dashboard"))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("reports:dashboard")).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_last_years_dashboard_counts_last_years_stars_and_its_links_keep_the_year(demo, client_for):
    year = timezone.localdate().year - 1
    client = client_for("county")
    html = client.get(reverse("reports:dashboard") + f"?year={year}").content.decode()
    links = _links(html)
    five = set(StarRating.objects.filter(year=year, level=5).values_list("organization__name", flat=True))
    assert five
    five_links = [url for url in links if "stars=5" in url]
    assert five_links and all(f"year={year}" in url for url in five_links)
    assert {n for url in five_links for n in _list_names(client, url)} == five
    assert client.get(reverse("reports:dashboard") + "?year=abc").status_code == 404
