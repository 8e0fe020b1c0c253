"""The upgrade phase on the dashboard: todo items (commitments to review, overdue measures flagged to the
branch and to the superior, measures due soon) and the rates panel. Constant query counts."""
from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dashboard import Panel, TodoItem, register, register_panel
from organizations.scope import restrict, scope_paths

from .models import Commitment, Measure, MeasureStatus


def _open_measures(user: Any, campaign: Any, action: str):
    return restrict(Measure.objects.filter(commitment__campaign=campaign, commitment__state="approved")
                    .exclude(status=MeasureStatus.DONE), user, action, via="commitment__organization")


@register
def upgrades_todo(user: Any, context: dict[str, Any]) -> list[TodoItem]:
    campaign = context.get("campaign")
    if campaign is None:
        return []
    today = timezone.localdate()
    items: list[TodoItem] = []
    progress = reverse("upgrades:progress") + f"?campaign={campaign.pk}"
    if scope_paths(user, "assess"):
        waiting = restrict(Commitment.objects.filter(campaign=campaign, state="submitted"), user, "assess").count()
        if waiting:
            items.append(TodoItem(title=_("%(n)d commitments await your review") % {"n": waiting},
                                  detail=_("Approve the targets and measures or return them with comments."),
                                  url=progress + "&state=submitted", level="warning"))
        overdue = _open_measures(user, campaign, "assess").filter(due__lt=today).count()
        if overdue:
            items.append(TodoItem(title=_("%(n)d measures of your branches are overdue") % {"n": overdue},
                                  url=progress + "&overdue=1", level="danger"))
        return items
    days = campaign.ruleset.setting("measure_reminder_days")
    for m in _open_measures(user, campaign, "enter").filter(due__lte=today + datetime.timedelta(days=days)).select_related(
            "commitment__organization").order_by("due")[:10]:
        items.append(TodoItem(title=_("Measure of %(org)s: %(what)s") % {"org": m.commitment.organization.name, "what": m.what[:40]},
                              detail=_("Responsible: %(who)s") % {"who": m.responsible},
                              url=reverse("upgrades:commitment-detail", args=[m.commitment_id]), due=m.due,
                              level="danger" if m.due < today else "warning"))
    for c in restrict(Commitment.objects.filter(campaign=campaign, state__in=("draft", "returned")), user, "enter").select_related(
            "organization")[:10]:
        items.append(TodoItem(title=_("Commitment of %(org)s: %(state)s") % {"org": c.organization.name, "state": c.get_state_display()},
                              url=reverse("upgrades:commitment-detail", args=[c.pk]), due=campaign.upgrade_due,
                              level="warning" if c.state == "returned" else "info"))
    return items


@register_panel
def rates_panel(user: Any, context: dict[str, Any]) -> list[Panel]:
    """Rates against targets for the user's scope, each number linking to its organisations."""
    campaign = context.get("campaign")
    if campaign is None or not scope_paths(user, "assess"):
        return []
    from .selectors import rates_for

    rows = rates_for(user, campaign)
    if not rows:
        return []
    return [Panel(title=_("Rates against targets"), template="upgrades/_rates_panel.html",
                  context={"rate_rows": rows, "campaign": campaign}, order=40)]
