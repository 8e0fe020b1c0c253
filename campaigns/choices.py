"""Choices of campaigns and rule sets: activities with a quorum, quorum groups, phases."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Activity(models.TextChoices):
    """Activities that have a quorum rule (docs/rules.md §4)."""

    QUESTIONNAIRE = "questionnaire", _("Questionnaire survey")
    MASSES_ASSESSMENT = "masses_assessment", _("Masses assessment meeting")
    STEP1_PRERATING = "step1_prerating", _("Masses pre-rating")
    STEP2_MEMBER_REVIEW = "step2_member_review", _("Member review")
    STEP4_DELIBERATION = "step4_deliberation", _("Deliberation")
    YEAREND_SELF_CHECK = "yearend_self_check", _("Year-end self-check evaluation")
    YEAREND_SATISFACTION = "yearend_satisfaction", _("Year-end satisfaction assessment")


class QuorumGroup(models.TextChoices):
    A = "A", _("Group A")
    B = "B", _("Group B")


class GroupAScope(models.TextChoices):
    """Who counts as group A for an activity [seed 000 §二(一)2 vs §二(一)4]."""

    VILLAGE_COMMUNITY = "village_community", _("Village and community organisations")
    WITH_TOWNSHIP_AND_ORGAN = "with_township_and_organ", _(
        "Township committees, village and community organisations, county organ committees"
    )


class Phase(models.TextChoices):
    SURVEY = "survey", _("Survey")
    CLASSIFICATION = "classification", _("Classification")
    UPGRADE = "upgrade", _("Upgrade")
    SUMMARY = "summary", _("Summary")
