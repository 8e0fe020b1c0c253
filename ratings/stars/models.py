"""Scoring templates, score sheets, star applications and their approvals (docs/rules.md §7, §8)."""
from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.bounds import Bound, FILE_SIZE, ORDER, POINTS, QUANTITY, SCORE, SCORE_GIVEN, STARS, TIER, VERSION, YEAR
from core.models import TimeStampedModel
from organizations.choices import Domain

from .choices import AppState, Decision, Method, SectionKind, SheetStatus, Stage

# a whole count of a scoring rule (the required count, recognised innovation projects)
QUANTITY_INT = Bound(int(QUANTITY.low), int(QUANTITY.high))

__all__ = [
    "ScoringTemplate", "ScoringSection", "ScoringRule", "ScoreSheet", "ScoreEntry", "EvidenceFile",
    "StarApplication", "StarApproval", "StarObjection", "StarRating", "SpotCheck",
]


class ScoringTemplate(TimeStampedModel):
    """A scoring sheet (评分表/考评标准) for one domain and year. Built-in ones come from the seeds and are
    read-only; staff copy them. Once a score sheet uses a template it is frozen: an edit makes a new
    version (``previous`` points back), so scores already given keep the rules they were given under."""

    name = models.CharField(_("name"), max_length=120)
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    year = models.PositiveIntegerField(_("year"), validators=YEAR.validators())
    version = models.PositiveIntegerField(_("version"), default=1, validators=VERSION.validators())
    is_builtin = models.BooleanField(_("built in"), default=False)
    builtin_key = models.CharField(max_length=40, blank=True, db_index=True)
    previous = models.ForeignKey("self", verbose_name=_("previous version"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="next_versions")
    owner = models.ForeignKey("organizations.Organization", verbose_name=_("owner"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="scoring_templates")
    source = models.CharField(_("source"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    bonus_cap = models.DecimalField(_("bonus cap"), max_digits=6, decimal_places=2, null=True, blank=True,
                                    validators=POINTS.validators(), help_text=_("Empty: bonus points have no cap."))
    is_active = models.BooleanField(_("active"), default=True)
    # The star cut-offs belong to the sheet [seed 004 "8项创评指标总分110分…90分以上…80分以上…70分以上…60分以上"]:
    # empty = the rule set's cut-offs taken as the same share of this sheet's maximum (docs/rules.md §8).
    cutoff_5 = models.DecimalField(_("five stars from (points)"), max_digits=6, decimal_places=2, null=True, blank=True)
    cutoff_4 = models.DecimalField(_("four stars from (points)"), max_digits=6, decimal_places=2, null=True, blank=True)
    cutoff_3 = models.DecimalField(_("three stars from (points)"), max_digits=6, decimal_places=2, null=True, blank=True)
    cutoff_2 = models.DecimalField(_("two stars from (points)"), max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        db_table = "ratings_scoringtemplate"
        verbose_name = _("scoring template")
        verbose_name_plural = _("scoring templates")
        ordering = ["-is_builtin", "-year", "name", "-version"]
        constraints = [YEAR.check("scoringtemplate", "year"), VERSION.check("scoringtemplate", "version"),
                       POINTS.check("scoringtemplate", "bonus_cap", nullable=True)]

    def __str__(self) -> str:
        return f"{self.name} ({self.year}, v{self.version})"


class ScoringSection(models.Model):
    """A section (项目) with its maximum points and its points to check (评分要点)."""

    template = models.ForeignKey(ScoringTemplate, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(default=0, validators=ORDER.validators())
    title = models.CharField(pgettext_lazy("ratings", "section"), max_length=120)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2, validators=POINTS.validators())
    kind = models.CharField(_("counting"), max_length=10, choices=SectionKind.choices, default=SectionKind.DEDUCT)
    description = models.TextField(_("points to check"), blank=True)

    class Meta:
        db_table = "ratings_scoringsection"
        ordering = ["template", "order", "id"]
        verbose_name = _("scoring section")
        constraints = [ORDER.check("scoringsection", "order"), POINTS.check("scoringsection", "max_points")]

    def __str__(self) -> str:
        return f"{self.title}（{self.max_points:g}）"


class ScoringRule(models.Model):
    """One scoring rule or item of a section, with one method. ``own_points`` set = an item with its own
    points (seed 002), which never goes below zero; empty = a rule on the section (seed 000)."""

    section = models.ForeignKey(ScoringSection, on_delete=models.CASCADE, related_name="rules")
    order = models.PositiveIntegerField(default=0, validators=ORDER.validators())
    text = models.TextField(_("wording"))
    method = models.CharField(pgettext_lazy("ratings", "method"), max_length=20, choices=Method.choices)
    points = models.DecimalField(_("points per unit"), max_digits=6, decimal_places=2, default=0, validators=POINTS.validators())
    own_points = models.DecimalField(_("own points"), max_digits=6, decimal_places=2, null=True, blank=True,
                                     validators=POINTS.validators())
    required = models.PositiveIntegerField(_("required count"), null=True, blank=True, validators=QUANTITY_INT.validators())
    tiers = models.JSONField(_("tiers"), default=list, blank=True)  # [[label, points], ...]
    checklist = models.JSONField(_("documents"), default=list, blank=True)  # [label, ...]
    max_points = models.DecimalField(_("cap"), max_digits=6, decimal_places=2, null=True, blank=True,
                                     validators=POINTS.validators(), help_text=_("Bonus cap of this rule, or the most a discretionary deduction may take."))
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        db_table = "ratings_scoringrule"
        ordering = ["section", "order", "id"]
        verbose_name = _("scoring rule")
        constraints = [ORDER.check("scoringrule", "order"), POINTS.check("scoringrule", "points"),
                       POINTS.check("scoringrule", "own_points", nullable=True),
                       QUANTITY_INT.check("scoringrule", "required", nullable=True),
                       POINTS.check("scoringrule", "max_points", nullable=True)]

    def __str__(self) -> str:
        return self.text[:40]


class ScoreSheet(TimeStampedModel):
    """The scores of one organisation in one campaign on one template: self, reviewer and final."""

    organization = models.ForeignKey("organizations.Organization", verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="score_sheets")
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT,
                                 related_name="score_sheets")
    template = models.ForeignKey(ScoringTemplate, verbose_name=_("scoring template"), on_delete=models.PROTECT,
                                 related_name="sheets")
    status = models.CharField(_("status"), max_length=12, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    self_total = models.DecimalField(_("self-score"), max_digits=7, decimal_places=2, null=True, blank=True,
                                     validators=SCORE.validators())
    reviewer_total = models.DecimalField(_("reviewer score"), max_digits=7, decimal_places=2, null=True, blank=True,
                                         validators=SCORE.validators())
    final_total = models.DecimalField(_("final score"), max_digits=7, decimal_places=2, null=True, blank=True,
                                      validators=SCORE.validators())
    spot_check_score = models.DecimalField(_("spot-check score"), max_digits=7, decimal_places=2, null=True, blank=True,
                                           validators=SCORE_GIVEN.validators())
    vetoes = models.JSONField(_("vetoes"), default=list, blank=True)
    innovations = models.PositiveIntegerField(_("recognised innovation projects"), default=0,
                                              validators=QUANTITY_INT.validators())

    class Meta:
        db_table = "ratings_scoresheet"
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "campaign", "template"], name="scoresheet_unique"),
            *(SCORE.check("scoresheet", name, nullable=True) for name in ("self_total", "reviewer_total", "final_total")),
            SCORE_GIVEN.check("scoresheet", "spot_check_score", nullable=True),
            QUANTITY_INT.check("scoresheet", "innovations"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.template.name}"


class ScoreEntry(models.Model):
    """What one stage entered for one rule: a count, a yes/no, a tier, a deduction, and a comment."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="entries")
    rule = models.ForeignKey(ScoringRule, on_delete=models.PROTECT, related_name="entries")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    quantity = models.DecimalField(_("count"), max_digits=7, decimal_places=2, null=True, blank=True,
                                   validators=QUANTITY.validators())
    flag = models.BooleanField(default=False)
    choice = models.PositiveSmallIntegerField(null=True, blank=True, validators=TIER.validators())
    amount = models.DecimalField(_("deduction"), max_digits=7, decimal_places=2, null=True, blank=True,
                                 validators=POINTS.validators())
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    points = models.DecimalField(_("effect"), max_digits=7, decimal_places=2, default=0, validators=SCORE.validators())

    class Meta:
        db_table = "ratings_scoreentry"
        constraints = [
            models.UniqueConstraint(fields=["sheet", "rule", "stage"], name="scoreentry_unique"),
            QUANTITY.check("scoreentry", "quantity", nullable=True),
            TIER.check("scoreentry", "choice", nullable=True),
            POINTS.check("scoreentry", "amount", nullable=True),
            SCORE.check("scoreentry", "points"),
        ]


def evidence_path(instance: "EvidenceFile", filename: str) -> str:
    return f"evidence/{instance.sheet_id}/{filename}"


class EvidenceFile(TimeStampedModel):
    """A supporting file, uploaded once; it may back several rules of the same sheet."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"), validators=FILE_SIZE.validators())
    rules = models.ManyToManyField(ScoringRule, verbose_name=_("backs the rules"), related_name="evidence", blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    #: the one stored copy in the organisation's evidence library (campaigns.library): enter once
    library_file = models.ForeignKey("campaigns.LibraryFile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        db_table = "ratings_evidencefile"
        ordering = ["sheet", "id"]
        constraints = [FILE_SIZE.check("evidencefile", "size")]

    def __str__(self) -> str:
        return self.name


class StarApplication(TimeStampedModel):
    """A star application (星级申报) of one organisation in one campaign, moving along the approval chain.
    Only ``ratings.stars.services`` changes ``state``."""

    organization = models.ForeignKey("organizations.Organization", verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="star_applications")
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT,
                                 related_name="star_applications")
    sheet = models.ForeignKey(ScoreSheet, verbose_name=_("score sheet"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="applications")
    state = models.CharField(_("state"), max_length=12, choices=AppState.choices, default=AppState.DRAFT, db_index=True)
    requested_level = models.PositiveSmallIntegerField(_("level applied for"), validators=STARS.validators())
    proposed_level = models.PositiveSmallIntegerField(_("level proposed by the township"), null=True, blank=True,
                                                      validators=STARS.validators())
    final_level = models.PositiveSmallIntegerField(_("approved level"), null=True, blank=True, validators=STARS.validators())
    innovation_project = models.CharField(_("innovation project"), max_length=200, blank=True)
    innovation_recognised = models.BooleanField(_("innovation project recognised"), default=False)
    criteria_met = models.JSONField(_("criteria met"), default=dict, blank=True)  # {"1": [true, ...], ...}
    vetoes = models.JSONField(_("veto cases found"), default=list, blank=True)  # seed 001's veto cases, by the township
    summary = models.TextField(_("main achievements"), blank=True)
    over_quota = models.BooleanField(_("over quota"), default=False)
    over_quota_reason = models.TextField(_("reason for approving over quota"), blank=True)
    departure_reason = models.TextField(_("reason for departing from the suggested level"), blank=True)
    innovation_recognised_by = models.CharField(_("innovation project recognised by"), max_length=150, blank=True)
    #: 破格: why the level may rise more than one star this year (rule-set switch star_one_up_per_year)
    exception_reason = models.TextField(_("exception (破格) reason"), blank=True)
    notice_start = models.DateField(_("notice from"), null=True, blank=True)
    notice_end = models.DateField(_("notice until"), null=True, blank=True)
    state_since = models.DateTimeField(_("in this state since"), null=True, blank=True)
    #: The address of the public objection form: random, never the sequential id.
    public_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        db_table = "ratings_starapplication"
        verbose_name = _("star application")
        verbose_name_plural = _("star applications")
        ordering = ["organization__path"]
        constraints = [models.UniqueConstraint(fields=["organization", "campaign"], name="starapp_unique"),
                       STARS.check("starapplication", "requested_level"),
                       STARS.check("starapplication", "proposed_level", nullable=True),
                       STARS.check("starapplication", "final_level", nullable=True)]

    def __str__(self) -> str:
        return f"{self.organization} · {self.requested_level}★"

    @property
    def level(self) -> int:
        return self.final_level or self.proposed_level or self.requested_level


class StarApproval(models.Model):
    """One step of the approval chain: who, when, decision, comment (Wagtail-style task state)."""

    application = models.ForeignKey(StarApplication, on_delete=models.CASCADE, related_name="approvals")
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices)
    from_state = models.CharField(max_length=12, choices=AppState.choices)
    to_state = models.CharField(max_length=12, choices=AppState.choices)
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True, validators=STARS.validators())
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(_("by"), max_length=150)
    comment = models.TextField(_("comment"), blank=True)
    created = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        db_table = "ratings_starapproval"
        ordering = ["created", "id"]
        constraints = [STARS.check("starapproval", "level", nullable=True)]


class StarObjection(models.Model):
    """An objection raised during the public notice, and its answer."""

    application = models.ForeignKey(StarApplication, on_delete=models.CASCADE, related_name="objections")
    text = models.TextField(_("objection"))
    contact = models.CharField(_("contact (optional)"), max_length=100, blank=True)
    created = models.DateTimeField(_("time"), auto_now_add=True)
    answer = models.TextField(pgettext_lazy("ratings", "answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "ratings_starobjection"
        ordering = ["created", "id"]


class StarRating(TimeStampedModel):
    """The star level an organisation holds for one year; ``level`` may be lowered by a spot check."""

    organization = models.ForeignKey("organizations.Organization", verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="star_ratings")
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="star_ratings")
    year = models.PositiveIntegerField(_("year"), validators=YEAR.validators())
    level = models.PositiveSmallIntegerField(_("stars"), validators=STARS.validators())
    approved_level = models.PositiveSmallIntegerField(_("approved level"), validators=STARS.validators())
    application = models.OneToOneField(StarApplication, null=True, blank=True, on_delete=models.SET_NULL, related_name="rating")

    class Meta:
        db_table = "ratings_starrating"
        ordering = ["organization__path", "-year"]
        constraints = [models.UniqueConstraint(fields=["organization", "campaign"], name="starrating_unique"),
                       YEAR.check("starrating", "year"), STARS.check("starrating", "level"),
                       STARS.check("starrating", "approved_level")]

    def __str__(self) -> str:
        return f"{self.organization} {self.year} {self.level}★"


class SpotCheck(models.Model):
    """A spot check (抽查) of a rating; it may lower the level, always with reasons."""

    rating = models.ForeignKey(StarRating, on_delete=models.CASCADE, related_name="spot_checks")
    old_level = models.PositiveSmallIntegerField(validators=STARS.validators())
    new_level = models.PositiveSmallIntegerField(validators=STARS.validators())
    reason = models.TextField(pgettext_lazy("ratings", "findings"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(max_length=150)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "ratings_spotcheck"
        ordering = ["created", "id"]
        constraints = [STARS.check("spotcheck", "old_level"), STARS.check("spotcheck", "new_level")]
