"""Questionnaires, survey rounds, one-time codes, responses, other survey records and survey reports
(docs/rules.md §3, §4, §6, §10; seed 000 §二).

Secrecy of online answers (docs/rules.md §6 applied to questionnaires): a ``Response`` holds no user, no
code, no IP address and no time of day; ``OneTimeCode`` keeps only a used flag.
"""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.choices import Activity
from core.choices import ParticipantCategory
from core.bounds import COUNTER, FILE_SIZE, ORDER, PEOPLE, VERSION
from core.models import OneTimeCodeBase, TimeStampedModel

from .choices import (
    Channel, ParticipantLabel, QuestionKind, RecordKind, ReportStatus, RoundStatus, TeamReportStatus, TeamRole,
    TemplateCategory, Topic,
)


class QuestionnaireTemplate(TimeStampedModel):
    """A questionnaire for one category of organisation. ``owner`` empty = built in (read-only).

    Frozen once any response answers it: editing then makes a new version (``previous``), so old
    answers always mean what they meant.
    """

    name = models.CharField(_("name"), max_length=120)
    category = models.CharField(_("category"), max_length=30, choices=TemplateCategory.choices)
    version = models.PositiveIntegerField(_("version"), default=1, validators=VERSION.validators())
    description = models.TextField(_("introduction"), blank=True)
    owner = models.ForeignKey(
        "organizations.Organization", verbose_name=_("owner"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="questionnaire_templates",
    )
    copied_from = models.ForeignKey(
        "self", verbose_name=_("copied from"), null=True, blank=True, on_delete=models.SET_NULL, related_name="copies",
    )
    previous = models.ForeignKey(
        "self", verbose_name=_("previous version"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="next_versions",
    )
    is_current = models.BooleanField(_("current version"), default=True)
    builtin_key = models.CharField(max_length=40, blank=True, db_index=True)

    class Meta:
        verbose_name = _("questionnaire template")
        verbose_name_plural = _("questionnaire templates")
        ordering = ["owner_id", "category", "name", "-version"]
        constraints = [VERSION.check("questionnairetemplate", "version")]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def is_builtin(self) -> bool:
        return self.owner_id is None

    @property
    def is_frozen(self) -> bool:
        return Response.objects.filter(round__template=self).exists()


class Question(models.Model):
    """One question; ``options`` lists the choices of single/multiple questions (texts, in order)."""

    template = models.ForeignKey(QuestionnaireTemplate, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField(_("order"), default=0, validators=ORDER.validators())
    section = models.CharField(_("section"), max_length=60, blank=True)
    topic = models.CharField(_("topic"), max_length=10, choices=Topic.choices, blank=True, default="")
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices)
    required = models.BooleanField(_("required"), default=True)
    options = models.JSONField(_("options"), default=list, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["template", "order", "id"]
        constraints = [ORDER.check("question", "order")]

    def __str__(self) -> str:
        return self.text


class SurveyRound(TimeStampedModel):
    """One questionnaire survey or masses assessment of one organisation in one campaign.

    Its quorum rule is not stored: it is read from the campaign's rule set by activity and the
    organisation's quorum group (``surveys.selectors.quorum_rule_for``), so the numbers come only from
    the rule set.
    """

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="survey_rounds"
    )
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="survey_rounds")
    activity = models.CharField(
        _("activity"), max_length=30,
        choices=[(Activity.QUESTIONNAIRE.value, Activity.QUESTIONNAIRE.label),
                 (Activity.MASSES_ASSESSMENT.value, Activity.MASSES_ASSESSMENT.label)],
        default=Activity.QUESTIONNAIRE,
    )
    template = models.ForeignKey(QuestionnaireTemplate, verbose_name=_("questionnaire"), on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(_("title"), max_length=120)
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["campaign", "organization"])]

    def __str__(self) -> str:
        return self.title


class OneTimeCode(OneTimeCodeBase):
    """A printed slip: one questionnaire (core/codes.py). Carries only the category (for the masses
    share), a label and the batch it was printed in.

    Nothing links a response to the code that submitted it; ``used`` is all the code remembers.
    """

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="codes")
    label = models.CharField(_("label"), max_length=20, choices=ParticipantLabel.choices, blank=True, default="")
    batch = models.PositiveIntegerField(_("batch"), default=1, validators=COUNTER.validators())

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        ordering = ["round", "batch", "id"]
        constraints = [COUNTER.check("onetimecode", "batch")]
        indexes = [models.Index(fields=["round", "used"])]


