"""Dynamic alerts read from the demo county's history, on the pages and the dashboard (docs/rules.md §9)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup.selectors import alerts, worst_alerts
from tests.test_query_counts import grow

pytestmark = pytest.mark.django_db


def _by_org(rows):
    out = {}
    for r in rows:
        out.setdefault(r.org.name, set()).add(r.alert.kind)
    return out


def test_the_demo_history_gives_the_expected_alerts(demo):
    found = _by_org(alerts(demo.users["county"], demo.ctx.campaign))
    assert {"lagging_running", "low_stars_running", "stars_lowered", "case_overdue"} <= found["河湾村党支部"]
    assert "low_stars_running" in found["柳河村党支部"]  # 2 stars in 2025 and 2026
    assert "新塘村党支部" not in found or "lagging_running" not in found["新塘村党支部"]  # re-rated average this year


def test_the_panel_shows_the_organisations_with_most_alerts_of_the_full_list(demo):
    """``worst_alerts`` (the dashboard panel, no model instance per organisation) agrees with ``alerts``."""
    for user in ("county", "township"):
        rows = alerts(demo.users[user], demo.ctx.campaign)
        by_org = {}
        for r in rows:
            by_org.setdefault(r.org.pk, (r.org, []))[1].append(r.alert)
        expected = sorted(by_org.values(), key=lambda item: (-len(item[1]), item[0].path))
        worst, n_alerted = worst_alerts(demo.users[user], demo.ctx.campaign, 2)
        assert n_alerted == len(by_org)
        assert user != "county" or n_alerted >= 2  # the county's demo history has alerts: the comparison is not empty
        assert [(org.pk, found) for org, found in worst] == [(org.pk, found) for org, found in expected[:2]]


def test_alerts_stay_inside_the_scope(demo):
    found = _by_org(alerts(demo.users["township"], demo.ctx.campaign))
    assert "河湾村党支部" not in found and "柳河村党支部" not in found
    assert _by_org(alerts(demo.users["branch"], demo.ctx.campaign)).keys() <= {"东方村党支部"}


def test_a_threshold_in_the_rule_set_changes_the_alerts(demo):
    rs = demo.ctx.campaign.ruleset
    rs.values = {**(rs.values or {}), "alert_lagging_years": 3, "alert_star_drop": False}
    rs.save()
    found = _by_org(alerts(demo.users["county"], demo.ctx.campaign))
    assert "lagging_running" not in found.get("河湾村党支部", set())
    assert "stars_lowered" not in found.get("柳河村党支部", set())


def test_the_dashboard_shows_cases_and_alerts_linking_to_the_organisation(demo, client_for):
    html = client_for("county").get(reverse("reports:dashboard")).content.decode()
    assert reverse("organizations:org-detail", args=[demo.org("河湾村党支部").pk]) in html
    assert reverse("followup:case-list") in html
    html = client_for("township2").get(reverse("followup:alerts")).content.decode()
    assert "河湾村党支部" in html and 'data-alert="case_overdue"' in html


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("actor,url_name", [("county", "followup:alerts"), ("township", "followup:case-list"),
                                            ("county", "followup:case-list"), ("township", "reports:dashboard"), ("township", "campaigns:dashboard")])
def test_pages_cost_the_same_queries_at_40_and_800_organisations(demo, client_for, actor, url_name):
    client = client_for(actor)
    url = reverse(url_name)
    grow(demo, 40 - 33)  # the demo county has 33 organisations
    small = _count(client, url)
    grow_more = 800 - 40
    from organizations.models import Organization

    before = Organization.objects.count()
    _grow_named(demo, grow_more)
    assert Organization.objects.count() == before + grow_more
    assert _count(client, url) == small


def _grow_named(demo, n):
    """grow() names its branches 扩展村NNN; a second batch needs other names and logins."""
    from django.contrib.auth import get_user_model

    from organizations.models import Organization, OrgRole, make_path

    Organization.objects.bulk_create([Organization(parent=demo.township if i % 2 == 0 else demo.township2, name=f"增补村{i:04d}党支部",
                                                   kind="branch", domain="village", member_count=30) for i in range(n)])
    created = list(Organization.objects.filter(name__startswith="增补村").select_related("parent"))
    for org in created:
        org.path, org.depth = make_path(org.parent.path, org.pk), org.parent.depth + 1
    Organization.objects.bulk_update(created, ["path", "depth"])
    User = get_user_model()
    User.objects.bulk_create([User(username=f"zb{i:04d}", password="!") for i in range(n)])
    users = {u.username: u for u in User.objects.filter(username__startswith="zb")}
    OrgRole.objects.bulk_create([OrgRole(user=users[f"zb{o.name[3:7]}"], organization=o, role="branch_secretary") for o in created])


def _expected(user, campaign):
    by_org = {}
    for r in alerts(user, campaign):
        by_org.setdefault(r.org.pk, (r.org, []))[1].append(r.alert)
    return sorted(by_org.values(), key=lambda item: (-len(item[1]), item[0].path))


@pytest.mark.parametrize("values", [
    {}, {"alert_lagging_years": 1}, {"alert_lagging_years": 0}, {"alert_low_stars": 4, "alert_low_stars_years": 1},
    {"alert_low_stars_years": 3}, {"alert_star_drop": False}, {"alert_measure_overdue_days": 0},
])
def test_the_database_decides_the_same_alerts_as_the_rules_whatever_the_settings(demo, values):
    """Every organisation's alerts as the panel's single statement decides them (all of them, not only the
    top) equal ``rules.alerts_for``'s, with the rule set's thresholds changed."""
    rs = demo.ctx.campaign.ruleset
    rs.values = {**(rs.values or {}), **values}
    rs.save()
    for user in ("county", "township", "township2", "branch"):
        expected = _expected(demo.users[user], demo.ctx.campaign)
        worst, n_alerted = worst_alerts(demo.users[user], demo.ctx.campaign, 1000)
        assert n_alerted == len(expected)
        assert [(org.pk, found) for org, found in worst] == [(org.pk, found) for org, found in expected]


def test_nested_campaigns_of_one_year_give_the_same_alerts(demo):
    """A township's own campaign in the county campaign's year: the history's rows of that year are grouped
    per organisation, and the alerts stay those of the rules."""
    import datetime

    from campaigns.models import Campaign

    y = demo.ctx.year
    Campaign.objects.create(year=y, name="柳河镇同年", scope=demo.township2, ruleset=demo.ctx.ruleset,
                            survey_start=datetime.date(y, 3, 1), survey_due=datetime.date(y, 3, 31),
                            classification_due=datetime.date(y, 4, 30), upgrade_due=datetime.date(y, 11, 30),
                            summary_due=datetime.date(y, 12, 31))
    expected = _expected(demo.users["county"], demo.ctx.campaign)
    worst, n_alerted = worst_alerts(demo.users["county"], demo.ctx.campaign, 1000)
    assert n_alerted == len(expected) >= 2
    assert [(org.pk, found) for org, found in worst] == [(org.pk, found) for org, found in expected]


def test_the_panel_reads_the_alerts_in_a_constant_number_of_queries(demo):
    with CaptureQueriesContext(connection) as few:
        worst_alerts(demo.users["county"], demo.ctx.campaign, 5)
    assert len(few) <= 4  # the campaigns, the statement, the shown organisations (and the rule set)
