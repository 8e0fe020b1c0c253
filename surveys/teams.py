"""Writes of the survey teams (调查组, seed 000 §二(三) and 附件1): one atomic function per action.

A township sets up a team for its branches ("乡党政办牵头 … 对各村(社区)党支部进行调查摸底"): its roster (组长,
副组长, 成员 — name and post only), the organisations it covers and its own special report ("各党支部和调查队形成
专题调研报告"). The township writes and submits the report; the level above it (the county) approves or returns
it, never the person who wrote or submitted it (core.four_eyes). Every move follows
``rules.TEAM_REPORT_WORKFLOW`` and writes an audit row; an approved team is read-only until the county
reopens it with a reason (docs/rules.md §13). The document: docs/rules.md §10.
"""
from __future__ import annotations

import datetime
from typing import Any, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from core.audit import audit_record, snapshot
from core.four_eyes import audit_authors, four_eyes_on, may_decide, require_other_person
from core.workflow import REOPEN
from organizations.models import Organization
from organizations.scope import can

from . import rules
from .choices import TeamRole
from .models import TEAM_REPORT_SECTIONS, SurveyTeam, SurveyTeamMember

#: The level that sets up a survey team: a township, for its branches (seed 000 §二(三)).
TEAM_KINDS = ("township",)
TEAM_SECTION_FIELDS = [f for f, _t, _h in TEAM_REPORT_SECTIONS]
ROSTER_FIELDS = (("leaders", TeamRole.LEADER), ("deputies", TeamRole.DEPUTY), ("members", TeamRole.MEMBER))
#: Audit actions of whoever entered or submitted a team's record: four eyes keeps them from approving it.
AUTHOR_ACTIONS = ("survey_team.create", "survey_team.update", "survey_team.report_save", "survey_team.submit")


def may_set_up(user: Any, organization: Organization) -> bool:
    """The township's own staff set up and keep its teams (the county reviewer does not enter for it)."""
    return organization.kind in TEAM_KINDS and organization.is_active and can(user, "enter", organization)


def is_superior(user: Any, team: SurveyTeam) -> bool:
    """The level above the team's township (the county) decides on the report."""
    parent = team.organization.parent
    return parent is not None and can(user, "assess", parent)


def team_authors(team: SurveyTeam) -> set[int]:
    return audit_authors(team, *AUTHOR_ACTIONS) | ({team.submitted_by_id} if team.submitted_by_id else set())


def may_approve(user: Any, team: SurveyTeam) -> bool:
    return may_decide(user, authors=team_authors(team), enabled=four_eyes_on(team.campaign.ruleset))


def actions_for(user: Any, team: SurveyTeam) -> set[str]:
    """The buttons the user sees (the services check the same again)."""
    out: set[str] = set()
    if team.status in rules.TEAM_EDITABLE and may_set_up(user, team.organization):
        out |= {"edit", "submit"}
    if is_superior(user, team):
        for name in rules.TEAM_REPORT_WORKFLOW.transitions_from(team.status):
            if rules.TEAM_REPORT_WORKFLOW[name].meta.get("by") != "superior":
                continue
            if name == "approve" and not may_approve(user, team):
                continue
            out.add(name)
    return out


# ---------------------------------------------------------------- roster and coverage

ROSTER_PROBLEMS = {
    "name_too_long": lambda: _("the name is longer than %(n)d characters") % {"n": rules.ROSTER_NAME_MAX},
    "post_too_long": lambda: _("the post is longer than %(n)d characters") % {"n": rules.ROSTER_POST_MAX},
}


def roster_rows(texts: dict[str, str]) -> list[SurveyTeamMember]:
    """The roster from its three text boxes (one person a line, "name post"), unsaved; errors by box and line."""
    rows: list[SurveyTeamMember] = []
    errors: dict[str, list[str]] = {}
    for field, role in ROSTER_FIELDS:
        try:
            lines = rules.parse_roster(texts.get(field, ""))
        except rules.RosterProblem as problem:
            errors[field] = [_("Line %(line)d: %(problem)s.") % {"line": problem.line, "problem": ROSTER_PROBLEMS[problem.code]()}]
            continue
        rows += [SurveyTeamMember(role=role, name=x.name, post=x.post, order=len(rows) + i) for i, x in enumerate(lines)]
    if not errors and not any(r.role == TeamRole.LEADER for r in rows):
        errors["leaders"] = [_("Name the team leader (组长).")]
    if errors:
        raise ValidationError(errors)
    return rows


