"""The one resolver of "which campaign does this request mean" (campaigns.selectors.campaign_for_request)."""
from __future__ import annotations

import datetime

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from campaigns.models import Campaign
from campaigns.selectors import campaign_for_request


def _request(user, query: str = ""):
    request = RequestFactory().get("/" + query)
    request.user = user
    return request


def _township_campaign(demo) -> Campaign:
    y = demo.ctx.year + 1
    return Campaign.objects.create(
        year=y, name="柳河镇下一年", scope=demo.township2, ruleset=demo.ctx.ruleset,
        survey_start=datetime.date(y, 3, 1), survey_due=datetime.date(y, 3, 31),
        classification_due=datetime.date(y, 4, 30), upgrade_due=datetime.date(y, 11, 30),
        summary_due=datetime.date(y, 12, 31),
    )


def test_without_a_parameter_it_is_this_years_campaign_closest_to_the_user(demo):
    assert campaign_for_request(_request(demo.users["branch"])) == demo.ctx.campaign


@pytest.mark.parametrize("raw", ["abc", "-1", "1.5", "0x10", "9" * 30, "１"])
def test_a_malformed_campaign_parameter_is_a_404_not_a_500(demo, raw):
    with pytest.raises(Http404):
        campaign_for_request(_request(demo.users["township"], f"?campaign={raw}"))


def test_a_campaign_outside_the_users_scope_is_a_404(demo):
    other = _township_campaign(demo)
    assert campaign_for_request(_request(demo.users["township2"], f"?campaign={other.pk}")) == other
    with pytest.raises(Http404):
        campaign_for_request(_request(demo.users["township"], f"?campaign={other.pk}"))


@pytest.mark.parametrize("url_name", ["surveys:round-list", "upgrades:progress"])
@pytest.mark.parametrize("raw", ["abc", "99999999"])
def test_pages_answer_404_for_a_bad_campaign_parameter(demo, client_for, url_name, raw):
    response = client_for("township").get(reverse(url_name) + f"?campaign={raw}")
    assert response.status_code == 404


def test_a_report_kinds_parameter_reads_the_campaign_the_same_way(demo):
    from campaigns.selectors import campaign_from_value
    from surveys.report_kinds import survey_summary_params

    user = demo.users["township"]
    assert campaign_from_value(user, None) == campaign_from_value(user, "") == demo.ctx.campaign
    assert campaign_from_value(user, demo.ctx.campaign.pk) == demo.ctx.campaign
    assert survey_summary_params(user, demo.township, {"campaign": str(demo.ctx.campaign.pk)}) == {"campaign": demo.ctx.campaign.pk}
    assert survey_summary_params(user, demo.township, {}) == {"campaign": demo.ctx.campaign.pk}
    for raw in ("abc", "99999999"):
        with pytest.raises(Http404):
            survey_summary_params(user, demo.township, {"campaign": raw})
