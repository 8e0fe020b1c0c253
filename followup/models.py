"""Lagging-branch casework (后进党组织整顿转化, docs/rules.md §9, seed 000 §四(四)): one case per lagging or
软弱涣散 organisation and campaign, its measures, monthly notes and the exit (摘帽). States move only
through followup.services."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from ratings.classification.models import Level

from upgrades.choices import CommitmentState

from .choices import CaseMeasureStatus, CaseState, ExitBasis


class Case(TimeStampedModel):
    """The transformation case of one organisation in one campaign."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="lagging_cases")
    organization = models.ForeignKey("organizations.Organization", verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="lagging_cases")
    state = models.CharField(_("status"), max_length=16, choices=CaseState.choices, default=CaseState.OPEN)
    start_level = models.CharField(_("starting level"), max_length=10, choices=Level.choices, blank=True)
    #: lines picked from the survey report and the classification record (never typed again)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    #: the 软弱涣散 situations that apply, picked from the rule set's checklist
    situations = models.JSONField(_("weak and lax situations"), default=list, blank=True)
    deadline = models.DateField(_("transformation deadline"))
    leader = models.CharField(_("leader responsible (包联领导)"), max_length=60)
    first_secretary = models.CharField(_("first secretary"), max_length=60, blank=True)
    helper_organization = models.ForeignKey("organizations.Organization", verbose_name=_("paired helper organisation"),
                                            null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    exit_basis = models.CharField(_("exit on the basis of"), max_length=10, choices=ExitBasis.choices, blank=True)
    exit_record = models.TextField(_("exit record"), blank=True)
    exit_level = models.CharField(_("level at exit"), max_length=10, choices=Level.choices, blank=True)
    exit_rate = models.DecimalField(_("masses satisfaction at exit (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("lagging-branch case")
        verbose_name_plural = _("lagging-branch cases")
        ordering = ["organization__path"]
        constraints = [models.UniqueConstraint(fields=["campaign", "organization"], name="followup_case_unique_campaign_org")]

    def __str__(self) -> str:
        return f"{self.organization} · {self.campaign.year}"


class CaseEvent(models.Model):
    """A move of a case as a row: opened, exit requested, exit accepted or refused — who, when, why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    transition = models.CharField(_("action"), max_length=16)
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16)
    text = models.TextField(_("comment"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]

    @property
    def to_state_label(self) -> str:
        return CaseState(self.to_state).label


class CaseMeasure(TimeStampedModel):
    """A rectification measure: what, who, by when, progress, and an optional remark on the evidence.

    The evidence files themselves are in the organisation's evidence library (campaigns.library, one upload
    store) and linked to the measure by ``CaseEvidence``; ``evidence_note`` is only a remark."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="measures")
    what = models.TextField(_("measure"))
    responsible = models.CharField(_("responsible"), max_length=60)
    due = models.DateField(_("due by"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    status = models.CharField(_("status"), max_length=12, choices=CaseMeasureStatus.choices, default=CaseMeasureStatus.PLANNED)
    evidence_note = models.CharField(_("evidence"), max_length=300, blank=True)

    class Meta:
        ordering = ["due", "id"]


class CaseEvidence(models.Model):
    """One evidence file of a measure: a link to the one stored copy in the organisation's evidence library
    for the year (enter once: uploaded here, or picked from what the library already holds)."""

    measure = models.ForeignKey(CaseMeasure, on_delete=models.CASCADE, related_name="evidence")
    library_file = models.ForeignKey("campaigns.LibraryFile", verbose_name=_("file"), on_delete=models.PROTECT,
                                     related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("measure evidence")
        ordering = ["measure", "id"]
        constraints = [models.UniqueConstraint(fields=["measure", "library_file"], name="followup_evidence_once_per_measure")]

    def __str__(self) -> str:
        return str(self.library_file)


class CaseNote(models.Model):
    """The monthly note (月度进展) of a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    month = models.DateField(_("month"))  # first day of the month
    text = models.TextField(_("progress this month"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["month", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "month"], name="followup_note_one_per_month")]


def _line_scan_path(instance: "LineAgreement", filename: str) -> str:
    import uuid

    return f"followup/agreements/{instance.pk}/{uuid.uuid4().hex}/{filename}"


class LineAgreement(TimeStampedModel):
    """The target responsibility agreement a township (or county organ committee) signs with the county
    (逐级签订目标责任书, seed 000 §四(二)), as a branch signs its own with the township."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="line_agreements")
    organization = models.ForeignKey("organizations.Organization", verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="line_agreements")
    state = models.CharField(_("status"), max_length=10, choices=CommitmentState.choices, default=CommitmentState.DRAFT)
    targets = models.TextField(_("targets"))
    measures = models.TextField(_("measures (one per line)"))
    review_comment = models.TextField(_("comment"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    scan = models.FileField(_("signed agreement scan"), upload_to=_line_scan_path, blank=True)
    scan_uploaded_at = models.DateTimeField(_("scan uploaded"), null=True, blank=True)

    class Meta:
        verbose_name = _("agreement with the superior")
        ordering = ["organization__path"]
        constraints = [models.UniqueConstraint(fields=["campaign", "organization"], name="line_agreement_unique_campaign_org")]

    @property
    def measure_lines(self) -> list[str]:
        return [x.strip() for x in self.measures.splitlines() if x.strip()]


class PledgeResult(models.TextChoices):
    KEPT = "kept", _("Kept")
    PARTLY = "partly", _("Partly kept")
    NOT = "not", _("Not kept")


class PledgeAssessment(models.Model):
    """The year-end assessment of a member's public pledge (党员公开承诺践诺, seed 000 §四(三))."""

    pledge = models.OneToOneField("upgrades.MemberPledge", on_delete=models.CASCADE, related_name="assessment")
    result = models.CharField(_("result"), max_length=10, choices=PledgeResult.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    assessed_at = models.DateTimeField(auto_now_add=True)


class CadreCommitment(TimeStampedModel):
    """A community cadre's commitment and, at year end, whether it was kept and the accountability (问责)
    taken when it was not (seed 001 承诺与问责)."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="cadre_commitments")
    organization = models.ForeignKey("organizations.Organization", verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="cadre_commitments")
    cadre = models.CharField(_("cadre"), max_length=40)
    post = models.CharField(_("post"), max_length=40)
    text = models.CharField(_("commitment"), max_length=300)
    result = models.CharField(_("result"), max_length=10, choices=PledgeResult.choices, blank=True)
    accountability = models.TextField(_("accountability taken"), blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["organization__path", "id"]
