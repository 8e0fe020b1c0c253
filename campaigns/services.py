"""Writes of campaigns and rule sets; each leaves an audit row."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.models import Organization
from organizations.scope import require

from core.audit import audit_record, changed, snapshot
from .models import Campaign, QuorumRule, RuleSet
from core.rulesettings import REGISTRY, parse_value

CAMPAIGN_FIELDS = ("year", "name", "scope", "ruleset", "survey_start", "survey_due", "classification_start",
                   "classification_due", "upgrade_start", "upgrade_due", "summary_start", "summary_due")
QUORUM_FIELDS = ("min_total", "min_masses_percent", "min_entitled_percent", "may_invite_service_recipients",
                 "invite_when_below", "service_recipients_count_as_masses", "count_only_non_party")


def _check_dates(c: Campaign) -> None:
    order = [c.survey_start, c.survey_due, c.classification_due, c.upgrade_due, c.summary_due]
    if any(a > b for a, b in zip(order, order[1:])):
        raise ValidationError(_("The phase dates must follow each other: survey start ≤ survey due ≤ classification due ≤ upgrade end ≤ summary due."))
    # phases may overlap (seed 003), but each starts on or before its own end and not before the survey
    for phase, start, due in c.phase_deadlines():
        if start > due or start < c.survey_start:
            raise ValidationError(_("%(phase)s: the start (%(start)s) must lie between the survey start and the phase's end (%(due)s).")
                                  % {"phase": phase.label, "start": start, "due": due})


@transaction.atomic
def campaign_create(*, actor: Any, scope: Organization, ruleset: RuleSet, **fields: Any) -> Campaign:
    require(actor, "manage_campaign", scope)
    campaign = Campaign(scope=scope, ruleset=ruleset, **fields)
    _check_dates(campaign)
    campaign.full_clean()
    campaign.save()
    audit_record(actor=actor, action="campaign.create", obj=campaign, organization=scope,
                 after=snapshot(campaign, CAMPAIGN_FIELDS))
    return campaign


@transaction.atomic
def campaign_update(*, actor: Any, campaign: Campaign, reason: str = "", **fields: Any) -> Campaign:
    campaign = Campaign.objects.select_for_update(of=("self",)).select_related("scope").get(pk=campaign.pk)
    require(actor, "manage_campaign", campaign.scope)
    before = snapshot(campaign, CAMPAIGN_FIELDS)
    for key, value in fields.items():
        if key not in CAMPAIGN_FIELDS or key == "scope":
            raise ValueError(key)
        setattr(campaign, key, value)
    _check_dates(campaign)
    campaign.full_clean()
    campaign.save()
    old, new = changed(before, snapshot(campaign, CAMPAIGN_FIELDS))
    if new:
        audit_record(actor=actor, action="campaign.update", obj=campaign, organization=campaign.scope,
                     before=old, after=new, reason=reason)
    return campaign


@transaction.atomic
def ruleset_copy(*, actor: Any, source: RuleSet, owner: Organization, name: str) -> RuleSet:
    require(actor, "manage_rules", owner)
    if RuleSet.objects.filter(name=name).exists():
        raise ValidationError({"name": _("A rule set with this name exists.")})
    copy = RuleSet.objects.create(
        name=name, description=source.description, version=1, is_builtin=False, copied_from=source,
        owner=owner, values=dict(source.values), classification_standards=source.classification_standards,
    )
    QuorumRule.objects.bulk_create([
        QuorumRule(ruleset=copy, **{f.name: getattr(rule, f.name) for f in QuorumRule._meta.fields
                                     if f.name not in ("id", "ruleset")})
        for rule in source.quorum_rules.all()
    ])
    audit_record(actor=actor, action="ruleset.copy", obj=copy, organization=owner,
                 after={"copied_from": source.pk, "name": name})
    return copy


def _editable(actor: Any, ruleset: RuleSet) -> None:
    if ruleset.is_builtin or ruleset.owner is None:
        raise ValidationError(_("Built-in rule sets cannot be changed; copy one first."))
    require(actor, "manage_rules", ruleset.owner)


@transaction.atomic
def ruleset_update(*, actor: Any, ruleset: RuleSet, values: dict[str, Any], classification_standards: str | None = None,
                   reason: str = "") -> RuleSet:
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer join to the owner.
    ruleset = RuleSet.objects.select_for_update(of=("self",)).select_related("owner").get(pk=ruleset.pk)
    _editable(actor, ruleset)
    new_values = dict(ruleset.values)
    for key, raw in values.items():
        setting = REGISTRY.get(key)
        if setting is None:
            raise ValidationError(_("Unknown setting %(key)s.") % {"key": key})
        try:
            value = parse_value(setting, raw)
        except ValueError:
            raise ValidationError({key: _("Not a valid value.")})
        if value == setting.default:
            new_values.pop(key, None)
        else:
            new_values[key] = str(value) if setting.kind == "decimal" else value
    before = {"values": ruleset.values, "classification_standards": ruleset.classification_standards}
    ruleset.values = new_values
    if classification_standards is not None:
        ruleset.classification_standards = classification_standards
    after = {"values": ruleset.values, "classification_standards": ruleset.classification_standards}
    if before != after:
        ruleset.version += 1
        ruleset.save()
        audit_record(actor=actor, action="ruleset.update", obj=ruleset, organization=ruleset.owner,
                     before=before, after=after, reason=reason)
    return ruleset


@transaction.atomic
def quorum_rule_update(*, actor: Any, rule: QuorumRule, reason: str = "", **fields: Any) -> QuorumRule:
    rule = QuorumRule.objects.select_for_update(of=("self",)).select_related("ruleset__owner").get(pk=rule.pk)
    _editable(actor, rule.ruleset)
    before = snapshot(rule, QUORUM_FIELDS)
    for key, value in fields.items():
        if key not in QUORUM_FIELDS:
            raise ValueError(key)
        setattr(rule, key, value)
    if rule.min_masses_percent is not None and not (0 <= rule.min_masses_percent <= 100):
        raise ValidationError({"min_masses_percent": _("A share is between 0 and 100.")})
    rule.full_clean()
    rule.save()
    old, new = changed(before, snapshot(rule, QUORUM_FIELDS))
    if new:
        ruleset = rule.ruleset
        ruleset.version += 1
        ruleset.save(update_fields=["version", "updated"])
        audit_record(actor=actor, action="quorum_rule.update", obj=rule, organization=ruleset.owner,
                     before=old, after=new, reason=reason)
    return rule
