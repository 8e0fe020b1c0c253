"""Commitments, measures, evidence, agreements, public pledges, honours and the year-end re-rating
(docs/rules.md §9, seed 000 §四, §五). States move only through upgrades.services."""
from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.choices import ParticipantCategory
from core.bounds import FILE_SIZE, PEOPLE, STARS, YEAR
from core.models import OneTimeCodeBase, TimeStampedModel
from ratings.classification.models import Level

from .choices import HonourLevel, CommitmentState, MeasureStatus


class Honour(TimeStampedModel):
    """An honour (表彰/荣誉) of an organisation: read by the upgrade and improvement rates."""

    organization = models.ForeignKey("organizations.Organization", verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="honours")
    year = models.PositiveIntegerField(_("year"), validators=YEAR.validators())
    level = models.CharField(_("honour level"), max_length=10, choices=HonourLevel.choices)
    title = models.CharField(pgettext_lazy("honour", "title"), max_length=200)
    issuer = models.CharField(_("issued by"), max_length=120)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["-year", "organization__path"]
        constraints = [YEAR.check("honour", "year")]

    def __str__(self) -> str:
        return f"{self.organization} {self.year} {self.title}"


def _scan_path(instance: "Commitment", filename: str) -> str:
    return f"upgrades/agreements/{instance.pk}/{uuid.uuid4().hex}/{filename}"


