"""The ground floor's tables: the base models (time stamps, one-time codes) and the audit trail. Core
knows no app of the domain."""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .choices import ParticipantCategory


class TimeStampedModel(models.Model):
    """Base for every table: when a row was made and last changed."""

    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class OneTimeCodeBase(models.Model):
    """A one-time code on a printed slip (core/codes.py): one questionnaire or one ballot, once.

    It carries only the participant category (for the masses share) and whether it was used — never
    how, never when: no time stamps on purpose. A subclass adds the foreign key to what it belongs to
    (a survey round, a ballot session, a year-end) and may add labels; the vote or answer it is used for
    is stored elsewhere with no link back to it.
    """

    code = models.CharField(pgettext_lazy("one-time code", "code"), max_length=16, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=ParticipantCategory.choices)
    used = models.BooleanField(_("used"), default=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.code


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Audit events are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One state change or score change: who, when, what (before/after) and why. Append-only.

    ``actor_name`` keeps the actor's name as it was, so the trail still reads right after an account
    is renamed or removed. Written only through ``core.audit.audit_record``.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    actor_name = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(_("object"), max_length=200)
    # The organisation whose history shows the row. Core names no domain app: the model is a setting
    # (like AUTH_USER_MODEL), ``JINWEI_ORGANIZATION_MODEL`` = "organizations.Organization".
    organization = models.ForeignKey(
        settings.JINWEI_ORGANIZATION_MODEL, verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="audit_events",
    )
    before = models.JSONField(_("before"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), null=True, blank=True, encoder=DjangoJSONEncoder)
    reason = models.TextField(_("reason"), blank=True)
    created = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("Audit events are append-only.")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Imported")
    REFUSED = "refused", _("Refused")


class ImportRun(TimeStampedModel):
    """One uploaded Excel file and what became of it (core/imports.py): the kind of import, what it was
    imported into, its progress when it runs in the background, every error found, and the workbook
    marked with those errors for download. Seen only by its requester, while the kind's scope check
    still lets them act on ``organization``."""

    kind = models.CharField(_("import"), max_length=40)
    target = models.CharField(_("imported into"), max_length=60, help_text=_("The kind's key of what the file goes into, e.g. round:12."))
    organization = models.ForeignKey(
        settings.JINWEI_ORGANIZATION_MODEL, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+",
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.CASCADE,
                                     related_name="import_runs")
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    source = models.FileField(_("uploaded file"), upload_to="imports/%Y/%m/", blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    background = models.BooleanField(_("in the background"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    summary = models.CharField(_("result"), max_length=300, blank=True)
    marked = models.FileField(_("marked file"), upload_to="imports/%Y/%m/", blank=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["requested_by", "-created"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.REFUSED)


class ImportedContent(models.Model):
    """The fingerprint of a sheet's values once imported into one target: the same questionnaires
    uploaded again are refused (the database refuses a second row even when two uploads race)."""

    kind = models.CharField(max_length=40)
    target = models.CharField(max_length=60)
    digest = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField()
    run = models.ForeignKey(ImportRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    imported_by = models.CharField(max_length=150, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("imported sheet")
        verbose_name_plural = _("imported sheets")
        constraints = [
            models.UniqueConstraint(fields=["kind", "target", "digest"], name="importedcontent_once_per_target"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.target} {self.digest[:12]}"
