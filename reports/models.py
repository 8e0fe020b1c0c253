"""Background report runs: who asked for what, how far it is, and the file it made."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.bounds import PERCENT, ROUNDS
from core.models import TimeStampedModel

from .choices import RunStatus, ReportFormat


class ReportRun(TimeStampedModel):
    """One requested report. Rendered by a Celery task; downloaded only by its requester, and only while
    the organisation it covers is still inside the requester's scope."""

    kind = models.CharField(_("report"), max_length=40)
    fmt = models.CharField(_("format"), max_length=8, choices=ReportFormat.choices)
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="report_runs"
    )
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0, validators=PERCENT.validators())
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/", blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0, validators=ROUNDS.validators())

    class Meta:
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["requested_by", "-created"])]
        constraints = [PERCENT.check("reportrun", "progress"), ROUNDS.check("reportrun", "attempts")]

    def __str__(self) -> str:
        return self.title or self.kind

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


class SummaryNarrative(TimeStampedModel):
    """The words of a township's annual summary (年度工作总结) beside its figures: seed 000 §五(四) "上级党组织
    汇总…总结成绩和经验，形成年度工作总结…于11月底前上报". The township writes 成绩, 经验, 问题, 下一步 and submits
    it (上报) to the county; a submitted summary is read-only."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    organization = models.ForeignKey("organizations.Organization", verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("year"))
    achievements = models.TextField(_("achievements (成绩)"), blank=True)
    experience = models.TextField(_("experience (经验)"), blank=True)
    problems = models.TextField(_("problems (问题)"), blank=True)
    next_steps = models.TextField(_("next steps (下一步)"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("annual summary text")
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="summary_narrative_unique")]

    TEXT_FIELDS = ("achievements", "experience", "problems", "next_steps")
