"""Dashboard todo items of the star part: what waits for this user along the approval chain."""
from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dashboard import TodoItem, register
from organizations.scope import has_role, restrict

from .choices import AppState, SheetStatus


@register
def star_todo(user: Any, context: dict[str, Any]) -> list[TodoItem]:
    from .models import ScoreSheet, StarApplication
    from .selectors import application_due, county_inbox_counts

    items: list[TodoItem] = []
    if has_role(user, "county_reviewer"):
        waiting, overdue = county_inbox_counts(user)
        if waiting:
            items.append(TodoItem(title=_("Star applications wait for the county: %(n)d") % {"n": waiting},
                                  detail=_("%(n)d overdue") % {"n": overdue} if overdue else "",
                                  url=reverse("stars:star-inbox"), level="danger" if overdue else "warning"))
    if has_role(user, "county_reviewer", "township_staff"):
        over = restrict(StarApplication.objects.filter(over_quota=True, state__in=(AppState.ASSESSED, AppState.INSPECTED, AppState.NOTICE)), user).count()
        if over:
            items.append(TodoItem(title=_("Star proposals over quota: %(n)d") % {"n": over},
                                  detail=_("Approving over quota needs a written reason."), url=reverse("stars:star-quota"),
                                  level="warning"))
    if has_role(user, "township_staff"):
        n = restrict(StarApplication.objects.filter(state=AppState.SUBMITTED), user, "assess").count()
        if n:
            items.append(TodoItem(title=_("Star applications to assess: %(n)d") % {"n": n},
                                  url=reverse("stars:application-list") + "?state=submitted", level="warning"))
        s = restrict(ScoreSheet.objects.filter(status=SheetStatus.SUBMITTED), user, "assess").count()
        if s:
            items.append(TodoItem(title=_("Self-scored sheets to review: %(n)d") % {"n": s}, url=reverse("stars:sheet-list")))
    items.extend(_assessment_deadlines(user, context.get("campaign")))
    if has_role(user, "branch_secretary"):
        n = restrict(StarApplication.objects.filter(state__in=(AppState.DRAFT, AppState.RETURNED)), user, "enter").count()
        if n:
            items.append(TodoItem(title=_("Star applications to send (draft or returned): %(n)d") % {"n": n},
                                  url=reverse("stars:application-list"), level="warning"))
        campaign = context.get("campaign")
        due = application_due(campaign) if campaign is not None else None
        if due is not None and not restrict(StarApplication.objects.filter(campaign=campaign), user, "enter").exclude(
                state__in=(AppState.DRAFT, AppState.RETURNED)).exists():
            items.append(TodoItem(title=_("Self-score and apply for a star level"), url=reverse("stars:application-create"),
                                  due=due, level="danger" if due < timezone.localdate() else "info"))
    return items


def _assessment_deadlines(user: Any, campaign: Any) -> list[TodoItem]:
    """Seed 002 三's two dates: the townships' half-year self-check (7月底前上报) and the county's unified check
    (次年1月20日前), rule-set settings, on the township's and the county's dashboards."""
    from .selectors import assessment_deadlines

    if campaign is None:
        return []
    self_due, unified_due = assessment_deadlines(campaign)
    today = timezone.localdate()
    results = reverse("stars:assessment-results") + f"?campaign={campaign.pk}"
    items = []
    # the self-check stays on the township's list (overdue: red) until the county's unified check
    if self_due is not None and has_role(user, "township_staff") and (unified_due is None or today <= unified_due):
        items.append(TodoItem(title=_("Half-year self-check of the township committee, reported to the county"),
                              url=results, due=self_due, level="danger" if today > self_due else "info"))
    if unified_due is not None and has_role(user, "county_reviewer"):
        items.append(TodoItem(title=_("Unified assessment of the township committees: ranking, prizes, criticism"),
                              url=results, due=unified_due, level="danger" if today > unified_due else "info"))
    return items
