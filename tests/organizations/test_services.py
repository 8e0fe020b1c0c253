"""Writes to the tree and to accounts: permission, tree rules, and an audit row for every change."""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404

from core.models import AuditEvent
from organizations import services
from organizations.models import Organization, OrgRole, make_path
from organizations.scope import can, forget_grants


def _last_audit(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).order_by("-id").first()


def _create(demo, actor="township", parent=None, name="新村党支部", kind="branch", domain="village", **extra):
    return services.organization_create(actor=demo.users[actor], parent=parent or demo.township, name=name,
                                        kind=kind, domain=domain, **extra)


def test_create_sets_the_path_under_the_parent_and_writes_an_audit_row(demo):
    org = _create(demo, member_count=12, reason="新建村")
    assert org.path == make_path(demo.township.path, org.pk)
    assert org.depth == demo.township.depth + 1
    event = _last_audit("organization.create")
    assert event.actor == demo.users["township"] and event.organization == org
    assert event.after["name"] == "新村党支部" and event.after["member_count"] == 12
    assert event.reason == "新建村"


def test_update_records_only_the_changed_fields_before_and_after(demo):
    services.organization_update(actor=demo.users["township"], organization=demo.branch, member_count=40,
                                 secretary_name="陈新", reason="换届")
    event = _last_audit("organization.update")
    assert event.before == {"member_count": 36, "secretary_name": "陈立新"}
    assert event.after == {"member_count": 40, "secretary_name": "陈新"}
    assert event.reason == "换届" and event.actor_name


def test_update_without_a_change_writes_no_audit_row(demo):
    before = AuditEvent.objects.count()
    services.organization_update(actor=demo.users["township"], organization=demo.branch, member_count=36)
    assert AuditEvent.objects.count() == before


def test_move_re_roots_the_whole_subtree(demo):
    general = demo.org("金星村党总支")
    first = demo.org("金星村第一党支部")
    target = _create(demo, name="金星片区党委", kind="committee", domain="village")
    services.organization_move(actor=demo.users["township"], organization=general, new_parent=target, reason="调整")
    general.refresh_from_db()
    first.refresh_from_db()
    assert general.parent == target
    assert general.path == make_path(target.path, general.pk)
    assert first.path == make_path(general.path, first.pk)
    assert first.depth == general.depth + 1 == target.depth + 2
    event = _last_audit("organization.move")
    assert event.before["parent"] == demo.township.pk and event.after["parent"] == target.pk
    assert event.reason == "调整"


def test_moving_under_its_own_descendant_is_refused(demo):
    general = demo.org("金星村党总支")
    # 金星村党总支 may not stand under its own branch, nor under itself.
    with pytest.raises(ValidationError):
        services.organization_move(actor=demo.users["township"], organization=general,
                                   new_parent=demo.org("金星村第一党支部"), reason="x")
    with pytest.raises(ValidationError):
        services.organization_move(actor=demo.users["township"], organization=general, new_parent=general, reason="x")


def test_moving_a_committee_under_its_own_sub_committee_is_refused(demo):
    outer = _create(demo, name="外层党委", kind="committee", domain="village")
    inner = _create(demo, parent=outer, name="内层党总支", kind="general_branch", domain="village")
    with pytest.raises(ValidationError) as exc:
        services.organization_move(actor=demo.users["township"], organization=outer, new_parent=inner, reason="x")
    assert "new_parent" in exc.value.error_dict
    outer.refresh_from_db()
    assert outer.parent == demo.township


def test_a_branch_cannot_stand_under_a_branch(demo):
    with pytest.raises(ValidationError) as exc:
        _create(demo, parent=demo.branch, name="子支部")
    assert "kind" in exc.value.error_dict
    with pytest.raises(ValidationError):
        services.organization_move(actor=demo.users["township"], organization=demo.branch2, new_parent=demo.branch, reason="x")


def test_a_township_carries_the_township_domain(demo):
    with pytest.raises(ValidationError) as exc:
        services.organization_create(actor=demo.users["county"], parent=demo.county, name="新乡党委",
                                     kind="township", domain="village")
    assert "domain" in exc.value.error_dict


