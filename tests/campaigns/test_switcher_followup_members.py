"""The one campaign switcher ({% campaign_switcher %}) on the per-campaign lists of members and followup:
it offers both years, marks the one shown and keeps the other query parameters."""
from __future__ import annotations

import pytest
from django.urls import reverse

from .test_finding_things import _next_year, _switcher

pytestmark = pytest.mark.django_db

LISTS = ["members:home", "followup:case-list", "followup:pledge-list", "followup:agreement-list", "followup:alerts"]


@pytest.mark.parametrize("name", LISTS)
def test_the_switcher_is_on_the_list_and_keeps_other_parameters(demo, client_for, name):
    later = _next_year(demo)
    response = client_for("township").get(f"{reverse(name)}?campaign={later.pk}&q=红旗&page=2")
    assert response.status_code == 200
    switcher = _switcher(response.content.decode())
    assert f'<option value="{later.pk}" selected>{later.name}</option>' in switcher
    assert f'<option value="{demo.ctx.campaign.pk}">{demo.ctx.campaign.name}</option>' in switcher
    assert '<input type="hidden" name="q" value="红旗">' in switcher
    assert 'name="page"' not in switcher and 'type="hidden" name="campaign"' not in switcher
