"""Reads of the member evaluation, scoped to the user; results broken down only through core.secrecy."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from campaigns.models import Campaign
from core.secrecy import breakdown_or_none
from organizations.models import Organization
from organizations.scope import restrict

from . import rules
from .models import Evaluation, EvaluationCode, Result

BRANCH_KINDS = ("branch", "general_branch")


def branches(user: Any, campaign: Campaign) -> QuerySet[Organization]:
    """Branches in scope with their member count and this campaign's evaluation (one query each)."""
    evals = Evaluation.objects.filter(campaign=campaign)
    return restrict(Organization.objects.filter(kind__in=BRANCH_KINDS, is_active=True, path__under=campaign.scope.path),
                    user).select_related("parent").annotate(n_members=Count("members", filter=Q(members__is_active=True))).prefetch_related(
        Prefetch("member_evaluations", queryset=evals, to_attr="campaign_evaluations")).order_by("path")


def evaluations_for(user: Any, action: str = "view") -> QuerySet[Evaluation]:
    return restrict(Evaluation.objects.select_related("organization__parent", "campaign__ruleset"), user, action)


def voters(ev: Evaluation) -> dict[str, int]:
    """Ballots cast per ballot: codes used plus paper ballots entered."""
    used = dict(EvaluationCode.objects.filter(evaluation=ev, used=True).values_list("category").annotate(n=Count("id")))
    return {b: used.get(b, 0) + int((ev.papers or {}).get(b, 0)) for b in rules.BALLOTS}


@dataclass(frozen=True)
class ResultRow:
    result: Result
    party: dict[str, int] | None  # None: too few voters to show this ballot apart
    masses: dict[str, int] | None


def result_rows(ev: Evaluation, tallies: dict[int, dict[str, dict[str, int]]]) -> list[ResultRow]:
    threshold = ev.campaign.ruleset.setting("small_group_threshold")
    n = voters(ev)
    rows = []
    for r in ev.results.select_related("member", "handled_by"):
        t = tallies.get(r.member_id, {b: {} for b in rules.BALLOTS})
        rows.append(ResultRow(r, breakdown_or_none({g: t["party_member"].get(g, 0) for g in rules.GRADES}, n["party_member"], threshold),
                              breakdown_or_none({g: t["masses"].get(g, 0) for g in rules.GRADES}, n["masses"], threshold)))
    return rows


def member_names(organization: Organization) -> list[str]:
    """The names on the branch's member list, for other records that name a member (a public pledge):
    read from the list, never typed again."""
    from .models import Member

    return list(Member.objects.filter(organization=organization, is_active=True).order_by("id").values_list("name", flat=True))