def test_names_are_unique_under_one_parent(demo):
    with pytest.raises(ValidationError):
        _create(demo, name="红旗村党支部")
    same_name_elsewhere = _create(demo, actor="county", parent=demo.township2, name="红旗村党支部")
    assert same_name_elsewhere.parent == demo.township2


def test_moving_next_to_a_namesake_is_refused(demo):
    twin = _create(demo, actor="county", parent=demo.township2, name="东方村党支部")
    with pytest.raises(ValidationError):
        services.organization_move(actor=demo.users["county"], organization=twin, new_parent=demo.township, reason="x")


def test_archive_is_refused_while_active_children_remain(demo):
    with pytest.raises(ValidationError):
        services.organization_archive(actor=demo.users["township"], organization=demo.org("金星村党总支"), reason="合并")


def test_archive_needs_a_reason(demo):
    with pytest.raises(ValidationError):
        services.organization_archive(actor=demo.users["township"], organization=demo.branch, reason="  ")


def test_archive_and_restore_keep_the_history(demo):
    township = demo.users["township"]
    services.organization_archive(actor=township, organization=demo.branch, reason="并入红旗村")
    demo.branch.refresh_from_db()
    assert not demo.branch.is_active and demo.branch.archived_reason == "并入红旗村"
    event = _last_audit("organization.archive")
    assert event.before == {"is_active": True} and event.after == {"is_active": False}
    assert event.reason == "并入红旗村"
    services.organization_restore(actor=township, organization=demo.branch, reason="恢复")
    demo.branch.refresh_from_db()
    assert demo.branch.is_active and demo.branch.archived_reason == ""
    assert list(AuditEvent.objects.filter(organization=demo.branch).values_list("action", flat=True)[:2]) == [
        "organization.restore", "organization.archive"]


def test_a_child_of_an_archived_parent_cannot_be_restored_first(demo):
    township = demo.users["township"]
    first, second = demo.org("金星村第一党支部"), demo.org("金星村第二党支部")
    general = demo.org("金星村党总支")
    for org in (first, second, general):
        services.organization_archive(actor=township, organization=org, reason="撤并")
    with pytest.raises(ValidationError):
        services.organization_restore(actor=township, organization=first)


@pytest.mark.parametrize("write", ["create", "update", "move", "archive"])
def test_a_branch_secretary_may_not_change_the_tree(demo, write):
    branch = demo.users["branch"]
    calls = {
        "create": lambda: services.organization_create(actor=branch, parent=demo.township, name="x", kind="branch", domain="village"),
        "update": lambda: services.organization_update(actor=branch, organization=demo.branch, member_count=1),
        "move": lambda: services.organization_move(actor=branch, organization=demo.branch, new_parent=demo.org("金星村党总支"), reason="x"),
        "archive": lambda: services.organization_archive(actor=branch, organization=demo.branch, reason="x"),
    }
    with pytest.raises(Http404):
        calls[write]()


def test_township_staff_cannot_touch_another_township(demo):
    with pytest.raises(Http404):
        services.organization_update(actor=demo.users["township"], organization=demo.other_township_branch, member_count=1)
    with pytest.raises(Http404):
        services.organization_move(actor=demo.users["township"], organization=demo.branch,
                                   new_parent=demo.township2, reason="x")


# --- Accounts and roles -------------------------------------------------------------------------

def _account(demo, actor, org, role, username="newsec"):
    return services.user_create_with_role(actor=demo.users[actor], username=username, full_name="新书记",
                                          password="Qx7!long-pass", organization=org, role=role)


def test_township_creates_a_branch_secretary_for_its_branch(demo):
    user = _account(demo, "township", demo.branch2, "branch_secretary")
    assert user.check_password("Qx7!long-pass")
    assert can(user, "enter", demo.branch2) and not can(user, "view", demo.branch)
    event = _last_audit("account.create")
    assert event.actor == demo.users["township"] and event.after["username"] == "newsec"


def test_township_cannot_create_a_secretary_in_another_township(demo):
    with pytest.raises(Http404):
        _account(demo, "township", demo.other_township_branch, "branch_secretary")
    assert not get_user_model().objects.filter(username="newsec").exists()


def test_township_cannot_hand_out_township_staff_roles(demo):
    with pytest.raises(Http404):
        _account(demo, "township", demo.township, "township_staff")


