"""Rule sets with their quorum table, and campaigns (the rating year of one scope)."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from .choices import Activity, GroupAScope, QuorumGroup


class RuleSet(TimeStampedModel):
    """A versioned set of the numbers the rules use: the quorum table plus named settings.

    Built-in rule sets (loaded from fixtures that cite the seeds) are read-only; staff copy one and
    change its numbers for their county. Every change bumps ``version`` and leaves an audit row, so
    a campaign can always say which numbers it used. Scalar settings live in ``values`` keyed by the
    registry in ``core.rulesettings`` (each with its default and source), so later capabilities add
    settings without a migration.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    is_builtin = models.BooleanField(_("built in"), default=False)
    copied_from = models.ForeignKey(
        "self", verbose_name=_("copied from"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="copies",
    )
    owner = models.ForeignKey(
        "organizations.Organization", verbose_name=_("owner"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="rule_sets",
    )
    values = models.JSONField(_("settings"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    classification_standards = models.TextField(
        _("classification standards"), blank=True,
        help_text=_("The county's guiding standards for advanced, average and lagging, with the township's additions."),
    )

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        ordering = ["-is_builtin", "name"]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def setting(self, key: str) -> Any:
        """The value of a registered setting, or its default."""
        from core.rulesettings import setting_value

        return setting_value(self, key)


class QuorumRule(models.Model):
    """One row of the quorum table of docs/rules.md §4 for one activity and quorum group."""

    ruleset = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="quorum_rules")
    activity = models.CharField(_("activity"), max_length=30, choices=Activity.choices)
    group = models.CharField(_("quorum group"), max_length=1, choices=QuorumGroup.choices)
    group_a_scope = models.CharField(
        _("who is group A"), max_length=30, choices=GroupAScope.choices, default=GroupAScope.VILLAGE_COMMUNITY
    )
    min_total = models.PositiveIntegerField(_("minimum participants"), null=True, blank=True)
    min_masses_percent = models.DecimalField(
        _("minimum masses share (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    min_entitled_percent = models.DecimalField(
        _("attendance of those entitled, more than (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        help_text=_("For member meetings: attendance must be more than this share of the members entitled."),
    )
    may_invite_service_recipients = models.BooleanField(_("may invite service recipients"), default=False)
    invite_when_below = models.PositiveIntegerField(
        _("service recipients only when fewer than"), null=True, blank=True,
        help_text=_("Service recipients count only when party members and masses together are fewer than this; empty = whenever invited."),
    )
    service_recipients_count_as_masses = models.BooleanField(_("service recipients count as masses"), default=False)
    count_only_non_party = models.BooleanField(_("count only non-party attendees"), default=False)
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        verbose_name = _("quorum rule")
        verbose_name_plural = _("quorum rules")
        ordering = ["ruleset", "activity", "group"]
        constraints = [
            models.UniqueConstraint(fields=["ruleset", "activity", "group"], name="quorum_rule_unique", violation_error_message=_(
                "This rule set already has a quorum rule for this activity and group.")),
        ]

    def __str__(self) -> str:
        return f"{self.get_activity_display()} · {self.get_group_display()}"

    def spec(self) -> "QuorumSpec":
        from .rules import QuorumSpec

        return QuorumSpec(
            min_total=self.min_total,
            min_masses_percent=Decimal(self.min_masses_percent) if self.min_masses_percent is not None else None,
            min_entitled_percent=Decimal(self.min_entitled_percent) if self.min_entitled_percent is not None else None,
            may_invite_service_recipients=self.may_invite_service_recipients,
            invite_when_below=self.invite_when_below,
            service_recipients_count_as_masses=self.service_recipients_count_as_masses,
            count_only_non_party=self.count_only_non_party,
        )


class Campaign(TimeStampedModel):
    """The rating year (评定年度) of one scope (a township or the county) under one rule set (docs/rules.md §3)."""

    year = models.PositiveIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=100)
    scope = models.ForeignKey(
        "organizations.Organization", verbose_name=_("scope"), on_delete=models.PROTECT, related_name="campaigns"
    )
    ruleset = models.ForeignKey(RuleSet, verbose_name=_("rule set"), on_delete=models.PROTECT, related_name="campaigns")
    survey_start = models.DateField(_("survey starts"))
    survey_due = models.DateField(_("survey reports due"))
    classification_due = models.DateField(_("classification due"))
    upgrade_due = models.DateField(_("upgrade phase ends"))
    summary_due = models.DateField(_("year-end summary due"))

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "scope__path"]
        constraints = [models.UniqueConstraint(fields=["year", "scope"], name="campaign_unique_year_scope", violation_error_message=_(
            "This organisation already has a campaign for this year. Open that campaign instead of creating another."))]

    def __str__(self) -> str:
        return self.name

    def phase_deadlines(self) -> list[tuple[str, Any, Any]]:
        """(phase, start, due) in order; the start of a phase is the day after the previous due date."""
        from .choices import Phase

        return [
            (Phase.SURVEY, self.survey_start, self.survey_due),
            (Phase.CLASSIFICATION, self.survey_due, self.classification_due),
            (Phase.UPGRADE, self.classification_due, self.upgrade_due),
            (Phase.SUMMARY, self.upgrade_due, self.summary_due),
        ]
