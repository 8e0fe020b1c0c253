"""Choices of the four-step classification: levels, states, meeting types, result sources (docs/rules.md §5)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    ADVANCED = "advanced", _("Advanced")
    AVERAGE = "average", _("Average")
    LAGGING = "lagging", _("Lagging")


class ClassificationState(models.TextChoices):
    STEP1 = "step1", _("Step 1: masses pre-rating")
    STEP2 = "step2", _("Step 2: member review")
    STEP3 = "step3", _("Step 3: self-rating")
    STEP4 = "step4", _("Step 4: deliberation")
    TOWNSHIP_DECIDES = "township_decides", _("Not adopted: the township decides")
    SUBMITTED = "submitted", _("Awaiting the township's confirmation")
    CONFIRMED = "confirmed", _("Confirmed")


class MeetingKind(models.TextChoices):
    MASSES_REPRESENTATIVES = "masses_representatives", _("Masses representatives meeting")
    MEMBER_ASSEMBLY = "member_assembly", _("Party member assembly")
    MEMBER_DELEGATES = "member_delegates", _("Party member delegates meeting")
    MEMBERS_MASSES_REPRESENTATIVES = "members_masses_representatives", _("Party member and masses representatives meeting")


class ResultSource(models.TextChoices):
    PAPER = "paper", _("Paper tally")
    BALLOT = "ballot", _("Online ballot")
