"""The survey's items on the dashboard: rounds below quorum, reports due or late, reports to review."""
from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dashboard import TodoItem, register
from organizations.models import Organization
from organizations.scope import restrict

from .models import SurveyReport, SurveyRound, SurveyTeam
from .selectors import category_counts, quorum_rules, status_from_counts

LIMIT = 8


@register
def survey_todo(user: Any, context: dict[str, Any]) -> list[TodoItem]:
    campaign = context.get("campaign")
    if campaign is None or not getattr(user, "is_authenticated", False):
        return []
    items: list[TodoItem] = []
    today = timezone.localdate()
    warn = campaign.ruleset.setting("deadline_warning_days")
    rounds = list(restrict(SurveyRound.objects.select_related("organization"), user, "enter")
                  .filter(campaign=campaign).exclude(status="closed").order_by("organization__path")[:LIMIT])
    if rounds:
        counts = category_counts([r.pk for r in rounds])
        rules_cache: dict[str, Any] = {}
        for r in rounds:
            if r.activity not in rules_cache:  # one query per activity, not per round
                rules_cache[r.activity] = quorum_rules(campaign, r.activity)
            rules_by_group = rules_cache[r.activity]
            status = status_from_counts(r.organization, dict(counts[r.pk]), rules_by_group)
            if status.result and not status.result.ok:
                items.append(TodoItem(title=_("%(title)s: below quorum") % {"title": r.title}, detail=status.result.summary,
                                      url=reverse("surveys:round-detail", args=[r.pk]), due=campaign.survey_due,
                                      level="danger" if today > campaign.survey_due else "warning"))
            elif status.result and status.result.ok:
                items.append(TodoItem(title=_("%(title)s: quorum met, close the round") % {"title": r.title},
                                      url=reverse("surveys:round-close", args=[r.pk]), level="info"))
    # Reports the user's own branches still owe.
    orgs = list(restrict(Organization.objects.filter(is_active=True, kind="branch"), user, "enter")
                .exclude(survey_reports__campaign=campaign, survey_reports__status__in=["submitted", "accepted"])
                .order_by("path")[:LIMIT])
    is_staff = restrict(Organization.objects.filter(kind__in=["township", "county", "committee"]), user, "assess").exists()
    if orgs and not is_staff:
        for org in orgs:
            days_left = (campaign.survey_due - today).days
            level = "danger" if days_left < 0 else ("warning" if days_left <= warn else "info")
            items.append(TodoItem(
                title=_("Special survey report of %(org)s") % {"org": org.name},
                detail=_("Overdue: due %(due)s") % {"due": campaign.survey_due} if days_left < 0 else _("Due %(due)s") % {"due": campaign.survey_due},
                url=f"{reverse('surveys:report-edit', args=[org.pk])}?campaign={campaign.pk}", due=campaign.survey_due, level=level))
    if is_staff:
        missing = (restrict(Organization.objects.filter(is_active=True, kind="branch"), user, "assess")
                   .exclude(survey_reports__campaign=campaign, survey_reports__status__in=["submitted", "accepted"]).count())
        if missing and today >= campaign.survey_start:
            items.append(TodoItem(title=_("%(n)d special survey reports not yet submitted") % {"n": missing},
                                  url=reverse("surveys:overview"), due=campaign.survey_due,
                                  level="danger" if today > campaign.survey_due else "warning"))
        waiting = restrict(SurveyReport.objects.filter(campaign=campaign, status="submitted"), user, "assess").count()
        if waiting:
            items.append(TodoItem(title=_("%(n)d special survey reports await your review") % {"n": waiting},
                                  url=reverse("surveys:overview"), level="warning"))
        # survey teams' reports: the level above the township decides, the township revises a returned one
        teams = restrict(SurveyTeam.objects.filter(campaign=campaign, status="submitted"), user, "assess",
                         via="organization__parent").count()
        if teams:
            items.append(TodoItem(title=_("%(n)d survey team reports await your decision") % {"n": teams},
                                  url=f"{reverse('surveys:team-list')}?campaign={campaign.pk}", level="warning"))
        for team in restrict(SurveyTeam.objects.filter(campaign=campaign, status="returned"), user, "enter")[:LIMIT]:
            items.append(TodoItem(title=_("%(name)s: report returned, revise it") % {"name": team.name},
                                  detail=team.review_comment, url=reverse("surveys:team-detail", args=[team.pk]),
                                  due=campaign.survey_due, level="warning"))
    return items
