"""Writes to the organisation tree and to user roles. One atomic function per action; each checks the
actor's permission on the stored row, validates, saves and leaves an audit row."""
from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from core.audit import audit_record, changed, snapshot

from .choices import OrgKind, Role
from .models import Organization, OrgRole, make_path, path_depth
from .rules import KIND_DOMAIN, child_allowed
from .scope import assignable_roles, forget_grants, require

User = get_user_model()

ORG_FIELDS = (
    "name", "parent", "kind", "domain", "is_county_organ_committee", "member_count",
    "secretary_name", "secretary_phone", "is_active", "archived_reason", "founded_on",
)
EDITABLE_FIELDS = (
    "name", "kind", "domain", "is_county_organ_committee", "member_count", "secretary_name", "secretary_phone",
    "founded_on",
)


def _check_kind(parent: Organization | None, kind: str, domain: str) -> None:
    if parent is not None and not child_allowed(parent.kind, kind):
        raise ValidationError(
            {"kind": _("A %(child)s cannot stand under a %(parent)s.")
             % {"child": OrgKind(kind).label, "parent": OrgKind(parent.kind).label}}
        )
    expected = KIND_DOMAIN.get(kind)
    if expected and domain != expected:
        raise ValidationError({"domain": _("This organisation type always has the domain %(domain)s.")
                               % {"domain": expected}})


def _set_path(org: Organization) -> None:
    org.path = make_path(org.parent.path if org.parent_id else None, org.pk)
    org.depth = path_depth(org.path)
    Organization.objects.filter(pk=org.pk).update(path=org.path, depth=org.depth)


def organization_create_root(*, name: str, **fields: Any) -> Organization:
    """Create a county root. Only for set-up (seed commands, admin): no actor can hold a role above it."""
    with transaction.atomic():
        org = Organization(name=name, parent=None, kind=OrgKind.COUNTY, domain="county", **fields)
        org.full_clean()
        org.save()
        _set_path(org)
    return org


@transaction.atomic
def organization_create(*, actor: Any, parent: Organization, name: str, kind: str, domain: str,
                        member_count: int = 0, secretary_name: str = "", secretary_phone: str = "",
                        is_county_organ_committee: bool = False, reason: str = "",
                        founded_on: Any = None) -> Organization:
    parent = Organization.objects.select_for_update().get(pk=parent.pk)
    require(actor, "manage_org", parent)
    if not parent.is_active:
        raise ValidationError({"parent": _("The parent organisation is archived.")})
    _check_kind(parent, kind, domain)
    org = Organization(
        parent=parent, name=name, kind=kind, domain=domain, member_count=member_count,
        secretary_name=secretary_name, secretary_phone=secretary_phone,
        is_county_organ_committee=is_county_organ_committee, founded_on=founded_on,
    )
    org.full_clean()
    org.save()
    _set_path(org)
    audit_record(actor=actor, action="organization.create", obj=org, organization=org,
                 after=snapshot(org, ORG_FIELDS), reason=reason)
    return org


@transaction.atomic
def organization_update(*, actor: Any, organization: Organization, reason: str = "", **fields: Any) -> Organization:
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    require(actor, "manage_org", org)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    if not org.is_active:  # an archived organisation is a closed record (docs/rules.md §13)
        raise ValidationError(_("An archived organisation cannot be changed; restore it first."))
    before = snapshot(org, ORG_FIELDS)
    for key, value in fields.items():
        setattr(org, key, value)
    parent = org.parent if org.parent_id else None
    _check_kind(parent, org.kind, org.domain)  # the root too: the county keeps the county domain
    if org.kind != before["kind"]:  # compare with the stored row, not the caller's (maybe mutated) object
        for child in org.children.all():
            if not child_allowed(org.kind, child.kind):
                raise ValidationError({"kind": _("Its sub-organisations could not stand under this type.")})
    org.full_clean()
    org.save()
    old, new = changed(before, snapshot(org, ORG_FIELDS))
    if new:
        audit_record(actor=actor, action="organization.update", obj=org, organization=org,
                     before=old, after=new, reason=reason)
    return org


@transaction.atomic
def organization_move(*, actor: Any, organization: Organization, new_parent: Organization, reason: str) -> Organization:
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    target = Organization.objects.select_for_update().get(pk=new_parent.pk)
    require(actor, "manage_org", org)
    require(actor, "manage_org", target)
    if org.parent_id is None:
        raise ValidationError(_("The county organisation cannot be moved."))
    if not org.is_active:
        raise ValidationError(_("An archived organisation cannot be changed; restore it first."))
    if target.path.startswith(org.path):
        raise ValidationError({"new_parent": _("An organisation cannot move under itself or one of its sub-organisations.")})
    if not target.is_active:
        raise ValidationError({"new_parent": _("The new parent organisation is archived.")})
    if not child_allowed(target.kind, org.kind):
        raise ValidationError({"new_parent": _("A %(child)s cannot stand under a %(parent)s.")
                               % {"child": OrgKind(org.kind).label, "parent": OrgKind(target.kind).label}})
    if Organization.objects.filter(parent=target, name=org.name).exists():
        raise ValidationError({"new_parent": _("The new parent already has an organisation named %(name)s.") % {"name": org.name}})
    before = {"parent": org.parent_id, "path": org.path}
    old_path = org.path
    new_path = make_path(target.path, org.pk)
    depth_change = path_depth(new_path) - path_depth(old_path)
    org.parent = target
    org.save(update_fields=["parent", "updated"])
    # Re-root the whole subtree in one statement, whatever its size.
    Organization.objects.filter(path__under=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_change,
    )
    org.refresh_from_db()
    audit_record(actor=actor, action="organization.move", obj=org, organization=org,
                 before=before, after={"parent": target.pk, "path": org.path}, reason=reason)
    return org


