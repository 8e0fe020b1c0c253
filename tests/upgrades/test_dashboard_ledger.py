"""The upgrade phase's contracts with the ledgers and the dashboard: the ledger columns (constant query
count), the rates panel and the todo items for overdue measures."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.dashboard import panels_for, todo_for
from core.ledger_sources import SOURCES, LedgerContext, autodiscover
from organizations.models import Organization

pytestmark = pytest.mark.django_db


def _ctx(campaign) -> LedgerContext:
    return LedgerContext(year=campaign.year, scope_path=campaign.scope.path, campaign_id=campaign.pk,
                         ruleset_id=campaign.ruleset_id)


def _values(demo, orgs):
    autodiscover()
    return SOURCES["upgrades"].values(orgs, _ctx(demo.ctx.campaign))


def test_the_ledger_gives_target_measures_year_end_level_and_change(demo):
    orgs = list(Organization.objects.filter(pk__in=[demo.branch2.pk, demo.org("新塘村党支部").pk]))
    values = _values(demo, orgs)
    assert values[demo.branch2.pk]["target_level"] == "先进"
    assert values[demo.branch2.pk]["measures"] == "1/3"
    assert values[demo.branch2.pk]["yearend_level"] is None
    new = values[demo.org("新塘村党支部").pk]
    assert new["yearend_level"] is not None and new["change"] is not None  # lagging → average: up


def test_the_ledger_costs_the_same_queries_for_two_or_all_organisations(demo):
    autodiscover()
    few = list(Organization.objects.filter(kind="branch")[:2])
    many = list(Organization.objects.filter(kind="branch"))
    with CaptureQueriesContext(connection) as small:
        SOURCES["upgrades"].values(few, _ctx(demo.ctx.campaign))
    with CaptureQueriesContext(connection) as large:
        SOURCES["upgrades"].values(many, _ctx(demo.ctx.campaign))
    assert len(small) == len(large)


def test_the_rates_panel_shows_the_township_its_rates_with_links_and_nothing_to_a_branch(demo):
    panels = [p for p in panels_for(demo.users["township"], {"campaign": demo.ctx.campaign})
              if p.template == "upgrades/_rates_panel.html"]
    assert len(panels) == 1
    rows = panels[0].context["rate_rows"]
    assert {r.key for r in rows} >= {"upgrade", "transformation", "improvement"}
    assert all(r.url.startswith("/upgrades/rates/orgs/") for r in rows)
    assert not [p for p in panels_for(demo.users["branch2"], {"campaign": demo.ctx.campaign})
                if p.template == "upgrades/_rates_panel.html"]


def test_overdue_measures_are_flagged_to_the_branch_and_to_its_superior(demo):
    # the demo's approved commitment of 红旗村 has one measure 20 days overdue; make it not done
    from upgrades.models import Measure

    c = demo.ctx.extra["upgrades.commitments"]["approved"]
    Measure.objects.filter(commitment=c).update(status="planned")
    branch_items = todo_for(demo.users["branch2"], {"campaign": demo.ctx.campaign})
    assert any(i.level == "danger" and "/upgrades/c/" in i.url for i in branch_items)
    town_items = todo_for(demo.users["township"], {"campaign": demo.ctx.campaign})
    assert any(i.level == "danger" and "overdue=1" in i.url for i in town_items)
    assert any("state=submitted" in i.url for i in town_items)
    assert not any(f"/upgrades/c/{c.pk}/" in i.url for i in todo_for(demo.users["branch"], {"campaign": demo.ctx.campaign}))


def test_the_rates_panel_on_the_dashboard_page_shows_its_rows_and_links_the_campaign(demo, client_for):
    from django.urls import reverse

    html = client_for("township").get(reverse("reports:dashboard"), {"year": demo.ctx.campaign.year}).content.decode()
    assert f"/upgrades/rates/?campaign={demo.ctx.campaign.pk}" in html
    assert "campaign=\"" not in html and "?campaign=<" not in html
    assert "/upgrades/rates/orgs/" in html  # the rows are there, each number a link
