"""To-do items about the tree: organisations without accounts, secretaries without details."""
from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.dashboard import TodoItem, register

from .choices import OrgKind, Role
from .models import Organization, OrgRole
from .scope import can, restrict


@register
def missing_accounts(user: Any, context: dict[str, Any]) -> list[TodoItem]:
    """Organisations under the user that nobody can log in for yet (one query)."""
    role = context.get("role")
    if role == Role.COUNTY_REVIEWER:
        kinds, needed = [OrgKind.TOWNSHIP], Role.TOWNSHIP_STAFF
    elif role == Role.TOWNSHIP_STAFF:
        kinds, needed = [OrgKind.BRANCH, OrgKind.GENERAL_BRANCH], Role.BRANCH_SECRETARY
    else:
        return []
    with_account = OrgRole.objects.filter(role=needed).values("organization_id")
    missing = list(restrict(Organization.objects.filter(is_active=True, kind__in=kinds), user, "manage_users")
                   .exclude(pk__in=with_account).order_by("path")[:6])
    if not missing:
        return []
    names = "、".join(o.name for o in missing[:5]) + ("…" if len(missing) > 5 else "")
    return [TodoItem(title=_("Create accounts for organisations that have none"), detail=names,
                     url=reverse("organizations:account-create"), level="info")]


@register
def missing_secretary_details(user: Any, context: dict[str, Any]) -> list[TodoItem]:
    """Branches in the user's care without a secretary name or phone."""
    if context.get("role") not in (Role.TOWNSHIP_STAFF, Role.BRANCH_SECRETARY):
        return []
    qs = restrict(Organization.objects.filter(is_active=True, kind__in=[OrgKind.BRANCH, OrgKind.GENERAL_BRANCH]), user)
    incomplete = list(qs.filter(Q(secretary_name="") | Q(secretary_phone="")).order_by("path")[:6])
    items = []
    for org in incomplete[:5]:
        url = reverse("organizations:org-edit", args=[org.pk]) if can(user, "manage_org", org) else reverse("organizations:org-detail", args=[org.pk])
        items.append(TodoItem(title=_("Secretary details missing: %(name)s") % {"name": org.name},
                              detail=_("Name and phone of the secretary are used on every ledger."), url=url))
    return items
