"""Quota what-if: on the decision page the quota table follows the level the reviewer picks (htmx),
before anything is submitted, and nothing is saved by asking."""
from __future__ import annotations

import pytest

from campaigns.models import RuleSet
from ratings.stars.models import StarApplication

pytestmark = pytest.mark.django_db


def _quotas_on(demo):
    campaign = demo.ctx.campaign
    campaign.ruleset = RuleSet.objects.create(name="限额", values={**campaign.ruleset.values, "star_quota_enabled": True})
    campaign.save()
    return demo.ctx.extra["ratings.stars.applications"]["submitted"]


def _count_cell(html: str, band: str) -> int:
    import re

    label = "二星及以下" if band == "low" else f"{band}★"
    row = re.search(rf"<td>{re.escape(label)}</td>(.*?)</tr>", html, re.S)
    return int(re.findall(r'<td class="text-end">([^<]*)</td>', row.group(1))[2])


def test_the_decision_page_carries_the_table_and_the_htmx_marks_on_the_level(demo, client_for):
    app = _quotas_on(demo)
    page = client_for("township").get(f"/ratings/stars/applications/{app.pk}/assess/").content.decode()
    assert 'id="quota-whatif"' in page
    assert f'hx-get="/ratings/stars/applications/{app.pk}/quota-whatif/"' in page and 'hx-trigger="change"' in page


def test_picking_a_level_recounts_that_band_and_saves_nothing(demo, client_for):
    app = _quotas_on(demo)
    client = client_for("township")
    five = client.get(f"/ratings/stars/applications/{app.pk}/quota-whatif/?level=5").content.decode()
    three = client.get(f"/ratings/stars/applications/{app.pk}/quota-whatif/?level=3").content.decode()
    assert _count_cell(five, "5") == _count_cell(three, "5") + 1
    assert _count_cell(three, "3") == _count_cell(five, "3") + 1
    assert StarApplication.objects.get(pk=app.pk).proposed_level == app.proposed_level


def test_without_quotas_there_is_no_what_if(demo, client_for):
    app = demo.ctx.extra["ratings.stars.applications"]["submitted"]
    client = client_for("township")
    assert client.get(f"/ratings/stars/applications/{app.pk}/quota-whatif/?level=3").status_code == 404
    assert 'id="quota-whatif"' not in client.get(f"/ratings/stars/applications/{app.pk}/assess/").content.decode()


def test_a_bad_level_is_not_found(demo, client_for):
    app = _quotas_on(demo)
    assert client_for("township").get(f"/ratings/stars/applications/{app.pk}/quota-whatif/?level=9").status_code == 404
