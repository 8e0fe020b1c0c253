"""County accounts are managed in the app by a county administrator; the first one comes from the
management command `create_county_admin` that README names (docs/rules.md §1)."""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.http import Http404

from organizations import services
from organizations.models import Organization, OrgRole
from organizations.scope import forget_grants

pytestmark = pytest.mark.django_db
PASSWORD = "Jinwei-admin-2026!"


def test_the_command_creates_the_county_root_and_its_first_administrator(db, monkeypatch):
    monkeypatch.setenv("JINWEI_ADMIN_PASSWORD", PASSWORD)
    call_command("create_county_admin", county="新安县委组织部", username="admin", full_name="张管理")
    root = Organization.objects.get(parent=None, name="新安县委组织部")
    assert root.kind == "county"
    grant = OrgRole.objects.get(user__username="admin")
    assert grant.organization == root and grant.role == "county_admin"
    assert get_user_model().objects.get(username="admin").check_password(PASSWORD)
    with pytest.raises(CommandError):  # the login name is taken
        call_command("create_county_admin", county="新安县委组织部", username="admin")


def test_a_weak_password_is_refused_and_nothing_is_created(db, monkeypatch):
    monkeypatch.setenv("JINWEI_ADMIN_PASSWORD", "123")
    with pytest.raises(CommandError):
        call_command("create_county_admin", county="新安县委组织部", username="admin")
    assert not Organization.objects.filter(name="新安县委组织部").exists()


def test_the_administrator_creates_county_reviewers_and_nobody_else_may(demo, client_for, monkeypatch):
    monkeypatch.setenv("JINWEI_ADMIN_PASSWORD", PASSWORD)
    call_command("create_county_admin", county=demo.county.name, username="admin")
    admin = get_user_model().objects.get(username="admin")
    reviewer = services.user_create_with_role(actor=admin, username="reviewer2", full_name="李审核", password=PASSWORD,
                                              organization=demo.county, role="county_reviewer")
    assert OrgRole.objects.filter(user=reviewer, organization=demo.county, role="county_reviewer").exists()
    with pytest.raises(ValidationError):  # county roles belong on the county, not on a township
        services.user_create_with_role(actor=admin, username="r3", full_name="x", password=PASSWORD,
                                       organization=demo.township, role="county_reviewer")
    with pytest.raises(Http404):  # a county reviewer does not create county accounts
        services.user_create_with_role(actor=demo.users["county"], username="r4", full_name="x", password=PASSWORD,
                                       organization=demo.county, role="county_reviewer")
    forget_grants(admin)
    # the page: the county appears as a target and a reviewer is created through it
    client = client_for("township")
    assert client.get("/org/accounts/new/").status_code == 200
    from django.test import Client

    c = Client()
    c.force_login(admin)
    page = c.get("/org/accounts/new/")
    assert page.status_code == 200 and demo.county.name in page.content.decode()
