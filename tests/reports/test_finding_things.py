"""Finding things (issue #19): the county's organisation list has a search box by name (django-filter) that
keeps the dashboard's filters, and the download centre requests a ledger of the user's scope."""
from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from reports.models import ReportRun


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _names(page: str) -> list[str]:
    table = page.split('data-testid="org-table"', 1)[1]
    return re.findall(r'<td><a href="/org/\d+/">([^<]+)</a></td>', table)


def test_the_organisation_list_searches_by_name_and_keeps_its_filters(demo, client_for):
    client = client_for("county")
    everyone = _names(client.get("/reports/organisations/?domain=village").content.decode())
    assert "东方村党支部" in everyone and "红旗村党支部" in everyone
    page = client.get("/reports/organisations/?domain=village&name=东方").content.decode()
    assert _names(page) == ["东方村党支部"]
    assert 'value="东方"' in page and '<input type="hidden" name="domain" value="village">' in page
    assert "name=%E4%B8%9C%E6%96%B9" in page  # the export link carries the search


def test_the_export_of_a_searched_list_holds_only_what_was_found(demo, client_for):
    response = client_for("county").get("/reports/organisations/export/?name=红旗")
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    names = [row[0] for row in ws.iter_rows(min_row=3, values_only=True)]
    assert names == ["红旗村党支部"]


def test_the_download_centre_offers_the_ledgers_of_the_users_scope(demo, client_for):
    page = client_for("township").get("/reports/").content.decode()
    form = page.split('id="ledger-request"', 1)[1].split("</form>", 1)[0]
    assert 'value="classification_ledger"' in form and 'value="star_ledger"' in form
    assert f'<option value="{demo.township.pk}">{demo.township.name}</option>' in form
    assert f'value="{demo.township2.pk}"' not in form and f'value="{demo.county.pk}"' not in form
    assert 'id="ledger-request"' not in client_for("branch").get("/reports/").content.decode()


def test_a_ledger_requested_there_is_queued_for_the_year_chosen(demo, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("township").post("/reports/request/", {
            "kind": "classification_ledger", "organization": demo.township.pk, "year": demo.ctx.year, "fmt": "xlsx"})
    assert response.status_code == 302
    run = ReportRun.objects.get(kind="classification_ledger", organization=demo.township)
    assert run.params == {"year": demo.ctx.year} and run.requested_by == demo.users["township"]