def roster_text(team: SurveyTeam, role: str) -> str:
    return "\n".join(f"{m.name} {m.post}".strip() for m in team.members.all() if m.role == role)


def _check_covers(organization: Organization, campaign: Campaign, covers: Iterable[Organization],
                  team: SurveyTeam | None) -> list[Organization]:
    covers = list(covers)
    if not covers:
        raise ValidationError({"covers": _("Pick the organisations the team covers.")})
    outside = [o.name for o in covers if not o.path.startswith(organization.path) or o.pk == organization.pk or not o.is_active]
    if outside:
        raise ValidationError({"covers": _("Only active organisations under %(org)s can be covered: %(names)s")
                               % {"org": organization.name, "names": "、".join(outside)}})
    taken = (SurveyTeam.covers.through.objects.filter(organization__in=covers, surveyteam__campaign=campaign)
             .select_related("organization", "surveyteam"))
    if team is not None:
        taken = taken.exclude(surveyteam=team)
    clashes = [f"{row.organization.name}（{row.surveyteam.name}）" for row in taken]
    if clashes:
        raise ValidationError({"covers": _("Already covered by another team this year: %(names)s")
                               % {"names": "、".join(clashes)}})
    return covers


def _team_snapshot(team: SurveyTeam) -> dict[str, Any]:
    return {"name": team.name, "covers": sorted(team.covers.values_list("pk", flat=True)),
            "roster": [f"{m.get_role_display()} {m.name} {m.post}".strip() for m in team.members.all()]}


def _save_roster(team: SurveyTeam, rows: list[SurveyTeamMember]) -> None:
    team.members.all().delete()
    for row in rows:
        row.team = team
    SurveyTeamMember.objects.bulk_create(rows)


@transaction.atomic
def survey_team_create(*, actor: Any, campaign: Campaign, organization: Organization, name: str,
                       covers: Iterable[Organization], **roster: str) -> SurveyTeam:
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if not can(actor, "enter", organization):
        raise Http404
    if not may_set_up(actor, organization):
        raise ValidationError(_("A survey team is set up by a township for its branches."))
    if not organization.path.startswith(campaign.scope.path):
        raise ValidationError({"campaign": _("The campaign does not cover this organisation.")})
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the team a name.")})
    if SurveyTeam.objects.filter(campaign=campaign, organization=organization, name=name).exists():
        raise ValidationError({"name": _("This township already has a team of that name this year.")})
    rows = roster_rows(roster)
    covers = _check_covers(organization, campaign, covers, None)
    team = SurveyTeam(campaign=campaign, organization=organization, name=name, created_by=actor)
    team.full_clean()
    team.save()
    team.covers.set(covers)
    _save_roster(team, rows)
    audit_record(actor=actor, action="survey_team.create", obj=team, organization=organization, after=_team_snapshot(team))
    return team


def _locked(team: SurveyTeam) -> SurveyTeam:
    return SurveyTeam.objects.select_for_update(of=("self",)).select_related(
        "organization__parent", "campaign__ruleset").get(pk=team.pk)


def _require_setter(actor: Any, team: SurveyTeam) -> None:
    if not can(actor, "enter", team.organization):
        raise Http404
    if team.status not in rules.TEAM_EDITABLE:
        raise ValidationError(_("The team's report is %(status)s: the team is read-only.") % {"status": team.get_status_display()})


@transaction.atomic
def survey_team_update(*, actor: Any, team: SurveyTeam, name: str, covers: Iterable[Organization], **roster: str) -> SurveyTeam:
    team = _locked(team)
    _require_setter(actor, team)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the team a name.")})
    if SurveyTeam.objects.filter(campaign=team.campaign, organization=team.organization, name=name).exclude(pk=team.pk).exists():
        raise ValidationError({"name": _("This township already has a team of that name this year.")})
    rows = roster_rows(roster)
    covers = _check_covers(team.organization, team.campaign, covers, team)
    before = _team_snapshot(team)
    team.name = name
    team.save(update_fields=["name", "updated"])
    team.covers.set(covers)
    _save_roster(team, rows)
    audit_record(actor=actor, action="survey_team.update", obj=team, organization=team.organization, before=before,
                 after=_team_snapshot(team))
    return team


