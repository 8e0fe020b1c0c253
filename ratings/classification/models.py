"""The four-step classification (三分类: 四步评定) with its meetings, paper tallies and anonymous ballots
(docs/rules.md §5, §6). States move only through ratings.classification.services."""
from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.choices import ParticipantCategory
from core.bounds import FILE_SIZE, PEOPLE, ROUNDS, STEP
from core.models import OneTimeCodeBase, TimeStampedModel

from .choices import ClassificationState, Level, MeetingKind, ResultSource

__all__ = [
    "Level", "ClassificationState", "MeetingKind", "ResultSource", "Classification", "ClassificationReview",
    "Meeting", "MeetingAttachment", "MeetingResult", "BallotSession", "BallotCode", "BallotCount",
]


# The people counted at a meeting and on a tally; each is bounded by core.bounds.PEOPLE.
MEETING_PEOPLE = ("expected_party_members", "expected_masses", "expected_service_recipients",
                  "party_members", "masses", "service_recipients")
TALLY_FIELDS = ("advanced", "average", "lagging", "agree", "disagree", "abstain", "spoiled")


class Classification(TimeStampedModel):
    """One branch's classification in one campaign: the state of the four steps and the level."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="classifications")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="classifications")
    state = models.CharField(_("status"), max_length=20, choices=ClassificationState.choices, default=ClassificationState.STEP1)
    self_level = models.CharField(_("self-rated level"), max_length=10, choices=Level.choices, blank=True)
    self_reasons = models.TextField(_("reasons for the self-rating"), blank=True)
    self_flagged = models.BooleanField(_("above the plurality of steps 1-2"), default=False)
    final_level = models.CharField(_("confirmed level"), max_length=10, choices=Level.choices, blank=True)
    rounds = models.PositiveSmallIntegerField(_("deliberation rounds"), default=0, validators=ROUNDS.validators())

    class Meta:
        db_table = "ratings_classification"
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")
        ordering = ["organization__path"]
        constraints = [models.UniqueConstraint(fields=["campaign", "organization"], name="classification_unique_campaign_org"),
                       ROUNDS.check("classification", "rounds")]

    def __str__(self) -> str:
        return f"{self.organization} · {self.campaign.year}"


class ClassificationReview(models.Model):
    """A decision or remark on a classification as a row: confirmation, return, township decision,
    county comment — who, when, what and why (Wagtail's TaskState habit)."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("Confirmed")
        RETURN = "return", _("Returned")
        DECIDE = "decide", _("Decided by the township")
        COMMENT = "comment", _("Comment")
        REOPEN = "reopen", _("Reopened")

    classification = models.ForeignKey(Classification, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(pgettext_lazy("ratings", "kind"), max_length=10, choices=Kind.choices)
    level = models.CharField(pgettext_lazy("classification", "level"), max_length=10, choices=Level.choices, blank=True)
    text = models.TextField(_("text"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        db_table = "ratings_classificationreview"
        verbose_name = _("classification review")
        verbose_name_plural = _("classification reviews")
        ordering = ["created", "id"]


class Meeting(TimeStampedModel):
    """The meeting of step 1, 2 or 4: when, where, who was expected and who came, by category.

    ``quorum_ok`` / ``quorum_summary`` keep the last quorum check (computed by the service when the
    attendance is saved) so the overview grid reads them without recomputing. A meeting of a step-4
    round that was not adopted is kept as ``superseded`` when the branch goes back to step 3."""

    classification = models.ForeignKey(Classification, on_delete=models.CASCADE, related_name="meetings")
    step = models.PositiveSmallIntegerField(_("step"), validators=STEP.validators())
    kind = models.CharField(_("meeting type"), max_length=40, choices=MeetingKind.choices)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100)
    expected_party_members = models.PositiveIntegerField(_("expected party members"), default=0, validators=PEOPLE.validators())
    expected_masses = models.PositiveIntegerField(_("expected ordinary masses"), default=0, validators=PEOPLE.validators())
    expected_service_recipients = models.PositiveIntegerField(_("expected service recipients"), default=0, validators=PEOPLE.validators())
    party_members = models.PositiveIntegerField(_("party members present"), default=0, validators=PEOPLE.validators())
    masses = models.PositiveIntegerField(_("ordinary masses present"), default=0, validators=PEOPLE.validators())
    service_recipients = models.PositiveIntegerField(_("service recipients present"), default=0, validators=PEOPLE.validators())
    entitled = models.PositiveIntegerField(_("entitled to attend"), null=True, blank=True, validators=PEOPLE.validators())
    minutes = models.TextField(_("minutes"), blank=True)
    quorum_ok = models.BooleanField(_("quorum met"), default=False)
    quorum_summary = models.CharField(_("quorum"), max_length=300, blank=True)
    superseded = models.BooleanField(_("superseded"), default=False)

    class Meta:
        db_table = "ratings_meeting"
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["classification", "step", "created"]
        constraints = [
            models.UniqueConstraint(fields=["classification", "step"], condition=Q(superseded=False),
                                    name="meeting_one_current_per_step"),
            STEP.check("meeting", "step"),
            *(PEOPLE.check("meeting", name) for name in MEETING_PEOPLE),
            PEOPLE.check("meeting", "entitled", nullable=True),
            # attendance of a member meeting never exceeds the number entitled (docs/rules.md §4)
            models.CheckConstraint(condition=Q(entitled__isnull=True) | Q(party_members__lte=F("entitled")),
                                   name="meeting_party_members_within_entitled"),
        ]

    def __str__(self) -> str:
        return f"{self.classification.organization} · {self.get_kind_display()} {self.date}"

    def clean(self) -> None:
        if self.entitled is not None and self.party_members is not None and self.party_members > self.entitled:
            raise ValidationError({"party_members": _("Party members present (%(n)s) are more than the %(entitled)s "
                                                      "entitled to attend.") % {"n": self.party_members,
                                                                                "entitled": self.entitled}})


def _attachment_path(instance: "MeetingAttachment", filename: str) -> str:
    return f"meetings/{instance.meeting_id}/{uuid.uuid4().hex}/{filename}"


class MeetingAttachment(TimeStampedModel):
    """A file of a meeting (sign-in sheet, photo, minutes scan); handed out only by a scoped view."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(_("size"), validators=FILE_SIZE.validators())
    content_type = models.CharField(max_length=100)  # from the checked type (core.uploads)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    #: the one stored copy in the organisation's evidence library (campaigns.library): enter once
    library_file = models.ForeignKey("campaigns.LibraryFile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        db_table = "ratings_meetingattachment"
        verbose_name = _("meeting attachment")
        verbose_name_plural = _("meeting attachments")
        ordering = ["created"]
        constraints = [FILE_SIZE.check("meetingattachment", "size")]


class MeetingResult(TimeStampedModel):
    """The counted result of a meeting: from paper (entered by one person, checked by another before it
    counts) or from a closed ballot session (counts at once)."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="result")
    source = models.CharField(_("source"), max_length=10, choices=ResultSource.choices)
    advanced = models.PositiveIntegerField(_("advanced"), default=0, validators=PEOPLE.validators())
    average = models.PositiveIntegerField(_("average"), default=0, validators=PEOPLE.validators())
    lagging = models.PositiveIntegerField(_("lagging"), default=0, validators=PEOPLE.validators())
    agree = models.PositiveIntegerField(_("agree"), default=0, validators=PEOPLE.validators())
    disagree = models.PositiveIntegerField(_("disagree"), default=0, validators=PEOPLE.validators())
    abstain = models.PositiveIntegerField(_("abstain"), default=0, validators=PEOPLE.validators())
    spoiled = models.PositiveIntegerField(_("spoiled"), default=0, validators=PEOPLE.validators())
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("checked"), null=True, blank=True)

    class Meta:
        db_table = "ratings_meetingresult"
        verbose_name = _("meeting result")
        verbose_name_plural = _("meeting results")
        constraints = [PEOPLE.check("meetingresult", name) for name in TALLY_FIELDS]

    @property
    def counts(self) -> bool:
        return self.source == ResultSource.BALLOT or self.confirmed_by_id is not None

    def rating_tally(self):
        from .rules import RatingTally

        return RatingTally(self.advanced, self.average, self.lagging)

    def deliberation_tally(self):
        from .rules import DeliberationTally

        return DeliberationTally(self.agree, self.disagree, self.abstain, self.spoiled)


class BallotSession(TimeStampedModel):
    """An anonymous ballot at one meeting (docs/rules.md §6): open → closed. Results only after closing."""

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("ballot state", "Open")
        CLOSED = "closed", _("Closed")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="ballot_session")
    question = models.CharField(pgettext_lazy("ratings", "question"), max_length=20)  # "rating" | "deliberation"
    proposed_level = models.CharField(_("proposed level"), max_length=10, choices=Level.choices, blank=True)
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.OPEN)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "ratings_ballotsession"
        verbose_name = _("ballot session")
        verbose_name_plural = _("ballot sessions")

    def __str__(self) -> str:
        return str(self.meeting)