class Response(models.Model):
    """One answered questionnaire. No user, no code, no time of day: only the date, and who typed it
    in when it came on paper or Excel."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    category = models.CharField(_("category"), max_length=20, choices=ParticipantCategory.choices)
    label = models.CharField(_("label"), max_length=20, choices=ParticipantLabel.choices, blank=True, default="")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_on = models.DateField(_("date"))

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["round", "category"])]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.pk}"


class Answer(models.Model):
    """One answer; a multiple-choice question has one row per chosen option. ``value`` is the option
    text, the satisfaction key or the scale digit; ``text`` holds a free-text answer."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["question", "value"])]


class SurveyRecord(TimeStampedModel):
    """A symposium, interview, home visit or case analysis (seed 000 §二(一)1, 3): text and who was heard."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="survey_records"
    )
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="survey_records")
    kind = models.CharField(_("method"), max_length=20, choices=RecordKind.choices)
    title = models.CharField(_("title"), max_length=120)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    heard_party_members = models.PositiveIntegerField(_("party members heard"), default=0, validators=PEOPLE.validators())
    heard_masses = models.PositiveIntegerField(_("masses heard"), default=0, validators=PEOPLE.validators())
    heard_service_recipients = models.PositiveIntegerField(_("service recipients heard"), default=0,
                                                           validators=PEOPLE.validators())
    heard_labels = models.JSONField(_("groups heard"), default=list, blank=True)
    content = models.TextField(_("content"))
    findings = models.TextField(_("findings"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("survey record")
        verbose_name_plural = _("survey records")
        ordering = ["-held_on", "-id"]
        constraints = [PEOPLE.check("surveyrecord", name)
                       for name in ("heard_party_members", "heard_masses", "heard_service_recipients")]

    def __str__(self) -> str:
        return self.title


class SurveyAttachment(models.Model):
    """A file of a survey record (minutes, photos, scans); type and size checked by the service."""

    record = models.ForeignKey(SurveyRecord, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="surveys/%Y/")
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"), validators=FILE_SIZE.validators())
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    #: the one stored copy in the organisation's evidence library (campaigns.library): enter once
    library_file = models.ForeignKey("campaigns.LibraryFile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [FILE_SIZE.check("surveyattachment", "size")]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


REPORT_SECTIONS: tuple[tuple[str, Any, Any], ...] = (
    # (field, title, what to write) — the topics of seed 000 §一(二)(三) and §二(二).
    ("overview", _("Basic situation"), _("Organisation set-up, leadership, members (age, education), systems, funds and venue.")),
    ("strengths", _("Strengths"), _("The strengths the branch has built up in its work.")),
    ("problems", _("Outstanding problems"), _("The outstanding problems found by the survey.")),
    ("bottlenecks", _("Constraints and bottlenecks"), _("The constraints the branch faces.")),
    ("evaluation", _("Overall evaluation"), _("An objective evaluation of how the branch runs.")),
    ("suggestions", _("Measures and suggestions"), _("What the branch will do, and the opinions and suggestions heard.")),
)


class SurveyReport(TimeStampedModel):
    """The special survey report (专题调研报告) of one organisation in one campaign [seed 000 §二(三)]."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="survey_reports"
    )
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="survey_reports")
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    overview = models.TextField(_("Basic situation"), blank=True)
    strengths = models.TextField(_("Strengths"), blank=True)
    problems = models.TextField(_("Outstanding problems"), blank=True)
    bottlenecks = models.TextField(_("Constraints and bottlenecks"), blank=True)
    evaluation = models.TextField(_("Overall evaluation"), blank=True)
    suggestions = models.TextField(_("Measures and suggestions"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_late = models.BooleanField(_("late"), default=False)
    review_comment = models.TextField(_("review comment"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("special survey report")
        verbose_name_plural = _("special survey reports")
        ordering = ["organization__path"]
        constraints = [models.UniqueConstraint(fields=["organization", "campaign"], name="survey_report_unique")]

    def __str__(self) -> str:
        return f"{self.organization} {self.campaign.year}"


class SurveySummary(TimeStampedModel):
    """The township's own text for its compilation of the branches' survey reports [seed 000 §二(三)]."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="survey_summaries"
    )
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="survey_summaries")
    overview = models.TextField(_("Overall situation"), blank=True)
    common_problems = models.TextField(_("Common problems"), blank=True)
    measures = models.TextField(_("Next steps"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("township survey summary")
        verbose_name_plural = _("township survey summaries")
        constraints = [models.UniqueConstraint(fields=["organization", "campaign"], name="survey_summary_unique")]

    def __str__(self) -> str:
        return f"{self.organization} {self.campaign.year}"


TEAM_REPORT_SECTIONS: tuple[tuple[str, Any, Any], ...] = (
    # (field, title, what to write) — a survey team's special report [seed 000 §一(二)(三), §二(一)(三)]:
    # how it surveyed, the branches' situation by the six aspects, strengths, problems, bottlenecks, the
    # typical cases dissected, an objective evaluation, and suggestions.
    ("work", _("How the survey was done"),
     _("Methods (symposiums, home visits, questionnaires, interviews, case analysis, masses assessment), branches covered, people heard.")),
    ("situation", _("Basic situation of the branches"),
     _("Set-up, leadership, quality of the members, systems, funds and venues, the role played.")),
    ("strengths", _("Strengths"), _("The strengths the branches have built up in their work.")),
    ("problems", _("Outstanding problems"), _("The outstanding problems the team found.")),
    ("bottlenecks", _("Constraints and bottlenecks"), _("The constraints the branches face.")),
    ("cases", _("Typical cases dissected"),
     _("Typical advanced, average and lagging branches: the common patterns and general problems.")),
    ("evaluation", _("Overall evaluation"), _("An objective evaluation of how the branches run.")),
    ("suggestions", _("Opinions and suggestions"), _("What should be done, and the opinions and suggestions heard.")),
)


class SurveyTeam(TimeStampedModel):
    """A survey team (调查组) set up by a township for its branches in one campaign, with its own special
    report (专题调研报告) [seed 000 §二(三): "乡党政办牵头 … 对各村(社区)党支部进行调查摸底"; "各党支部和调查队形成专题调研报告,
    于3月底前上报"; 附件1 调查组成员名单]. The report goes up to the superior (the county) for approval; its state
    changes only through ``surveys.teams``."""

    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT,
                                 related_name="survey_teams")
    organization = models.ForeignKey("organizations.Organization", verbose_name=_("set up by"), on_delete=models.PROTECT,
                                     related_name="survey_teams")
    name = models.CharField(_("team name"), max_length=80)
    covers = models.ManyToManyField("organizations.Organization", verbose_name=_("organisations covered"), blank=True,
                                    related_name="covering_survey_teams")
    status = models.CharField(_("report status"), max_length=10, choices=TeamReportStatus.choices,
                              default=TeamReportStatus.DRAFT)
    work = models.TextField(_("How the survey was done"), blank=True)
    situation = models.TextField(_("Basic situation of the branches"), blank=True)
    strengths = models.TextField(_("Strengths"), blank=True)
    problems = models.TextField(_("Outstanding problems"), blank=True)
    bottlenecks = models.TextField(_("Constraints and bottlenecks"), blank=True)
    cases = models.TextField(_("Typical cases dissected"), blank=True)
    evaluation = models.TextField(_("Overall evaluation"), blank=True)
    suggestions = models.TextField(_("Opinions and suggestions"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_late = models.BooleanField(_("late"), default=False)
    review_comment = models.TextField(_("review comment"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("survey team")
        verbose_name_plural = _("survey teams")
        ordering = ["organization__path", "name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "organization", "name"], name="survey_team_unique_name")]

    def __str__(self) -> str:
        return self.name


class SurveyTeamMember(models.Model):
    """One person on a team's roster: the post on the team, the name and their own post (职务) — nothing more
    (the seed's 附件1 lists just that)."""

    team = models.ForeignKey(SurveyTeam, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(_("post on the team"), max_length=10, choices=TeamRole.choices)
    name = models.CharField(_("name"), max_length=30)
    post = models.CharField(_("post (职务)"), max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("survey team member")
        ordering = ["team", "order", "id"]

    def __str__(self) -> str:
        return f"{self.name} {self.post}".strip()