@transaction.atomic
def survey_team_report_save(*, actor: Any, team: SurveyTeam, **sections: str) -> SurveyTeam:
    team = _locked(team)
    _require_setter(actor, team)
    before = snapshot(team, TEAM_SECTION_FIELDS)
    for key in TEAM_SECTION_FIELDS:
        if key in sections:
            setattr(team, key, (sections[key] or "").strip())
    team.save()
    audit_record(actor=actor, action="survey_team.report_save", obj=team, organization=team.organization,
                 before=before, after=snapshot(team, TEAM_SECTION_FIELDS))
    return team


# ---------------------------------------------------------------- the report's workflow

def _move(actor: Any, team: SurveyTeam, transition: str, reason: str = "", **fields: Any) -> SurveyTeam:
    target = rules.TEAM_REPORT_WORKFLOW.next_state(team.status, transition)
    if target is None:
        raise ValidationError(_("This step cannot be taken now (status: %(status)s).") % {"status": team.get_status_display()})
    before = team.status
    team.status = target
    for key, value in fields.items():
        setattr(team, key, value)
    team.save()
    audit_record(actor=actor, action=f"survey_team.{transition}", obj=team, organization=team.organization,
                 before={"status": before}, after={"status": target, **{k: v for k, v in fields.items() if k == "is_late"}},
                 reason=reason)
    return team


@transaction.atomic
def survey_team_submit(*, actor: Any, team: SurveyTeam, now: datetime.datetime | None = None) -> SurveyTeam:
    """The township submits the team's report to the county, by the campaign's survey due date [seed 000 §二(三)]."""
    team = _locked(team)
    if not can(actor, "enter", team.organization):
        raise Http404
    if not rules.TEAM_REPORT_WORKFLOW.allowed(team.status, "submit"):
        raise ValidationError(_("This report has already been submitted."))
    empty = [str(title) for f, title, _h in TEAM_REPORT_SECTIONS if not getattr(team, f).strip()]
    if empty:
        raise ValidationError(_("Please write these sections before submitting: %(names)s") % {"names": "、".join(empty)})
    if not team.covers.exists():
        raise ValidationError(_("Pick the organisations the team covers before submitting."))
    now = now or timezone.now()
    return _move(actor, team, "submit", submitted_at=now, submitted_by=actor,
                 is_late=rules.is_late(timezone.localdate(now), team.campaign.survey_due))


def _superior_move(actor: Any, team: SurveyTeam, transition: str) -> SurveyTeam:
    team = _locked(team)
    if not is_superior(actor, team):
        raise Http404
    if not rules.TEAM_REPORT_WORKFLOW.allowed(team.status, transition):
        raise ValidationError(_("This step cannot be taken now (status: %(status)s).") % {"status": team.get_status_display()})
    return team


@transaction.atomic
def survey_team_approve(*, actor: Any, team: SurveyTeam, reason: str = "") -> SurveyTeam:
    team = _superior_move(actor, team, "approve")
    require_other_person(actor, authors=team_authors(team), ruleset=team.campaign.ruleset)
    return _move(actor, team, "approve", (reason or "").strip(), review_comment=(reason or "").strip(),
                 decided_at=timezone.now(), decided_by=actor)


@transaction.atomic
def survey_team_return(*, actor: Any, team: SurveyTeam, reason: str) -> SurveyTeam:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the report is returned.")})
    team = _superior_move(actor, team, "return")
    return _move(actor, team, "return", reason.strip(), review_comment=reason.strip(), decided_at=timezone.now(),
                 decided_by=actor)


@transaction.atomic
def survey_team_reopen(*, actor: Any, team: SurveyTeam, reason: str) -> SurveyTeam:
    """The county reopens an approved report with a reason; it goes back to "submitted" for a new decision."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for reopening.")})
    team = _superior_move(actor, team, REOPEN)
    return _move(actor, team, REOPEN, reason.strip())


DECISIONS = {"approve": survey_team_approve, "return": survey_team_return, REOPEN: survey_team_reopen}