class BallotCode(OneTimeCodeBase):
    """A one-time code on a printed slip (core/codes.py), tagged only with a participant category (for
    the masses share). It knows whether it has been used, never how: no choice, no time."""

    session = models.ForeignKey(BallotSession, on_delete=models.CASCADE, related_name="codes")

    class Meta:
        db_table = "ratings_ballotcode"
        verbose_name = _("ballot code")
        verbose_name_plural = _("ballot codes")
        ordering = ["session", "category", "code"]


class BallotCount(models.Model):
    """Secret ballots stored only as counters: one row per session × category × choice, all created
    when the session opens (so neither their existence nor their order says anything), incremented
    with F() under the code's row lock. No user, no IP, no code, no time: a ballot cannot be traced
    back to a person, to a code, or to the order of voting."""

    session = models.ForeignKey(BallotSession, on_delete=models.CASCADE, related_name="counts")
    category = models.CharField(max_length=20, choices=ParticipantCategory.choices)
    choice = models.CharField(max_length=10)
    count = models.PositiveIntegerField(default=0, validators=PEOPLE.validators())

    class Meta:
        db_table = "ratings_ballotcount"
        verbose_name = _("ballot count")
        verbose_name_plural = _("ballot counts")
        constraints = [models.UniqueConstraint(fields=["session", "category", "choice"], name="ballot_count_unique"),
                       PEOPLE.check("ballotcount", "count")]
