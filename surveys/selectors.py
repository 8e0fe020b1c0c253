"""Reads of the survey app, always scoped to a user, with a fixed number of queries per page."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from django.db.models import Count, Prefetch, Q, QuerySet

from core.choices import ParticipantCategory
from core.secrecy import group_too_small
from campaigns.models import Campaign, QuorumRule
from campaigns.quorum import Attendance, QuorumReport, quorum_check, quorum_group
from organizations.models import Organization
from organizations.scope import grants, restrict, scope_q

from . import rules
from .choices import satisfaction_words
from .models import (
    Answer, Question, QuestionnaireTemplate, Response, SurveyReport, SurveyRound, SurveyTeam, SurveyTeamMember,
)

CATEGORIES = [c for c, _label in ParticipantCategory.choices]


def _ancestor_ids(user: Any) -> set[int]:
    ids: set[int] = set()
    for g in grants(user):
        ids.update(int(p) for p in g.path.strip("/").split("/") if p)
    return ids


def templates_for(user: Any) -> QuerySet[QuestionnaireTemplate]:
    """Built-in questionnaires, and copies owned inside or above the user's scope."""
    return QuestionnaireTemplate.objects.filter(
        Q(owner__isnull=True) | scope_q(user, "view", "owner") | Q(owner_id__in=_ancestor_ids(user))
    ).select_related("owner")


def rounds_for(user: Any, action: str = "view") -> QuerySet[SurveyRound]:
    return restrict(SurveyRound.objects.select_related("organization", "campaign", "template"), user, action)


def questions_for(round_: SurveyRound) -> list[Question]:
    """The round's questions: the template's general ones plus the topic of the organisation's domain."""
    topics = rules.topics_for_domain(round_.organization.domain)
    return list(round_.template.questions.filter(topic__in=topics).order_by("order", "id"))


def quorum_rules(campaign: Campaign, activity: str) -> dict[str, QuorumRule]:
    return {r.group: r for r in QuorumRule.objects.filter(ruleset_id=campaign.ruleset_id, activity=activity)}


def group_for(org: Organization, rules_by_group: dict[str, QuorumRule]) -> str:
    scope = next(iter(rules_by_group.values())).group_a_scope if rules_by_group else "village_community"
    return quorum_group(group_a_scope=scope, domain=org.domain, kind=org.kind,
                        is_county_organ_committee=org.is_county_organ_committee)


@dataclass
class QuorumStatus:
    """What the round page shows: counts by category, the rule row and the check."""

    counts: dict[str, int]
    group: str
    rule: QuorumRule | None
    result: QuorumReport | None

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def status_from_counts(org: Organization, counts: dict[str, int], rules_by_group: dict[str, QuorumRule]) -> QuorumStatus:
    group = group_for(org, rules_by_group)
    rule = rules_by_group.get(group)
    result = None
    if rule is not None:
        result = quorum_check(rule.spec(), Attendance(
            party_members=counts.get("party_member", 0), masses=counts.get("masses", 0),
            service_recipients=counts.get("service_recipient", 0),
        ))
    return QuorumStatus(counts=counts, group=group, rule=rule, result=result)


