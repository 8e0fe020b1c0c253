"""Pledges kept (承诺践诺, seed 000 §四(三) "党员公开承诺践诺", seed 001 "承诺与问责"; docs/rules.md §9): the
superior assesses each member's public pledge at year end, and each community cadre's commitment with the
accountability (问责) taken when it was not kept."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from core.audit import audit_record
from organizations.models import Organization
from organizations.scope import can
from upgrades.models import MemberPledge

from .models import CadreCommitment, PledgeAssessment, PledgeResult


def _require(user: Any, action: str, organization: Organization | None) -> None:
    if organization is None or not can(user, action, organization):
        raise Http404


@transaction.atomic
def pledge_assess(*, actor: Any, pledge: MemberPledge, result: str, note: str = "") -> PledgeAssessment:
    p = MemberPledge.objects.select_for_update(of=("self",)).select_related("commitment__organization__parent").get(pk=pledge.pk)
    _require(actor, "assess", p.commitment.organization.parent)
    if result not in PledgeResult.values:
        raise ValidationError({"result": _("Choose kept, partly kept or not kept.")})
    if PledgeAssessment.objects.filter(pledge=p).exists():
        raise ValidationError(_("This pledge is already assessed."))
    a = PledgeAssessment.objects.create(pledge=p, result=result, note=(note or "").strip(), assessed_by=actor)
    audit_record(actor=actor, action="pledge.assess", obj=a, organization=p.commitment.organization,
                 after={"member": p.member_name, "result": result, "note": a.note})
    return a


@transaction.atomic
def cadre_commitment_add(*, actor: Any, campaign: Campaign, organization: Organization, cadre: str, post: str, text: str) -> CadreCommitment:
    _require(actor, "enter", organization)
    c = CadreCommitment(campaign=campaign, organization=organization, cadre=cadre.strip(), post=post.strip(), text=text.strip())
    c.full_clean()
    c.save()
    audit_record(actor=actor, action="cadre_commitment.add", obj=c, organization=organization,
                 after={"cadre": c.cadre, "post": c.post, "text": c.text})
    return c


@transaction.atomic
def cadre_commitment_assess(*, actor: Any, commitment: CadreCommitment, result: str, accountability: str = "") -> CadreCommitment:
    c = CadreCommitment.objects.select_for_update(of=("self",)).select_related("organization__parent").get(pk=commitment.pk)
    _require(actor, "assess", c.organization.parent)
    if c.result:
        raise ValidationError(_("This commitment is already assessed."))
    if result not in PledgeResult.values:
        raise ValidationError({"result": _("Choose kept, partly kept or not kept.")})
    if result != PledgeResult.KEPT and not (accountability or "").strip():
        raise ValidationError({"accountability": _("Record the accountability taken for a commitment not fully kept.")})
    c.result, c.accountability, c.assessed_by = result, (accountability or "").strip(), actor
    c.save()
    audit_record(actor=actor, action="cadre_commitment.assess", obj=c, organization=c.organization,
                 after={"cadre": c.cadre, "result": result, "accountability": c.accountability})
    return c
