"""Agreements up the line (逐级签订目标责任书, seed 000 §四(二), docs/rules.md §9): the township's agreement
with the county — written by the township, submitted, approved or returned by the county (another
person than the one who submitted), printed, and its signed scan uploaded. The states and moves are
the commitment's (upgrades.rules.COMMITMENT_WORKFLOW), so both levels follow one table."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from core.audit import audit_record, snapshot
from core.four_eyes import may_decide
from core.uploads import check_upload
from organizations.models import Organization
from organizations.scope import can
from upgrades import rules as upgrade_rules
from upgrades.choices import CommitmentState

from .models import LineAgreement

KINDS = ("township", "committee")
SCAN_TYPES = ("pdf", "jpg", "jpeg", "png")
FIELDS = ["state", "targets", "measures", "review_comment"]


def _require(user: Any, action: str, organization: Organization | None) -> None:
    if organization is None or not can(user, action, organization):
        raise Http404


def _locked(obj: LineAgreement) -> LineAgreement:
    return LineAgreement.objects.select_for_update(of=("self",)).select_related("organization__parent", "campaign__ruleset").get(pk=obj.pk)


def default_targets(campaign: Campaign) -> str:
    rs = campaign.ruleset
    return _("By the end of the year, the upgrade rate of average organisations reaches %(up)s%% or more and the "
             "transformation rate of lagging organisations %(tr)s%% or more.") % {
        "up": rs.setting("upgrade_rate_target"), "tr": rs.setting("transformation_rate_target")}


@transaction.atomic
def agreement_save(*, actor: Any, campaign: Campaign, organization: Organization, targets: str, measures: str) -> LineAgreement:
    """Create or change the township's agreement while it is a draft or returned."""
    _require(actor, "enter", organization)
    if organization.kind not in KINDS or not organization.path.startswith(campaign.scope.path) or organization.parent is None:
        raise ValidationError(_("Agreements up the line are signed by townships and organ committees with the county."))
    obj = LineAgreement.objects.filter(campaign=campaign, organization=organization).first()
    if obj is None:
        obj = LineAgreement(campaign=campaign, organization=organization)
        before = None
    else:
        obj = _locked(obj)
        if obj.state not in (CommitmentState.DRAFT, CommitmentState.RETURNED):
            raise ValidationError(_("A submitted or approved agreement cannot be changed."))
        before = snapshot(obj, FIELDS)
    if not (measures or "").strip():
        raise ValidationError({"measures": _("Write at least one measure.")})
    obj.targets, obj.measures = targets.strip(), measures.strip()
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, action="line_agreement.save", obj=obj, organization=organization, before=before,
                 after=snapshot(obj, FIELDS))
    return obj


@transaction.atomic
def agreement_transition(*, actor: Any, agreement: LineAgreement, transition: str, comment: str = "") -> LineAgreement:
    obj = _locked(agreement)
    if transition == "submit":
        _require(actor, "enter", obj.organization)
    else:
        _require(actor, "assess", obj.organization.parent)
        if not may_decide(actor, authors=[obj.submitted_by_id], enabled=obj.campaign.ruleset.setting("four_eyes")):
            raise ValidationError(_("Whoever submitted the agreement does not decide on it."))
        if transition == "return" and not (comment or "").strip():
            raise ValidationError({"reason": _("Say why the agreement is returned.")})
    target = upgrade_rules.next_state(obj.state, transition)
    if target is None:
        raise ValidationError(_("This step cannot be taken now (status: %(state)s).") % {"state": obj.get_state_display()})
    before = snapshot(obj, FIELDS)
    obj.state = target
    if transition == "submit":
        obj.submitted_by = actor
    else:
        obj.decided_by, obj.review_comment = actor, (comment or "").strip()
    obj.save()
    audit_record(actor=actor, action=f"line_agreement.{transition}", obj=obj, organization=obj.organization, before=before,
                 after=snapshot(obj, FIELDS), reason=(comment or "").strip())
    return obj


@transaction.atomic
def agreement_scan_upload(*, actor: Any, agreement: LineAgreement, upload: Any) -> LineAgreement:
    obj = _locked(agreement)
    _require(actor, "enter", obj.organization)
    if obj.state != CommitmentState.APPROVED:
        raise ValidationError(_("The agreement is signed after it is approved."))
    try:
        check_upload(upload, allowed=SCAN_TYPES)
    except ValidationError as exc:
        raise ValidationError({"file": exc})
    obj.scan.save(upload.name, upload, save=False)
    obj.scan_uploaded_at = timezone.now()
    obj.save(update_fields=["scan", "scan_uploaded_at", "updated"])
    audit_record(actor=actor, action="line_agreement.scan", obj=obj, organization=obj.organization,
                 after={"name": upload.name, "size": upload.size})
    return obj


def actions_for(user: Any, obj: LineAgreement) -> set[str]:
    out: set[str] = set()
    if can(user, "enter", obj.organization):
        if obj.state in (CommitmentState.DRAFT, CommitmentState.RETURNED):
            out |= {"edit", "submit"}
        if obj.state == CommitmentState.APPROVED:
            out.add("scan")
    parent = obj.organization.parent
    if (obj.state == CommitmentState.SUBMITTED and parent is not None and can(user, "assess", parent)
            and may_decide(user, authors=[obj.submitted_by_id], enabled=obj.campaign.ruleset.setting("four_eyes"))):
        out |= {"approve", "return"}
    return out
