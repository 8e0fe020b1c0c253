"""The demo county of `make run` / `manage.py seed_demo`: idempotent, fixed logins, a realistic spread."""
from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from organizations.demo import DEMO_PASSWORD, FIXED_LOGINS, demo_logins
from core.demo import seed_demo
from core.models import AuditEvent
from campaigns.models import Campaign
from organizations.models import Organization, OrgRole


def _counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_seeding_twice_changes_nothing(db):
    call_command("seed_demo")
    counts = _counts()
    audit_ids = list(AuditEvent.objects.values_list("pk", flat=True))
    snapshot = list(Organization.objects.order_by("pk").values())
    call_command("seed_demo")
    seed_demo()
    assert _counts() == counts
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == audit_ids
    assert list(Organization.objects.order_by("pk").values()) == snapshot


def test_fixed_logins_exist_with_their_roles_and_the_demo_password(demo):
    for username, _name, org_name, role in FIXED_LOGINS:
        user = get_user_model().objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD) and user.is_active, username
        assert OrgRole.objects.filter(user=user, organization__name=org_name, role=role).exists(), username
    assert [row[0] for row in demo_logins()] == [u for u, *_ in FIXED_LOGINS]
    assert demo.branch.name == "东方村党支部" and demo.branch2.parent == demo.branch.parent == demo.township


def test_every_demo_branch_has_its_own_secretary_login(demo):
    branches = Organization.objects.filter(kind__in=["branch", "general_branch"])
    for org in branches:
        assert OrgRole.objects.filter(organization=org, role="branch_secretary").count() == 1, org.name


def test_about_thirty_branches_across_every_domain_with_small_and_large_ones(demo):
    branches = list(Organization.objects.filter(kind="branch"))
    assert 25 <= len(branches) <= 40
    domains = {o.domain for o in Organization.objects.all()}
    # every domain of docs/rules.md §2 (the public-institution umbrella is used through its sub-kinds)
    assert domains >= {"county", "township", "village", "agri_community", "urban_community", "organ", "school",
                       "health", "culture", "enterprise", "social_org", "remote_edu"}
    assert any(o.member_count < 50 for o in branches) and any(o.member_count >= 50 for o in branches)
    assert Organization.objects.filter(kind="township").count() == 2
    assert Organization.objects.filter(is_county_organ_committee=True).exists()


def test_the_demo_has_a_campaign_for_the_current_year(demo):
    campaign = Campaign.objects.get(year=demo.ctx.year, scope=demo.county)
    assert campaign.ruleset_id == 1


def test_the_login_page_of_a_demo_install_lists_the_demo_logins(client, db, settings):
    settings.DEMO_MODE = True
    html = client.get(reverse("login")).content.decode()
    for username in ("county", "township", "branch", "branch2"):
        assert f"<code>{username}</code>" in html
    assert DEMO_PASSWORD in html


def test_the_login_page_of_a_real_install_lists_no_logins(client, db, settings):
    settings.DEMO_MODE = False
    html = client.get(reverse("login")).content.decode()
    assert "<code>township</code>" not in html and DEMO_PASSWORD not in html