class Commitment(TimeStampedModel):
    """A branch's targets and measures for one campaign (争创目标和措施), with its state."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="commitments")
    organization = models.ForeignKey("organizations.Organization", verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="commitments")
    state = models.CharField(_("status"), max_length=10, choices=CommitmentState.choices, default=CommitmentState.DRAFT)
    start_level = models.CharField(_("starting level"), max_length=10, choices=Level.choices, blank=True)
    start_stars = models.PositiveSmallIntegerField(_("starting stars"), null=True, blank=True, validators=STARS.validators())
    target_level = models.CharField(_("target level"), max_length=10, choices=Level.choices)
    target_stars = models.PositiveSmallIntegerField(_("target stars"), null=True, blank=True, validators=STARS.validators())
    problems = models.TextField(_("problems found in the survey"), blank=True)
    opinions_heard = models.TextField(_("how member and masses opinions were heard"), blank=True)
    is_public = models.BooleanField(_("publicly committed"), default=False)
    public_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agreement_scan = models.FileField(_("signed agreement scan"), upload_to=_scan_path, blank=True)
    agreement_uploaded_at = models.DateTimeField(_("scan uploaded"), null=True, blank=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["organization__path"]
        constraints = [models.UniqueConstraint(fields=["campaign", "organization"], name="commitment_unique_campaign_org"),
                       STARS.check("commitment", "start_stars", nullable=True),
                       STARS.check("commitment", "target_stars", nullable=True)]

    def __str__(self) -> str:
        return f"{self.organization} · {self.campaign.year}"


class CommitmentReview(models.Model):
    """A move of a commitment as a row: submitted, approved, returned — who, when, why."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="reviews")
    transition = models.CharField(_("action"), max_length=10)
    from_state = models.CharField(max_length=10)
    to_state = models.CharField(max_length=10)
    text = models.TextField(_("comment"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]

    @property
    def to_state_label(self) -> str:
        return CommitmentState(self.to_state).label


class Measure(TimeStampedModel):
    """One measure (措施): what, who is responsible, by when, status."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="measures")
    what = models.TextField(_("measure"))
    responsible = models.CharField(_("responsible"), max_length=60)
    due = models.DateField(_("due by"))
    status = models.CharField(_("status"), max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("measure")
        ordering = ["due", "id"]


def _evidence_path(instance: "Evidence", filename: str) -> str:
    return f"upgrades/evidence/{instance.commitment_id}/{uuid.uuid4().hex}/{filename}"


class Evidence(models.Model):
    """An evidence file; one file may back several measures (enter once)."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="evidence")
    measures = models.ManyToManyField(Measure, related_name="evidence", blank=True)
    file = models.FileField(upload_to=_evidence_path)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"), validators=FILE_SIZE.validators())
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    #: the one stored copy in the organisation's evidence library (campaigns.library): enter once
    library_file = models.ForeignKey("campaigns.LibraryFile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created", "id"]
        constraints = [FILE_SIZE.check("evidence", "size")]


class MemberPledge(models.Model):
    """An individual member's public commitment (党员公开承诺践诺), shown on the public page."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="pledges")
    member_name = models.CharField(_("member"), max_length=40)
    text = models.CharField(_("commitment"), max_length=300)

    class Meta:
        ordering = ["id"]


class YearEnd(TimeStampedModel):
    """The year-end of a branch (seed 000 §五): self-check report, member evaluation meeting and its
    initial re-rating, the superior's satisfaction assessment (counted per category, no names), and the
    level (and stars) the superior fixes with reasons."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="year_ends")
    organization = models.ForeignKey("organizations.Organization", verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="year_ends")
    self_check = models.TextField(_("self-check report"), blank=True)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    meeting_party_members = models.PositiveIntegerField(_("party members present"), default=0, validators=PEOPLE.validators())
    meeting_entitled = models.PositiveIntegerField(_("entitled to attend"), null=True, blank=True, validators=PEOPLE.validators())
    meeting_quorum_ok = models.BooleanField(_("quorum met"), default=False)
    meeting_quorum_summary = models.CharField(_("quorum"), max_length=300, blank=True)
    initial_level = models.CharField(_("initial re-rating"), max_length=10, choices=Level.choices, blank=True)
    sat_party_members = models.PositiveIntegerField(_("party members present"), default=0, validators=PEOPLE.validators())
    sat_masses = models.PositiveIntegerField(_("ordinary masses present"), default=0, validators=PEOPLE.validators())
    sat_service_recipients = models.PositiveIntegerField(_("service recipients present"), default=0,
                                                         validators=PEOPLE.validators())
    #: {category: {"satisfied": n, "basically": n, "dissatisfied": n}} — counters only, never ballots.
    sat_counts = models.JSONField(_("satisfaction counts"), default=dict, blank=True)
    sat_ballot = models.CharField(_("online ballot"), max_length=10, blank=True)  # "" | "open" | "closed"
    sat_quorum_ok = models.BooleanField(_("quorum met"), default=False)
    sat_quorum_summary = models.CharField(_("quorum"), max_length=300, blank=True)
    final_level = models.CharField(_("year-end level"), max_length=10, choices=Level.choices, blank=True)
    final_stars = models.PositiveSmallIntegerField(_("year-end stars"), null=True, blank=True, validators=STARS.validators())
    final_reason = models.TextField(_("reasons"), blank=True)
    fixed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    fixed_at = models.DateTimeField(_("fixed"), null=True, blank=True)

    class Meta:
        verbose_name = _("year-end re-rating")
        ordering = ["organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organization"], name="yearend_unique_campaign_org"),
            *(PEOPLE.check("yearend", name) for name in ("meeting_party_members", "sat_party_members", "sat_masses",
                                                        "sat_service_recipients")),
            PEOPLE.check("yearend", "meeting_entitled", nullable=True),
            STARS.check("yearend", "final_stars", nullable=True),
            # attendance of the member evaluation meeting never exceeds the number entitled (docs/rules.md §4)
            models.CheckConstraint(condition=Q(meeting_entitled__isnull=True) | Q(meeting_party_members__lte=F("meeting_entitled")),
                                   name="yearend_meeting_party_members_within_entitled"),
        ]

    def clean(self) -> None:
        if self.meeting_entitled is not None and self.meeting_party_members > self.meeting_entitled:
            raise ValidationError({"meeting_party_members": _(
                "Party members present (%(n)s) are more than the %(entitled)s entitled to attend.") % {
                    "n": self.meeting_party_members, "entitled": self.meeting_entitled}})


class SatisfactionCode(OneTimeCodeBase):
    """A one-time code of the online satisfaction ballot (core/codes.py), tagged only with a participant
    category (for the masses share): it knows whether it was used, never how."""

    year_end = models.ForeignKey(YearEnd, on_delete=models.CASCADE, related_name="codes")

    class Meta:
        ordering = ["year_end", "category", "code"]


class SatisfactionCount(models.Model):
    """Secret ballots as counters only (year-end × category × choice), all created when the ballot opens
    and incremented with F() under the code's row lock: no user, no IP, no code, no time."""

    year_end = models.ForeignKey(YearEnd, on_delete=models.CASCADE, related_name="ballot_counts")
    category = models.CharField(max_length=20, choices=ParticipantCategory.choices)
    choice = models.CharField(max_length=12)
    count = models.PositiveIntegerField(default=0, validators=PEOPLE.validators())

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year_end", "category", "choice"], name="satisfaction_count_unique"),
                       PEOPLE.check("satisfactioncount", "count")]
