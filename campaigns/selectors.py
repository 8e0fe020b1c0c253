"""Reads of campaigns and rule sets, scoped to the user."""
from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from organizations.scope import grants, scope_q

from .models import Campaign, RuleSet


def _ancestor_ids(user: Any) -> set[int]:
    ids: set[int] = set()
    for g in grants(user):
        ids.update(int(p) for p in g.path.strip("/").split("/") if p)
    return ids


def campaigns_for(user: Any) -> QuerySet[Campaign]:
    """Campaigns whose scope is inside the user's scope, or above it (a county campaign covers its branches)."""
    return Campaign.objects.filter(scope_q(user, "view", "scope") | Q(scope_id__in=_ancestor_ids(user))).select_related(
        "scope", "ruleset"
    )


def rulesets_for(user: Any) -> QuerySet[RuleSet]:
    """Built-in rule sets, and copies owned by an organisation inside or above the user's scope."""
    return RuleSet.objects.filter(
        Q(owner__isnull=True) | scope_q(user, "view", "owner") | Q(owner_id__in=_ancestor_ids(user))
    ).select_related("owner", "copied_from")


def current_campaign_for(user: Any, year: int) -> Campaign | None:
    """The campaign of ``year`` closest to the user (the deepest scope that covers them)."""
    campaigns = sorted(campaigns_for(user).filter(year=year), key=lambda c: -c.scope.depth)
    return campaigns[0] if campaigns else None


def campaign_from_value(user: Any, raw: Any) -> Campaign | None:
    """The one answer to "which campaign does this value mean", for a request or a report's parameters.

    A campaign id the user may see names that campaign; anything else (text, a negative number, a
    campaign outside the user's scope) is a 404, never a 500. Empty: this year's campaign closest to
    the user, else their latest one, else None.
    """
    raw = "" if raw is None else str(raw).strip()
    campaigns = campaigns_for(user)
    if raw:
        if not (raw.isascii() and raw.isdigit()) or len(raw) > 12:
            raise Http404
        return get_object_or_404(campaigns, pk=int(raw))
    return current_campaign_for(user, timezone.localdate().year) or campaigns.order_by("-year", "scope__path").first()


def campaign_for_request(request: Any, *, param: str = "campaign") -> Campaign | None:
    """The campaign a page works on: ``?campaign=<id>`` (or the posted one) read by
    ``campaign_from_value`` (malformed or foreign: 404)."""
    return campaign_from_value(request.user, request.GET.get(param) or request.POST.get(param))


def campaign_covering(root: Any, year: int) -> Campaign | None:
    """The deepest campaign of ``year`` whose scope contains the organisation ``root``, else the
    shallowest one inside it (a ledger of the county in a year that only has township campaigns)."""
    found = list(Campaign.objects.filter(year=year).select_related("scope", "ruleset"))
    above = [c for c in found if root.path.startswith(c.scope.path)]
    if above:
        return max(above, key=lambda c: len(c.scope.path))
    inside = [c for c in found if c.scope.path.startswith(root.path)]
    return min(inside, key=lambda c: c.scope.path) if inside else None


CAMPAIGN_DATE_FIELDS = ("survey_start", "survey_due", "classification_start", "classification_due", "upgrade_start",
                        "upgrade_due", "summary_start", "summary_due")


def new_campaign_initial(user: Any) -> dict[str, Any]:
    """What a new campaign's form starts with: the latest campaign the user manages (else may see), one year
    on: its year + 1, its rule set, scope and name with the year changed, every phase date shifted a year."""
    from .rules import shift_year

    latest = (Campaign.objects.filter(scope_q(user, "manage_campaign", "scope")).select_related("ruleset")
              .order_by("-year", "scope__path").first()
              or campaigns_for(user).order_by("-year", "-scope__path").first())
    if latest is None:
        return {}
    year = latest.year + 1
    initial: dict[str, Any] = {"year": year, "ruleset": latest.ruleset_id, "scope": latest.scope_id,
                               "name": latest.name.replace(str(latest.year), str(year))}
    for name in CAMPAIGN_DATE_FIELDS:
        day = getattr(latest, name)
        if day is not None:
            initial[name] = shift_year(day)
    return initial