def test_county_creates_township_staff(demo):
    user = _account(demo, "county", demo.township2, "township_staff", username="staff2")
    assert can(user, "manage_org", demo.other_township_branch)


def test_township_staff_belong_to_a_township_not_a_branch(demo):
    with pytest.raises(ValidationError):
        _account(demo, "county", demo.branch, "township_staff")


def test_login_names_are_unique_ignoring_case(demo):
    with pytest.raises(ValidationError):
        _account(demo, "township", demo.branch2, "branch_secretary", username="Branch")


def test_weak_initial_passwords_are_refused(demo):
    with pytest.raises(ValidationError):
        services.user_create_with_role(actor=demo.users["township"], username="weak", full_name="x", password="12345678",
                                       organization=demo.branch2, role="branch_secretary")


def test_township_resets_the_password_of_its_branch_secretary(demo):
    services.user_reset_password(actor=demo.users["township"], user=demo.users["branch"], new_password="Fresh-pass-2026")
    demo.users["branch"].refresh_from_db()
    assert demo.users["branch"].check_password("Fresh-pass-2026")
    assert _last_audit("account.reset_password").actor == demo.users["township"]


def test_password_reset_is_refused_outside_what_the_actor_hands_out(demo):
    with pytest.raises(Http404):  # county reviewers manage township staff, not branch secretaries
        services.user_reset_password(actor=demo.users["county"], user=demo.users["branch"], new_password="Fresh-pass-2026")
    with pytest.raises(Http404):  # a township cannot reset its own colleagues or itself
        services.user_reset_password(actor=demo.users["township"], user=demo.users["township"], new_password="Fresh-pass-2026")
    with pytest.raises(Http404):
        services.user_reset_password(actor=demo.users["branch"], user=demo.users["branch2"], new_password="Fresh-pass-2026")
    services.user_reset_password(actor=demo.users["county"], user=demo.users["township"], new_password="Fresh-pass-2026")


def test_password_reset_follows_the_password_rules(demo):
    with pytest.raises(ValidationError):
        services.user_reset_password(actor=demo.users["township"], user=demo.users["branch"], new_password="short")


def test_revoking_a_role_removes_the_access_and_is_audited(demo):
    grant = OrgRole.objects.get(user=demo.users["branch2"])
    services.role_revoke(actor=demo.users["township"], grant=grant, reason="调离")
    assert not OrgRole.objects.filter(pk=grant.pk).exists()
    forget_grants(demo.users["branch2"])
    assert not can(demo.users["branch2"], "view", demo.branch2)
    event = _last_audit("role.revoke")
    assert event.before == {"user": "branch2", "role": "branch_secretary"} and event.reason == "调离"


def test_revoking_is_refused_for_roles_the_actor_does_not_hand_out(demo):
    with pytest.raises(Http404):
        services.role_revoke(actor=demo.users["county"], grant=OrgRole.objects.get(user=demo.users["branch"]))
    with pytest.raises(Http404):
        services.role_revoke(actor=demo.users["township"], grant=OrgRole.objects.get(user=demo.users["township2"]))


def test_a_general_branch_with_branches_cannot_become_a_branch(demo):
    general = demo.org("金星村党总支")
    general.kind = "branch"  # the in-memory object may already carry the new value (a bound ModelForm's instance)
    with pytest.raises(ValidationError) as exc:
        services.organization_update(actor=demo.users["township"], organization=general, kind="branch")
    assert "kind" in exc.value.error_dict
    assert Organization.objects.get(pk=general.pk).kind == "general_branch"


def test_the_county_keeps_the_county_domain(demo):
    with pytest.raises(ValidationError) as exc:
        services.organization_update(actor=demo.users["county"], organization=demo.county, domain="village")
    assert "domain" in exc.value.error_dict
    assert Organization.objects.get(pk=demo.county.pk).domain == "county"


def test_renaming_to_a_siblings_name_is_refused(demo):
    with pytest.raises(ValidationError):
        services.organization_update(actor=demo.users["township"], organization=demo.branch, name="红旗村党支部")
    assert Organization.objects.get(pk=demo.branch.pk).name == "东方村党支部"
