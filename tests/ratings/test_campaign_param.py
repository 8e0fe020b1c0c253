"""Ratings' pages read ?campaign= through the one resolver (campaigns.selectors.campaign_for_request):
a malformed or foreign campaign is a 404, never a 500, and no campaign means this year's closest one."""
from __future__ import annotations

import pytest
from django.urls import reverse

PAGES = ["classification:classification-overview", "stars:stars-home", "stars:sheet-list",
         "stars:application-list", "stars:star-quota"]


@pytest.mark.parametrize("url_name", PAGES)
@pytest.mark.parametrize("raw", ["abc", "-1", "99999999"])
def test_a_bad_campaign_parameter_is_a_404_not_a_500(demo, client_for, url_name, raw):
    response = client_for("township").get(reverse(url_name) + f"?campaign={raw}")
    assert response.status_code == 404


@pytest.mark.parametrize("url_name", PAGES)
def test_the_campaign_named_or_the_current_one_is_shown(demo, client_for, url_name):
    client = client_for("township")
    assert client.get(reverse(url_name)).status_code == 200
    assert client.get(reverse(url_name) + f"?campaign={demo.ctx.campaign.pk}").status_code == 200
