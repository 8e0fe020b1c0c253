"""Reopening a decided star record (docs/rules.md §13): the only way back from an approved application or a
final score sheet, by the level that decided, with a reason, audited."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record

from .choices import AppState, Decision, SheetStatus
from .models import ScoreSheet, StarApplication, StarApproval, StarRating
from .services import _lock, _move, can_above


def _deciding(app: StarApplication) -> StarApproval | None:
    """The step that approved the application (the county's approval, or the township's assessment)."""
    return (StarApproval.objects.filter(application=app, to_state=AppState.APPROVED)
            .exclude(decision=Decision.SPOT_CHECK).order_by("-created", "-id").first())


def may_reopen(actor: Any, app: StarApplication) -> bool:
    """Only the level that approved reopens: the county after its approval, the township after its assessment."""
    if app.state != AppState.APPROVED:
        return False
    step = _deciding(app)
    action = "assess" if step is not None and step.decision == Decision.ASSESS else "review"
    return can_above(actor, action, app.organization)


@transaction.atomic
def application_reopen(*, actor: Any, application: StarApplication, reason: str) -> StarApplication:
    """重新审定: the level that approved takes the approval back, with a reason (docs/rules.md §13). The
    application returns to the state it was approved from and the year's rating is withdrawn."""
    app = _lock(application)
    if not reason.strip():
        raise ValidationError({"comment": _("Give the reason for reopening.")})
    if app.state != AppState.APPROVED:
        raise ValidationError(_("Only an approved application can be reopened."))
    if not may_reopen(actor, app):
        raise ValidationError(_("Only the level that approved the application can reopen it."))
    step = _deciding(app)
    rating = StarRating.objects.filter(organization=app.organization, campaign=app.campaign).first()
    if rating is not None:
        audit_record(actor=actor, action="star_rating.withdraw", obj=rating, organization=app.organization,
                     before={"level": rating.level, "approved_level": rating.approved_level}, after=None, reason=reason)
        rating.delete()
    app.final_level = None
    app.save(update_fields=["final_level", "updated"])
    back = step.from_state if step is not None else AppState.SUBMITTED
    return _move(actor, app, Decision.REOPEN, reason.strip(), app.proposed_level, to_state=back)


@transaction.atomic
def sheet_reopen(*, actor: Any, sheet: ScoreSheet, reason: str) -> ScoreSheet:
    """The county reopens a final score sheet, with a reason: it goes back to "reviewed" for a new final score.
    A sheet under public notice or approved needs its application reopened first."""
    sheet = ScoreSheet.objects.select_for_update(of=("self",)).select_related("organization", "campaign__ruleset").get(pk=sheet.pk)
    if not can_above(actor, "review", sheet.organization):
        raise ValidationError(_("Only the county reopens a final score."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for reopening.")})
    if sheet.status != SheetStatus.FINAL:
        raise ValidationError(_("Only a final score sheet can be reopened."))
    if sheet.applications.filter(state__in=(AppState.NOTICE, AppState.APPROVED)).exists():
        raise ValidationError(_("The application on this sheet is under public notice or approved; reopen the "
                                "application first."))
    sheet.status = SheetStatus.REVIEWED
    sheet.save(update_fields=["status", "updated"])
    audit_record(actor=actor, action="score_sheet.reopen", obj=sheet, organization=sheet.organization,
                 before={"status": SheetStatus.FINAL, "final_total": sheet.final_total},
                 after={"status": sheet.status}, reason=reason.strip())
    return sheet


def may_reopen_sheet(actor: Any, sheet: ScoreSheet) -> bool:
    return (sheet.status == SheetStatus.FINAL and can_above(actor, "review", sheet.organization)
            and not sheet.applications.filter(state__in=(AppState.NOTICE, AppState.APPROVED)).exists())
