"""The classification's items on the dashboard ("My tasks")."""
from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dashboard import TodoItem, register
from organizations.scope import rated_q, restrict, scope_paths

from .models import Classification, MeetingResult
from .selectors import not_started_count


def _level(campaign: Any) -> str:
    left = (campaign.classification_due - timezone.localdate()).days
    if left < 0:
        return "danger"
    return "warning" if left <= campaign.ruleset.setting("deadline_warning_days") else "info"


@register
def classification_todo(user: Any, context: dict[str, Any]) -> list[TodoItem]:
    campaign = context.get("campaign")
    if campaign is None:
        return []
    items: list[TodoItem] = []
    overview = reverse("classification:classification-overview") + f"?campaign={campaign.pk}"
    if scope_paths(user, "confirm_classification"):
        mine = Classification.objects.filter(rated_q(user, "confirm_classification", via="organization"), campaign=campaign)
        waiting = mine.filter(state__in=("submitted", "township_decides")).count()
        if waiting:
            items.append(TodoItem(
                title=_("%(n)d classifications await your confirmation") % {"n": waiting},
                detail=_("Confirm the level adopted at step 4, return it with reasons, or decide it."),
                url=overview + "&status=submitted", due=campaign.classification_due, level=_level(campaign)))
        not_started = not_started_count(user, campaign)
        if not_started:
            items.append(TodoItem(
                title=_("%(n)d branches have not started the classification") % {"n": not_started},
                url=overview + "&status=not_started", due=campaign.classification_due, level=_level(campaign)))
    else:
        for c in restrict(Classification.objects.filter(campaign=campaign, state__in=("step1", "step2", "step3", "step4")),
                          user, "enter").select_related("organization")[:20]:
            items.append(TodoItem(
                title=_("Classification of %(org)s: %(state)s") % {"org": c.organization.name, "state": c.get_state_display()},
                url=reverse("classification:classification-detail", args=[c.pk]), due=campaign.classification_due,
                level=_level(campaign)))
    unchecked = restrict(MeetingResult.objects.filter(source="paper", confirmed_by__isnull=True,
                                                      meeting__classification__campaign=campaign,
                                                      meeting__superseded=False),
                         user, "enter", via="meeting__classification__organization").exclude(entered_by=user).count()
    if unchecked:
        items.append(TodoItem(title=_("%(n)d paper ballot totals wait for a second person's check") % {"n": unchecked},
                              url=overview, level="warning"))
    return items
