"""To-do items of the campaign: its next deadline, or the campaign still to open."""
from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dashboard import TodoItem, register
from organizations.choices import Role


@register
def campaign_deadlines(user: Any, context: dict[str, Any]) -> list[TodoItem]:
    """The next phase deadline of this year's campaign, flagged when it is near or past."""
    campaign = context.get("campaign")
    role = context.get("role")
    if campaign is None:
        if role in (Role.COUNTY_REVIEWER, Role.TOWNSHIP_STAFF):
            return [TodoItem(title=_("Open this year's campaign"),
                             detail=_("Set the rule set and the phase deadlines; branches then see what is due."),
                             url=reverse("campaigns:campaign-create"), level="warning")]
        return []
    today = timezone.localdate()
    warn_days = campaign.ruleset.setting("deadline_warning_days")
    for phase, _start, due in campaign.phase_deadlines():
        if due >= today:
            days = (due - today).days
            level = "warning" if days <= warn_days else "info"
            return [TodoItem(title=_("%(phase)s phase ends") % {"phase": phase.label}, detail=campaign.name,
                             url=reverse("campaigns:campaign-detail", args=[campaign.pk]), due=due, level=level)]
    return []
