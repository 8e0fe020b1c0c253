"""The self-rating weighs the last three years [seed 000 §三(二)3 "基层党组织领导班子结合群众代表大会初评、党员大会
评议结果以及近三年的工作业绩和年终考核情况,自评分类级次"]: the page shows them beside steps 1-2."""
from __future__ import annotations

import pytest
from django.urls import reverse

from ratings.classification.models import Classification
from ratings.classification.selectors import past_years

pytestmark = pytest.mark.django_db


def test_the_self_rating_page_shows_the_last_three_years(demo, client_for):
    org = demo.org("金星村第一党支部")  # at step 3 in the demo; last year re-rated 一般 at the year-end
    c = Classification.objects.get(campaign=demo.ctx.campaign, organization=org)
    assert c.state == "step3"
    past = past_years(org, demo.ctx.year)
    assert [p.year for p in past] == [demo.ctx.year - 1, demo.ctx.year - 2, demo.ctx.year - 3]
    assert past[0].yearend_level == "一般"
    page = client_for("township").get(reverse("classification:classification-self-rate", args=[c.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and 'id="past-years"' in html
    assert f'data-year="{demo.ctx.year - 1}"' in html and f'data-year="{demo.ctx.year - 3}"' in html
