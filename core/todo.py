"""Dashboard items of the foundation: the campaign's next deadline, missing campaign, missing accounts."""
from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.choices import OrgKind, Role
from organizations.models import Organization, OrgRole
from organizations.scope import can, restrict

from .dashboard import TodoItem, register


@register
def campaign_deadlines(user: Any, context: dict[str, Any]) -> list[TodoItem]:
    """The next phase deadline of this year's campaign, flagged when it is near or past."""
    campaign = context.get("campaign")
    role = context.get("role")
    if campaign is None:
        if role in (Role.COUNTY_REVIEWER, Role.TOWNSHIP_STAFF):
            return [TodoItem(title=_("Open this year's campaign"),
                             detail=_("Set the rule set and the phase deadlines; branches then see what is due."),
                             url=reverse("core:campaign-create"), level="warning")]
        return []
    today = timezone.localdate()
    warn_days = campaign.ruleset.setting("deadline_warning_days")
    for phase, _start, due in campaign.phase_deadlines():
        if due >= today:
            days = (due - today).days
            level = "warning" if days <= warn_days else "info"
            return [TodoItem(title=_("%(phase)s phase ends") % {"phase": phase.label}, detail=campaign.name,
                             url=reverse("core:campaign-detail", args=[campaign.pk]), due=due, level=level)]
    return []


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
    from django.db.models import Q

    qs = restrict(Organization.objects.filter(is_active=True, kind__in=[OrgKind.BRANCH, OrgKind.GENERAL_BRANCH]), user)
    incomplete = list(qs.filter(Q(secretary_name="") | Q(secretary_phone="")).order_by("path")[:6])
    items = []
    for org in incomplete[:5]:
        url = reverse("organizations:org-edit", args=[org.pk]) if can(user, "manage_org", org) else reverse("organizations:org-detail", args=[org.pk])
        items.append(TodoItem(title=_("Secretary details missing: %(name)s") % {"name": org.name},
                              detail=_("Name and phone of the secretary are used on every ledger."), url=url))
    return items