def category_counts(round_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = defaultdict(lambda: {c: 0 for c in CATEGORIES})
    for row in Response.objects.filter(round_id__in=list(round_ids)).values("round_id", "category").annotate(n=Count("id")):
        out[row["round_id"]][row["category"]] = row["n"]
    return out


def round_quorum(round_: SurveyRound) -> QuorumStatus:
    counts = category_counts([round_.pk])[round_.pk]
    return status_from_counts(round_.organization, dict(counts), quorum_rules(round_.campaign, round_.activity))


@dataclass
class QuestionResult:
    question: Question
    total: int
    shares: tuple[rules.Share, ...] = ()
    by_category: dict[str, tuple[rules.Share, ...]] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    mean: Any = None
    satisfaction_rate: Any = None
    satisfaction_rate_by_category: dict[str, Any] = field(default_factory=dict)


def _order(question: Question) -> list[tuple[str, str]]:
    if question.kind == "satisfaction":
        words = satisfaction_words()
        return [(k, words[k]) for k in rules.SATISFACTION_KEYS]
    if question.kind == "scale":
        return [(v, v) for v in rules.SCALE_VALUES]
    return [(o, o) for o in question.options]


def round_results(round_: SurveyRound, *, count_basic: bool) -> tuple[list[QuestionResult], dict[str, int], Any]:
    """Per-question distributions (all, and by category), satisfaction rates; four queries.

    The split by category is left empty when a category has fewer respondents than the rule set's
    ``small_group_threshold`` (core.secrecy, docs/rules.md §14): every page, PDF and export reads it here."""
    questions = questions_for(round_)
    counts: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    answered: dict[int, int] = defaultdict(int)
    for row in (Answer.objects.filter(response__round=round_).exclude(value="")
                .values("question_id", "value", "response__category").annotate(n=Count("id"))):
        counts[row["question_id"]][row["response__category"]][row["value"]] = row["n"]
    answered_by_cat: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (Answer.objects.filter(response__round=round_).values("question_id", "response__category")
                .annotate(n=Count("response_id", distinct=True))):
        answered[row["question_id"]] += row["n"]
        answered_by_cat[row["question_id"]][row["response__category"]] = row["n"]
    texts: dict[int, list[str]] = defaultdict(list)
    # Sorted by text, never in submission order (secrecy, docs/rules.md §6).
    for qid, text in (Answer.objects.filter(response__round=round_).exclude(text="")
                      .order_by("question_id", "text").values_list("question_id", "text")[:2000]):
        texts[qid].append(text)
    respondents = dict(category_counts([round_.pk])[round_.pk])
    threshold = round_.campaign.ruleset.setting("small_group_threshold")
    split = not any(group_too_small(n, threshold) for n in respondents.values())  # all or nothing: see core.secrecy
    results = []
    overall_sat: dict[str, int] = defaultdict(int)
    for q in questions:
        per_cat = counts.get(q.pk, {})
        merged: dict[str, int] = defaultdict(int)
        for cat_counts in per_cat.values():
            for value, n in cat_counts.items():
                merged[value] += n
        order = _order(q)
        res = QuestionResult(question=q, total=answered.get(q.pk, 0), texts=texts.get(q.pk, []))
        if q.kind != "text":
            # a multiple-choice share is of the people who answered the question, not of all ticks
            several = q.kind == "multiple"
            res.shares = rules.distribution(merged, order, res.total if several else None)
            if split:
                res.by_category = {c: rules.distribution(per_cat.get(c, {}), order,
                                                         answered_by_cat[q.pk].get(c, 0) if several else None)
                                   for c in CATEGORIES}
        if q.kind == "scale":
            n = sum(merged.values())
            res.mean = round(sum(int(v) * c for v, c in merged.items()) / n, 2) if n else None
        if q.kind == "satisfaction":
            res.satisfaction_rate = rules.satisfaction_rate(merged, count_basic=count_basic)
            if split:
                res.satisfaction_rate_by_category = {
                    c: rules.satisfaction_rate(per_cat.get(c, {}), count_basic=count_basic) for c in CATEGORIES
                }
            for k, v in merged.items():
                overall_sat[k] += v
        results.append(res)
    return results, respondents, rules.satisfaction_rate(overall_sat, count_basic=count_basic)


def overall_satisfaction(round_ids: list[int], *, count_basic: bool) -> dict[int, Any]:
    """Satisfaction rate of each round over all its satisfaction questions (one query)."""
    tallies: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (Answer.objects.filter(response__round_id__in=round_ids, question__kind="satisfaction")
                .values("response__round_id", "value").annotate(n=Count("id"))):
        tallies[row["response__round_id"]][row["value"]] = row["n"]
    return {rid: rules.satisfaction_rate(tallies.get(rid, {}), count_basic=count_basic) for rid in round_ids}


@dataclass
class OverviewRow:
    org: Organization
    rounds: list[SurveyRound]
    quorum: QuorumStatus | None
    report: SurveyReport | None


def branches_for(user: Any, root: Organization | None = None) -> QuerySet[Organization]:
    qs = restrict(Organization.objects.filter(is_active=True, kind__in=["branch", "general_branch", "committee"]), user)
    if root is not None:
        qs = qs.filter(path__under=root.path)
    return qs.order_by("path")


def overview_rows(orgs: list[Organization], campaign: Campaign) -> list[OverviewRow]:
    """One row per organisation of a page: its rounds, the questionnaire quorum of its main round and
    its report. Five queries whatever the number of organisations."""
    org_ids = [o.pk for o in orgs]
    rounds: dict[int, list[SurveyRound]] = defaultdict(list)
    all_rounds = list(SurveyRound.objects.filter(campaign=campaign, organization_id__in=org_ids).order_by("created", "id"))
    for r in all_rounds:
        rounds[r.organization_id].append(r)
    counts = category_counts([r.pk for r in all_rounds])
    rules_by_group = quorum_rules(campaign, "questionnaire")
    reports = {r.organization_id: r for r in SurveyReport.objects.filter(campaign=campaign, organization_id__in=org_ids)}
    rows = []
    for org in orgs:
        org_rounds = rounds.get(org.pk, [])
        main = next((r for r in reversed(org_rounds) if r.activity == "questionnaire"), None)
        status = status_from_counts(org, dict(counts[main.pk]), rules_by_group) if main else None
        for r in org_rounds:
            r.respondents = sum(counts[r.pk].values())
        rows.append(OverviewRow(org=org, rounds=org_rounds, quorum=status, report=reports.get(org.pk)))
    return rows


# ---------------------------------------------------------------- survey teams (seed 000 §二(三), 附件1)

def teams_for(user: Any, action: str = "view") -> QuerySet[SurveyTeam]:
    return restrict(SurveyTeam.objects.select_related("organization__parent", "campaign__ruleset"), user, action)


def team_list(user: Any, campaign: Campaign) -> QuerySet[SurveyTeam]:
    """The campaign's teams the user sees (the county: every township's), each with its leaders and the number of
    organisations covered, in a fixed number of queries."""
    leaders = SurveyTeamMember.objects.filter(role="leader").order_by("order", "id")
    return (teams_for(user).filter(campaign=campaign).annotate(n_covers=Count("covers", distinct=True))
            .prefetch_related(Prefetch("members", queryset=leaders, to_attr="leaders")).order_by("organization__path", "name"))


def team_covered_rows(team: SurveyTeam) -> list[tuple[Organization, SurveyReport | None]]:
    """The organisations a team covers, each beside its own special survey report of the campaign (two queries)."""
    orgs = list(team.covers.order_by("path"))
    reports = {r.organization_id: r for r in SurveyReport.objects.filter(campaign_id=team.campaign_id, organization__in=orgs)}
    return [(o, reports.get(o.pk)) for o in orgs]


def teams_covering(user: Any, campaign: Campaign, orgs: Iterable[Organization]) -> dict[int, SurveyTeam]:
    """{organisation id: the team (the user may see) that covers it this campaign} — for the branches' report pages."""
    rows = (SurveyTeam.covers.through.objects.filter(organization__in=list(orgs), surveyteam__campaign=campaign,
                                                     surveyteam__in=teams_for(user))
            .select_related("surveyteam"))
    return {row.organization_id: row.surveyteam for row in rows}