@transaction.atomic
def organization_archive(*, actor: Any, organization: Organization, reason: str) -> Organization:
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    require(actor, "manage_org", org)
    if not reason.strip():
        raise ValidationError({"reason": _("Please say why the organisation is archived.")})
    if org.parent_id is None:
        raise ValidationError(_("The county organisation cannot be archived."))
    if org.children.filter(is_active=True).exists():
        raise ValidationError(_("Archive or move its active sub-organisations first."))
    if not org.is_active:
        raise ValidationError(_("The organisation is already archived."))
    org.is_active = False
    org.archived_reason = reason.strip()[:200]
    org.save(update_fields=["is_active", "archived_reason", "updated"])
    audit_record(actor=actor, action="organization.archive", obj=org, organization=org,
                 before={"is_active": True}, after={"is_active": False}, reason=reason)
    return org


@transaction.atomic
def organization_restore(*, actor: Any, organization: Organization, reason: str = "") -> Organization:
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    require(actor, "manage_org", org)
    if org.is_active:
        raise ValidationError(_("The organisation is active."))
    if org.parent_id and not org.parent.is_active:
        raise ValidationError(_("Restore the parent organisation first."))
    org.is_active = True
    org.archived_reason = ""
    org.save(update_fields=["is_active", "archived_reason", "updated"])
    audit_record(actor=actor, action="organization.restore", obj=org, organization=org,
                 before={"is_active": False}, after={"is_active": True}, reason=reason)
    return org


# --- Accounts and roles -------------------------------------------------------------------------

def _require_assignable(actor: Any, organization: Organization, role: str) -> None:
    if role not in assignable_roles(actor, organization):
        # The same answer as a missing organisation: the actor learns nothing about the rest.
        from django.http import Http404

        raise Http404


def _check_role_target(organization: Organization, role: str) -> None:
    if role in (Role.COUNTY_REVIEWER, Role.COUNTY_ADMIN) and organization.kind != OrgKind.COUNTY:
        raise ValidationError({"organization": _("County reviewers and administrators belong to the county organisation department.")})
    if role == Role.BRANCH_SECRETARY and organization.kind in (OrgKind.COUNTY, OrgKind.TOWNSHIP):
        raise ValidationError({"organization": _("Branch secretaries belong to a branch, general branch or committee.")})
    if role == Role.TOWNSHIP_STAFF and organization.kind not in (OrgKind.TOWNSHIP, OrgKind.COMMITTEE):
        raise ValidationError({"organization": _("Township staff belong to a township or a county department committee.")})


@transaction.atomic
def user_create_with_role(*, actor: Any, username: str, full_name: str, password: str,
                          organization: Organization, role: str, phone: str = "") -> Any:
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    _require_assignable(actor, organization, role)
    _check_role_target(organization, role)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This login name is taken.")})
    user = User(username=username, first_name=full_name[:150])
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    grant = OrgRole.objects.create(user=user, organization=organization, role=role)
    audit_record(actor=actor, action="account.create", obj=grant, organization=organization,
                 after={"username": username, "role": role, "organization": organization.pk})
    return user


@transaction.atomic
def role_revoke(*, actor: Any, grant: OrgRole, reason: str = "") -> None:
    grant = OrgRole.objects.select_for_update(of=("self",)).select_related("organization", "user").get(pk=grant.pk)
    _require_assignable(actor, grant.organization, grant.role)
    audit_record(actor=actor, action="role.revoke", obj=grant, organization=grant.organization,
                 before={"user": grant.user.username, "role": grant.role}, reason=reason)
    grant.delete()
    forget_grants(grant.user)


def can_manage_account(actor: Any, user: Any) -> bool:
    """An actor manages an account when every role of that account is one the actor may hand out."""
    roles = list(OrgRole.objects.filter(user=user).select_related("organization"))
    return bool(roles) and all(r.role in assignable_roles(actor, r.organization) for r in roles)


@transaction.atomic
def user_reset_password(*, actor: Any, user: Any, new_password: str) -> None:
    user = User.objects.select_for_update().get(pk=user.pk)
    if not can_manage_account(actor, user):
        from django.http import Http404

        raise Http404
    validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    first = OrgRole.objects.filter(user=user).select_related("organization").first()
    audit_record(actor=actor, action="account.reset_password", obj=user,
                 organization=first.organization if first else None, reason="")
