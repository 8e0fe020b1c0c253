"""Finding things (issue #19): one campaign switcher on every per-campaign list, keeping the other query
parameters; a new campaign's form starts from last year's dates; the campaign page says what comes next."""
from __future__ import annotations

import datetime
import html
import re

import pytest

from campaigns.models import Campaign
from campaigns.rules import shift_year


def _next_year(demo) -> Campaign:
    y = demo.ctx.year + 1
    return Campaign.objects.create(
        year=y, name=f"{y}年度晋安县基层党组织“三分类三升级”", scope=demo.county, ruleset=demo.ctx.ruleset,
        survey_start=datetime.date(y, 3, 1), survey_due=datetime.date(y, 3, 31),
        classification_due=datetime.date(y, 4, 30), upgrade_due=datetime.date(y, 11, 30),
        summary_due=datetime.date(y, 12, 31))


def _switcher(page: str) -> str:
    match = re.search(r'<form[^>]*data-testid="campaign-switcher".*?</form>', page, re.S)
    assert match, "the page has the campaign switcher"
    return html.unescape(match.group(0))


@pytest.mark.parametrize("url", ["/surveys/", "/ratings/classification/", "/upgrades/", "/upgrades/rates/",
                                 "/ratings/stars/applications/"])
def test_every_per_campaign_list_offers_both_years_and_marks_the_one_shown(demo, client_for, url):
    later = _next_year(demo)
    switcher = _switcher(client_for("township").get(f"{url}?campaign={later.pk}").content.decode())
    assert f'<option value="{later.pk}" selected>{later.name}</option>' in switcher
    assert f'<option value="{demo.ctx.campaign.pk}">{demo.ctx.campaign.name}</option>' in switcher


def test_switching_keeps_the_other_filters_and_starts_again_at_page_one(demo, client_for):
    _next_year(demo)
    switcher = _switcher(client_for("township").get("/ratings/classification/?domain=village&status=step1&page=2").content.decode())
    assert '<input type="hidden" name="domain" value="village">' in switcher
    assert '<input type="hidden" name="status" value="step1">' in switcher
    assert 'name="page"' not in switcher and 'type="hidden" name="campaign"' not in switcher


def test_a_new_campaign_starts_from_last_years_dates_one_year_on(demo, client_for):
    last = demo.ctx.campaign
    form = client_for("county").get("/campaigns/new/").context["form"]
    assert form.initial["year"] == last.year + 1
    assert form.initial["name"] == last.name.replace(str(last.year), str(last.year + 1))
    assert form.initial["ruleset"] == last.ruleset_id and form.initial["scope"] == last.scope_id
    assert form.initial["survey_due"] == datetime.date(last.year + 1, last.survey_due.month, last.survey_due.day)
    assert form.initial["summary_due"] == shift_year(last.summary_due)


def test_29_february_moves_to_28_february_in_a_common_year():
    assert shift_year(datetime.date(2028, 2, 29)) == datetime.date(2029, 2, 28)
    assert shift_year(datetime.date(2027, 3, 31)) == datetime.date(2028, 3, 31)


def test_the_campaign_page_links_the_next_steps_of_the_cycle_for_that_campaign(demo, client_for):
    c = demo.ctx.campaign
    page = client_for("township").get(f"/campaigns/{c.pk}/").content.decode()
    assert 'id="next-steps"' in page
    for url in ("/surveys/", "/ratings/classification/", "/upgrades/"):
        assert f'href="{url}?campaign={c.pk}"' in page
    assert page.count("text-bg-primary") >= 1  # the phase that is due next is marked
