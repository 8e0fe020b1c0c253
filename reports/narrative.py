"""The township's annual summary text (成绩, 经验, 问题, 下一步) and its submission to the county (上报):
seed 000 §五(四) "总结成绩和经验，形成年度工作总结…于11月底前上报" (docs/rules.md §9, §10).

Writes are one atomic function each, with the scope re-checked and an audit row; reads are scoped."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record, snapshot
from organizations.choices import OrgKind
from organizations.models import Organization
from organizations.scope import can, require, restrict

from .models import SummaryNarrative

FIELDS = list(SummaryNarrative.TEXT_FIELDS)


def _writable(actor: Any, organization: Organization) -> None:
    """The township's own office writes its summary (the county reads it)."""
    require(actor, "enter", organization)
    if organization.kind != OrgKind.TOWNSHIP:
        raise ValidationError(_("The annual summary is written by a township committee."))


@transaction.atomic
def narrative_save(*, actor: Any, organization: Organization, year: int, **texts: str) -> SummaryNarrative:
    _writable(actor, organization)
    obj, _created = SummaryNarrative.objects.select_for_update().get_or_create(organization=organization, year=year)
    if obj.state == SummaryNarrative.State.SUBMITTED:
        raise ValidationError(_("The summary has been submitted to the county and can no longer change."))
    before = snapshot(obj, FIELDS)
    for key in FIELDS:
        if key in texts:
            setattr(obj, key, (texts[key] or "").strip())
    obj.save()
    audit_record(actor=actor, action="summary.save", obj=obj, organization=organization, before=before,
                 after=snapshot(obj, FIELDS))
    return obj


@transaction.atomic
def narrative_submit(*, actor: Any, organization: Organization, year: int) -> SummaryNarrative:
    """上报: every part must be written; afterwards the text is read-only."""
    _writable(actor, organization)
    obj = SummaryNarrative.objects.select_for_update().filter(organization=organization, year=year).first()
    if obj is None:
        raise ValidationError(_("Write the summary first."))
    if obj.state == SummaryNarrative.State.SUBMITTED:
        raise ValidationError(_("The summary has already been submitted."))
    labels = {f: SummaryNarrative._meta.get_field(f).verbose_name for f in FIELDS}
    missing = [str(labels[f]) for f in FIELDS if not getattr(obj, f).strip()]
    if missing:
        raise ValidationError(_("Write every part before submitting: %(parts)s") % {"parts": "、".join(missing)})
    obj.state, obj.submitted_by, obj.submitted_at = SummaryNarrative.State.SUBMITTED, actor, timezone.now()
    obj.save()
    audit_record(actor=actor, action="summary.submit", obj=obj, organization=organization,
                 before={"state": "draft"}, after={"state": "submitted"})
    return obj


@dataclass(frozen=True)
class NarrativeStatus:
    organization: Organization
    narrative: SummaryNarrative | None

    @property
    def submitted(self) -> bool:
        return self.narrative is not None and self.narrative.state == SummaryNarrative.State.SUBMITTED


def narrative_statuses(user: Any, root: Organization, year: int) -> list[NarrativeStatus]:
    """Every township under ``root`` in the user's scope with its summary of ``year`` (who has submitted and who
    has not); two queries."""
    towns = list(restrict(Organization.objects.filter(kind=OrgKind.TOWNSHIP, is_active=True, path__under=root.path),
                          user).order_by("path"))
    texts = {n.organization_id: n for n in SummaryNarrative.objects.filter(organization__in=towns, year=year)}
    return [NarrativeStatus(t, texts.get(t.pk)) for t in towns]


def may_write(user: Any, organization: Organization) -> bool:
    return organization.kind == OrgKind.TOWNSHIP and can(user, "enter", organization)
