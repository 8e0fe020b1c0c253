"""The star rule switches in the services: satisfaction cap (邹城), one star up a year unless 破格 (嵊州),
organisations founded this year not rated. Off by default; each switched on in its own rule set."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from campaigns.models import Campaign, RuleSet
from ratings.stars import services as s
from ratings.stars.choices import AppState
from ratings.stars.models import StarApplication, StarRating
from ratings.stars.selectors import suggestion_for

pytestmark = pytest.mark.django_db

#: the demo's 红旗村 sheet suggests more than the levels assessed here; a departure needs a reason (docs/rules.md §8)
WHY = "经实地考核综合评定"


@pytest.fixture(autouse=True)
def english_messages():
    from django.utils import translation

    with translation.override("en"):
        yield


def _switch(demo, **values):
    campaign = demo.ctx.campaign
    campaign.ruleset = RuleSet.objects.create(name="县级做法", values={**campaign.ruleset.values, **values})
    campaign.save()
    return campaign


def _fresh(app):
    """The application as a page reads it, with the switched rule set."""
    return StarApplication.objects.select_related("campaign__ruleset", "sheet__template", "organization").get(pk=app.pk)


def _last_year(demo, org, level):
    """Last year's rating of ``org`` (the demo keeps last year's campaign of the same scope)."""
    c = demo.ctx.campaign
    old = Campaign.objects.get(year=c.year - 1, scope=c.scope)
    StarRating.objects.update_or_create(organization=org, campaign=old,
                                        defaults={"year": old.year, "level": level, "approved_level": level})
    StarRating.objects.filter(organization=org, year__lt=c.year).exclude(campaign=old).delete()


def test_without_the_switch_a_branch_may_rise_two_stars(demo):
    app = demo.ctx.extra["ratings.stars.applications"]["submitted"]  # 红旗村, 3 stars
    _last_year(demo, app.organization, 1)
    app = s.application_assess(actor=demo.users["township"], application=app, level=3, comment="评定三星",
                               departure_reason=WHY)
    assert app.state == AppState.ASSESSED and app.proposed_level == 3


def test_one_star_up_a_year_unless_a_po_ge_reason_is_written_and_approved(demo):
    _switch(demo, star_one_up_per_year=True)
    app = demo.ctx.extra["ratings.stars.applications"]["submitted"]
    _last_year(demo, app.organization, 1)
    with pytest.raises(ValidationError, match="At most 2 stars"):
        s.application_assess(actor=demo.users["township"], application=app, level=3, comment="评定三星",
                             departure_reason=WHY)
    assert suggestion_for(_fresh(app))[1].level == 2  # the rules never suggest a level they forbid: no departure
    app = s.application_assess(actor=demo.users["township"], application=app, level=2, comment="评定二星")
    assert app.state == AppState.ASSESSED and app.proposed_level == 2 and app.departure_reason == ""


def test_a_po_ge_reason_lets_the_level_rise_further_and_is_kept_with_the_decision(demo):
    _switch(demo, star_one_up_per_year=True)
    app = demo.ctx.extra["ratings.stars.applications"]["submitted"]
    _last_year(demo, app.organization, 1)
    app = s.application_assess(actor=demo.users["township"], application=app, level=3, comment="评定三星",
                               exception_reason="获省级先进基层党组织表彰", departure_reason=WHY)
    assert app.exception_reason == "获省级先进基层党组织表彰"
    assert "获省级先进基层党组织表彰" in app.approvals.last().comment
    app = s.application_approve(actor=demo.users["county"], application=app)
    assert app.state == AppState.APPROVED and app.final_level == 3


def test_the_satisfaction_rate_is_read_from_the_branch_survey(demo):
    from ratings.stars.selectors import survey_satisfaction
    from surveys.models import SurveyRound
    from surveys.selectors import overall_satisfaction

    app = demo.ctx.extra["ratings.stars.applications"]["submitted"]
    rounds = list(SurveyRound.objects.filter(organization=app.organization, campaign=app.campaign).order_by("-pk"))
    expected = overall_satisfaction([r.pk for r in rounds], count_basic=True)
    assert survey_satisfaction(app.organization, app.campaign) == next(v for r in rounds if (v := expected[r.pk]) is not None)


def test_low_survey_satisfaction_caps_the_level(demo, monkeypatch):
    from decimal import Decimal

    from ratings.stars import selectors

    _switch(demo, star_satisfaction_cap=True, star_satisfaction_min_percent="80", star_satisfaction_cap_level=2)
    app = demo.ctx.extra["ratings.stars.applications"]["submitted"]
    monkeypatch.setattr(selectors, "survey_satisfaction", lambda org, campaign: Decimal("55.0"))
    with pytest.raises(ValidationError, match="satisfaction rate is below"):
        s.application_assess(actor=demo.users["township"], application=app, level=3, comment="评定三星",
                             departure_reason=WHY)
    _total, suggestion = suggestion_for(_fresh(app))
    assert suggestion.level == 2 and "satisfaction" in suggestion.reasons  # the cap is what the rules suggest
    app = s.application_assess(actor=demo.users["township"], application=app, level=2, comment="评定二星")
    assert app.proposed_level == 2 and app.departure_reason == ""
    monkeypatch.setattr(selectors, "survey_satisfaction", lambda org, campaign: Decimal("80.0"))


def test_an_organisation_founded_this_year_cannot_apply(demo):
    _switch(demo, star_skip_founded_this_year=True)
    org = demo.branch
    org.founded_on = datetime.date(demo.ctx.campaign.year, 3, 1)
    org.save()
    with pytest.raises(ValidationError, match="founded this year"):
        s.application_create(actor=demo.users["branch"], organization=org, campaign=demo.ctx.campaign, requested_level=2)
    org.founded_on = datetime.date(demo.ctx.campaign.year - 1, 3, 1)
    org.save()
    assert s.application_create(actor=demo.users["branch"], organization=org, campaign=demo.ctx.campaign, requested_level=2)
