"""The follow-through on the dashboard: open and overdue cases, exits to decide, monthly notes due, and
the dynamic alerts of the county's and the township's organisations. Constant query counts."""
from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dashboard import Panel, TodoItem, register, register_panel
from organizations.scope import restrict, scope_paths

from .models import Case, CaseState

PANEL_ALERTS = 5


@register
def followup_todo(user: Any, context: dict[str, Any]) -> list[TodoItem]:
    campaign = context.get("campaign")
    if campaign is None:
        return []
    items: list[TodoItem] = []
    base = reverse("followup:case-list") + f"?campaign={campaign.pk}"
    if scope_paths(user, "assess"):
        waiting = restrict(Case.objects.filter(campaign=campaign, state=CaseState.EXIT_REQUESTED), user, "assess",
                           via="organization__parent").count()
        if waiting:
            items.append(TodoItem(title=_("%(n)d transformation cases ask to exit") % {"n": waiting},
                                  detail=_("Check the year-end record and accept or refuse the exit."), url=base, level="warning"))
        return items
    month = timezone.localdate().replace(day=1)
    for case in restrict(Case.objects.filter(campaign=campaign, state=CaseState.OPEN), user, "enter").exclude(
            notes__month=month).select_related("organization")[:10]:
        items.append(TodoItem(title=_("Monthly note of the transformation case of %(org)s") % {"org": case.organization.name},
                              url=reverse("followup:case-detail", args=[case.pk]), due=case.deadline,
                              level="danger" if case.deadline < timezone.localdate() else "info"))
    return items


@register_panel
def followup_panel(user: Any, context: dict[str, Any]) -> list[Panel]:
    """Cases and alerts for the superiors (county and township)."""
    campaign = context.get("campaign")
    if campaign is None or not scope_paths(user, "assess"):
        return []
    from .selectors import case_counts, worst_alerts
    from .views import alert_label

    worst, n_alerted = worst_alerts(user, campaign, PANEL_ALERTS)  # most alerts first
    return [Panel(title=_("Transformation cases and alerts"), template="followup/_panel.html", order=45,
                  context={"campaign": campaign, "counts": case_counts(user, campaign),
                           "alert_rows": [(org, "；".join(alert_label(a) for a in rows)) for org, rows in worst],
                           "more_alerts": max(0, n_alerted - PANEL_ALERTS)})]
