"""The public notice shows each score beside its sheet's maximum and the share of it, so sheets of
different templates (35 points, 110 points) can be read side by side."""
from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.urls import reverse

from ratings.stars.models import ScoringSection
from ratings.stars.selectors import notice_applications
from ratings.stars.views_docs import _score_shares


def test_each_score_has_its_maximum_and_share(demo, client):
    apps = [a for a in notice_applications(demo.ctx.campaign) if a.sheet is not None]
    assert apps, "the demo has a proposal under notice with a score sheet"
    _score_shares(apps)
    a = apps[0]
    maximum = ScoringSection.objects.filter(template_id=a.sheet.template_id).aggregate(t=Sum("max_points"))["t"]
    assert a.score_max == maximum
    assert a.score_share == (a.score * 100 / maximum).quantize(Decimal("0.1"))
    html = client.get(reverse("stars:star-notice", args=[demo.ctx.campaign.public_token])).content.decode()
    assert f"得分率 {a.score_share}%" in html
