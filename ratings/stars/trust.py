"""Who may decide on a star record and whether it is still open to change (docs/rules.md §13).

Four eyes: whoever entered or submitted a sheet's self-score or an application does not score it as reviewer,
fix its final score or decide on the application (rule-set switch ``four_eyes``). Frozen records: a score a
decision rests on is read-only; the only way back is an explicit reopening by the level that decided.
"""
from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core.four_eyes import audit_authors, four_eyes_on, may_decide

from .choices import AppState, Decision, SheetStatus, Stage
from .models import ScoreSheet, StarApplication, StarApproval

#: Application states in which the township has decided on the scores (reviewer scores are fixed).
ASSESSED_OR_LATER = (AppState.ASSESSED, AppState.INSPECTED, AppState.NOTICE, AppState.APPROVED)
#: Application states in which the scores are public or approved (every score and file is fixed).
PUBLIC_OR_APPROVED = (AppState.NOTICE, AppState.APPROVED)


def sheet_authors(sheet: ScoreSheet, *stages: str) -> set[int]:
    """Who entered the given stages of the sheet, or submitted its self-score."""
    actions = [f"score_sheet.{stage}" for stage in stages]
    if Stage.SELF in stages:
        actions.append("score_sheet.submit")
    return audit_authors(sheet, *actions)


def application_authors(app: StarApplication) -> set[int]:
    """Who created or submitted the application, or entered the self-score of its sheet."""
    out = audit_authors(app, "star_application.create")
    out |= set(StarApproval.objects.filter(application=app, decision=Decision.SUBMIT, actor__isnull=False)
               .values_list("actor_id", flat=True))
    if app.sheet_id:
        out |= sheet_authors(app.sheet, Stage.SELF)
    return out


def may_decide_application(user: Any, app: StarApplication) -> bool:
    return may_decide(user, authors=application_authors(app), enabled=four_eyes_on(app.campaign.ruleset))


def may_decide_stage(user: Any, sheet: ScoreSheet, stage: str) -> bool:
    """The reviewer and the final score are not given by whoever entered or submitted the self-score. (The
    reviewer may also give the final score: for a township's own sheet the county is both.)"""
    if stage == Stage.SELF:
        return True
    return may_decide(user, authors=sheet_authors(sheet, Stage.SELF), enabled=four_eyes_on(sheet.campaign.ruleset))


def _app_states(sheet: ScoreSheet) -> set[str]:
    return set(StarApplication.objects.filter(sheet_id=sheet.pk).values_list("state", flat=True))


def stage_frozen(sheet: ScoreSheet, stage: str) -> str | None:
    """Why the stage's scores can no longer be changed (a sentence for the user), or None while open."""
    states = _app_states(sheet)
    if states & set(PUBLIC_OR_APPROVED):
        return _("The scores are under public notice or approved and can no longer be changed; the county can "
                 "reopen the application with a reason.")
    if stage == Stage.SELF:
        if sheet.status != SheetStatus.DRAFT:
            return _("The self-score has been submitted and can no longer be changed.")
        if states - {AppState.DRAFT, AppState.RETURNED}:
            return _("The application on this self-score has been submitted; the self-score can no longer be changed.")
    elif stage == Stage.REVIEWER:
        if sheet.status == SheetStatus.DRAFT:
            return _("The self-score has not been submitted yet.")
        if sheet.status == SheetStatus.FINAL:
            return _("The final score is fixed; the county can reopen the sheet with a reason.")
        if states & set(ASSESSED_OR_LATER):
            return _("The township has assessed the application on these scores; the reviewer score can no longer "
                     "be changed.")
    else:
        if sheet.status in (SheetStatus.DRAFT, SheetStatus.SUBMITTED):
            return _("The reviewer has not scored the sheet yet.")
        if sheet.status == SheetStatus.FINAL:
            return _("The final score is fixed; the county can reopen the sheet with a reason.")
    return None


def evidence_frozen(sheet: ScoreSheet) -> str | None:
    if sheet.status == SheetStatus.FINAL or _app_states(sheet) & set(PUBLIC_OR_APPROVED):
        return _("The sheet's scores are final; no evidence can be added or changed.")
    return None
