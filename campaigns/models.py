"""Rule sets with their quorum table, and campaigns (the rating year of one scope)."""
from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.bounds import PEOPLE, PERCENT, VERSION, YEAR
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
    version = models.PositiveIntegerField(_("version"), default=1, validators=VERSION.validators())
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
        constraints = [VERSION.check("ruleset", "version")]

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
    min_total = models.PositiveIntegerField(_("minimum participants"), null=True, blank=True, validators=PEOPLE.validators())
    min_masses_percent = models.DecimalField(
        _("minimum masses share (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=PERCENT.validators(),
    )
    min_entitled_percent = models.DecimalField(
        _("attendance of those entitled, more than (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=PERCENT.validators(),
        help_text=_("For member meetings: attendance must be more than this share of the members entitled."),
    )
    may_invite_service_recipients = models.BooleanField(_("may invite service recipients"), default=False)
    invite_when_below = models.PositiveIntegerField(
        _("service recipients only when fewer than"), null=True, blank=True, validators=PEOPLE.validators(),
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
            PEOPLE.check("quorumrule", "min_total", nullable=True),
            PERCENT.check("quorumrule", "min_masses_percent", nullable=True),
            PERCENT.check("quorumrule", "min_entitled_percent", nullable=True),
            PEOPLE.check("quorumrule", "invite_when_below", nullable=True),
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

    year = models.PositiveIntegerField(_("year"), validators=YEAR.validators())
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
    #: The address of the campaign's public pages (the star notice): random, never the sequential id.
    public_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Each phase has its own start [seed 003: 调查摸底、分类定级 2月上旬—4月底; 整改提高、晋位升级 4月上旬—8月底;
    # 巩固成果 4月—9月底]: phases may overlap. Empty = the day the previous phase is due (seed 000's calendar).
    classification_start = models.DateField(_("classification starts"), null=True, blank=True)
    upgrade_start = models.DateField(_("upgrade phase starts"), null=True, blank=True)
    summary_start = models.DateField(_("summary starts"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "scope__path"]
        constraints = [models.UniqueConstraint(fields=["year", "scope"], name="campaign_unique_year_scope", violation_error_message=_(
            "This organisation already has a campaign for this year. Open that campaign instead of creating another.")),
                       YEAR.check("campaign", "year")]

    def __str__(self) -> str:
        return self.name

    def phase_deadlines(self) -> list[tuple[str, Any, Any]]:
        """(phase, start, due) in order; a phase starts on its own start date, else when the previous one is due."""
        from .choices import Phase

        return [
            (Phase.SURVEY, self.survey_start, self.survey_due),
            (Phase.CLASSIFICATION, self.classification_start or self.survey_due, self.classification_due),
            (Phase.UPGRADE, self.upgrade_start or self.classification_due, self.upgrade_due),
            (Phase.SUMMARY, self.summary_start or self.upgrade_due, self.summary_due),
        ]


def _library_path(instance: "LibraryFile", filename: str) -> str:
    import uuid

    return f"library/{instance.campaign_id}/{instance.organization_id}/{uuid.uuid4().hex}/{filename}"


class LibraryFile(TimeStampedModel):
    """One evidence file of an organisation in one campaign, entered once (one library per organisation and
    year): the same file backs items of score sheets, commitments, meetings and cases, and lists every
    place it is used (``uses``). Two uploads of the same bytes are one library file (``sha256``). An app
    links its own record to a library file with ``campaigns.library.library_use``."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="library_files")
    organization = models.ForeignKey("organizations.Organization", verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="library_files")
    file = models.FileField(_("file"), upload_to=_library_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("evidence library file")
        ordering = ["-created", "-id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "organization", "sha256"], condition=~models.Q(sha256=""),
                                               name="libraryfile_once_per_org_year")]

    def __str__(self) -> str:
        return self.name


class LibraryUse(models.Model):
    """Where a library file is used: the app's record (``kind`` = "app_label.model", ``object_id``) and a
    label to show; the app owns the record, the library only lists it."""

    file = models.ForeignKey(LibraryFile, on_delete=models.CASCADE, related_name="uses")
    kind = models.CharField(max_length=60)
    object_id = models.PositiveIntegerField()
    label = models.CharField(_("used in"), max_length=300)

    class Meta:
        ordering = ["kind", "object_id"]
        constraints = [models.UniqueConstraint(fields=["file", "kind", "object_id"], name="libraryuse_unique")]
