"""The rates page counts in SQL, per township and start level (``rates_grouped``): its numbers are the
numbers of the per-organisation computation (``rates_computed``, which the drill-down lists use), for the
county and a township, with honours, year-ends and last year's levels in play."""
from __future__ import annotations

import datetime

from campaigns.models import Campaign
from organizations.models import Organization
from upgrades.models import Honour, YearEnd
from upgrades.selectors import rates_computed, rates_for, rates_grouped


def _numbers(computed) -> list[tuple]:
    return [(scope.pk, r.key, r.numerator, r.denominator, r.rate, r.meets_target) for scope, rates in computed for r in rates]


def _vary(demo) -> None:
    """Honours before and in the year, year-end levels and stars, last year's final levels."""
    campaign = demo.ctx.campaign
    branches = list(Organization.objects.filter(path__startswith=demo.county.path, kind="branch").order_by("path"))
    last, _ = Campaign.objects.get_or_create(year=campaign.year - 1, scope=campaign.scope, defaults=dict(
        ruleset=campaign.ruleset, name="去年", survey_start=datetime.date(campaign.year - 1, 3, 1),
        survey_due=datetime.date(campaign.year - 1, 3, 31), classification_due=datetime.date(campaign.year - 1, 4, 30),
        upgrade_due=datetime.date(campaign.year - 1, 11, 30), summary_due=datetime.date(campaign.year - 1, 12, 31)))
    levels = ["advanced", "average", "lagging"]
    for i, org in enumerate(branches):
        if not YearEnd.objects.filter(campaign=last, organization=org).exists():
            YearEnd.objects.create(campaign=last, organization=org, final_level=levels[i % 3], final_stars=1 + i % 5)
        if i % 4 == 0 and not YearEnd.objects.filter(campaign=campaign, organization=org).exists():
            YearEnd.objects.create(campaign=campaign, organization=org, final_level=levels[(i + 1) % 3], final_stars=1 + (i * 2) % 5)
        if i % 3 == 0:
            Honour.objects.create(organization=org, year=campaign.year, level=["county", "city", "province"][i % 3])
        if i % 5 == 0:
            Honour.objects.create(organization=org, year=campaign.year - 2, level="county")


def test_grouped_rates_equal_the_rates_of_each_organisation(demo):
    _vary(demo)
    campaign = demo.ctx.campaign
    for user in ("county", "township", "township2"):
        per_org, _data = rates_computed(demo.users[user], campaign)
        assert _numbers(rates_grouped(demo.users[user], campaign)) == _numbers(per_org), user
    assert any(r.numerator for r in rates_for(demo.users["county"], campaign))  # the variation shows in the numbers


def test_grouped_rates_with_star_goals_and_every_domain_counted(demo):
    campaign = demo.ctx.campaign
    ruleset = campaign.ruleset
    ruleset.values = {**(ruleset.values or {}), "star_goal_3plus": 80, "star_goal_5": 20, "upgrade_rate_scope": "all",
                      "upgrade_counts": "rerating"}
    ruleset.save(update_fields=["values"])
    _vary(demo)
    for user in ("county", "township", "township2"):
        per_org, _data = rates_computed(demo.users[user], campaign)
        grouped = _numbers(rates_grouped(demo.users[user], campaign))
        assert grouped == _numbers(per_org), user
    assert {"stars_3plus", "stars_5"} <= {key for _pk, key, *_rest in grouped}
