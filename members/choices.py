"""Choices of the member evaluation (两票制): the five grades, the two ballots, the evaluation's states."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    QUALIFIED = "qualified", _("Qualified")
    BASIC = "basic", _("Basically qualified")
    BASIC_NOT = "basic_not", _("Basically unqualified")
    NOT = "not", _("Unqualified")


class Ballot(models.TextChoices):
    PARTY = "party_member", _("Party members' ballot")
    MASSES = "masses", _("Non-party masses representatives' ballot")


class EvaluationState(models.TextChoices):
    OPEN = "open", _("Voting")
    CLOSED = "closed", _("Closed")
