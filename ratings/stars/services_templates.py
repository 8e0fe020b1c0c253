"""Writes of the scoring templates: a county copy of a built-in sheet, its rules, sections and star cut-offs.
Built-in templates are read-only; a template already used by a sheet is copied to a new version first."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from organizations.models import Organization
from organizations.scope import require

from .models import ScoringRule, ScoringSection, ScoringTemplate


# ---------------------------------------------------------------- templates

def _copy_template(source: ScoringTemplate, **overrides: Any) -> ScoringTemplate:
    fields = dict(name=source.name, domain=source.domain, year=source.year, version=source.version,
                  owner=source.owner, source=source.source, notes=source.notes, bonus_cap=source.bonus_cap,
                  cutoff_5=source.cutoff_5, cutoff_4=source.cutoff_4, cutoff_3=source.cutoff_3, cutoff_2=source.cutoff_2)
    fields.update(overrides)
    copy = ScoringTemplate.objects.create(is_builtin=False, **fields)
    for section in source.sections.prefetch_related("rules"):
        new_section = ScoringSection.objects.create(template=copy, order=section.order, title=section.title,
                                                    max_points=section.max_points, kind=section.kind,
                                                    description=section.description)
        ScoringRule.objects.bulk_create([
            ScoringRule(section=new_section, order=r.order, text=r.text, method=r.method, points=r.points,
                        own_points=r.own_points, required=r.required, tiers=r.tiers, checklist=r.checklist,
                        max_points=r.max_points, source=r.source)
            for r in section.rules.all()
        ])
    return copy


@transaction.atomic
def template_copy(*, actor: Any, template: ScoringTemplate, owner: Organization, name: str, year: int) -> ScoringTemplate:
    require(actor, "manage_rules", owner)
    copy = _copy_template(template, owner=owner, name=name, year=year, version=1, previous=None)
    audit_record(actor=actor, action="scoring_template.copy", obj=copy, organization=owner,
                 after={"from": template.pk, "name": name, "year": year})
    return copy


def _editable(actor: Any, template: ScoringTemplate) -> ScoringTemplate:
    """The template to edit: itself, or — when frozen by scores — a new version that replaces it."""
    if template.is_builtin or template.owner is None:
        raise ValidationError(_("Built-in templates are read-only; copy one to change it."))
    require(actor, "manage_rules", template.owner)
    if not template.sheets.exists():
        return template
    new = _copy_template(template, version=template.version + 1, previous=template)
    ScoringTemplate.objects.filter(pk=template.pk).update(is_active=False)
    audit_record(actor=actor, action="scoring_template.new_version", obj=new, organization=template.owner,
                 after={"previous": template.pk, "version": new.version},
                 reason=_("The template has scores; the edit makes a new version."))
    return new


def _editable_locked(actor: Any, template_id: int) -> ScoringTemplate:
    """Lock the template and answer the one to edit (``_editable``): every edit of a template starts here."""
    return _editable(actor, ScoringTemplate.objects.select_for_update().get(pk=template_id))


def _section_in(target: ScoringTemplate, section: ScoringSection) -> ScoringSection:
    """``section``, or its copy in ``target`` when the edit made a new version."""
    return section if section.template_id == target.pk else ScoringSection.objects.get(template=target, order=section.order)


def _update_fields(actor: Any, obj: Any, target: ScoringTemplate, action: str, fields: dict[str, Any]) -> Any:
    before = {k: getattr(obj, k) for k in fields}
    for key, value in fields.items():
        setattr(obj, key, value)
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, action=action, obj=obj, organization=target.owner, before=before, after=fields)
    return obj


@transaction.atomic
def template_rule_update(*, actor: Any, rule: ScoringRule, **fields: Any) -> ScoringRule:
    target = _editable_locked(actor, rule.section.template_id)
    if target.pk != rule.section.template_id:
        rule = ScoringRule.objects.get(section__template=target, section__order=rule.section.order, order=rule.order)
    return _update_fields(actor, rule, target, "scoring_rule.update", fields)


@transaction.atomic
def template_section_update(*, actor: Any, section: ScoringSection, **fields: Any) -> ScoringSection:
    target = _editable_locked(actor, section.template_id)
    return _update_fields(actor, _section_in(target, section), target, "scoring_section.update", fields)


CUTOFF_FIELDS = ("cutoff_5", "cutoff_4", "cutoff_3", "cutoff_2")


@transaction.atomic
def template_cutoffs_update(*, actor: Any, template: ScoringTemplate, **cutoffs: Decimal | None) -> ScoringTemplate:
    """The template's own star cut-offs (docs/rules.md §8); empty = the rule set's as the same share of its maximum.
    Each must lie within the sheet's maximum and the four must descend (five ≥ four ≥ three ≥ two)."""
    target = _editable_locked(actor, template.pk)
    sheet_max = sum((s.max_points for s in target.sections.all()), Decimal(0))
    values = [cutoffs.get(k) for k in CUTOFF_FIELDS]
    errors = {k: _("Between 0 and the sheet's maximum (%(max)s).") % {"max": sheet_max}
              for k, v in zip(CUTOFF_FIELDS, values) if v is not None and not (0 <= v <= sheet_max)}
    given = [v for v in values if v is not None]
    if not errors and any(a < b for a, b in zip(given, given[1:])):
        errors["cutoff_5"] = _("The cut-offs must descend from five stars to two.")
    if errors:
        raise ValidationError(errors)
    before = {k: getattr(target, k) for k in CUTOFF_FIELDS}
    for k, v in zip(CUTOFF_FIELDS, values):
        setattr(target, k, v)
    target.save(update_fields=[*CUTOFF_FIELDS, "updated"])
    audit_record(actor=actor, action="scoring_template.cutoffs", obj=target, organization=target.owner, before=before,
                 after={k: getattr(target, k) for k in CUTOFF_FIELDS})
    return target


@transaction.atomic
def template_rule_add(*, actor: Any, section: ScoringSection, **fields: Any) -> ScoringRule:
    """A new rule at the end of a section of an editable (copied) template; frozen → a new version."""
    target = _editable_locked(actor, section.template_id)
    section = _section_in(target, section)
    last = section.rules.order_by("-order").values_list("order", flat=True).first() or 0
    rule = ScoringRule(section=section, order=last + 1, **fields)
    rule.full_clean()
    rule.save()
    audit_record(actor=actor, action="scoring_rule.add", obj=rule, organization=target.owner,
                 after={k: str(v) for k, v in fields.items()})
    return rule
