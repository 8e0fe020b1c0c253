"""Choices of the follow-through: case states, exit bases, alert kinds."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseState(models.TextChoices):
    OPEN = "open", _("Being transformed")
    EXIT_REQUESTED = "exit_requested", _("Exit requested")
    CLOSED = "closed", _("Exited (cap removed)")


class ExitBasis(models.TextChoices):
    RERATING = "rerating", _("Year-end re-rating")
    MASSES = "masses", _("Masses assessment")


class CaseMeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
