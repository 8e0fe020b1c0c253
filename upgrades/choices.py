"""Choices of the upgrade phase: honour levels, commitment states, measure statuses."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class HonourLevel(models.TextChoices):
    COUNTY = "county", _("County level")
    CITY = "city", _("City level")
    PROVINCE = "province", _("Province level")
    NATIONAL = "national", _("National level")


class CommitmentState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the superior")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved by the superior")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
