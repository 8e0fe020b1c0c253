"""Choices of the scoring sheets and star levels, with the Chinese names the users know (docs/rules.md §7, §8)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Method(models.TextChoices):
    """The nine (plus two) ways a scoring rule computes its points (docs/rules.md §7)."""

    PER_FAILURE = "per_failure", _("Deduct per failure")
    PER_SHORTFALL = "per_shortfall", _("Deduct per shortfall")
    PER_SUBUNIT = "per_subunit", _("Deduct per sub-unit")
    FORFEIT = "forfeit", _("Forfeit")
    CHECKLIST = "checklist", _("Checklist")
    AWARD = "award", _("Award if met")
    TIERED = "tiered", _("Tiered")
    FLAT_PENALTY = "flat_penalty", _("Flat penalty")
    DISCRETIONARY = "discretionary", _("Discretionary")
    BONUS = "bonus", _("Bonus")
    VETO = "veto", _("Veto")


class SectionKind(models.TextChoices):
    DEDUCT = "deduct", _("Starts at the maximum, deductions")
    AWARD = "award", _("Starts at zero, awards")


class Stage(models.TextChoices):
    SELF = "self", _("Self-score")
    REVIEWER = "reviewer", _("Reviewer score")
    FINAL = "final", _("Final score")


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Self-scoring")
    SUBMITTED = "submitted", _("Self-score submitted")
    REVIEWED = "reviewed", _("Reviewed")
    FINAL = "final", _("Final")


class AppState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Applied")
    ASSESSED = "assessed", _("Assessed by the township")
    INSPECTED = "inspected", _("Inspected by the county")
    NOTICE = "notice", _("Public notice")
    APPROVED = "approved", _("Approved and published")
    RETURNED = "returned", _("Returned")


class Decision(models.TextChoices):
    SUBMIT = "submit", _("Applied")
    ASSESS = "assess", _("Assessed")
    INSPECT = "inspect", _("Inspection passed")
    NOTICE = "notice", _("Public notice opened")
    APPROVE = "approve", _("Approved")
    RETURN = "return", _("Returned")
    SPOT_CHECK = "spot_check", _("Spot check")
    REOPEN = "reopen", _("Reopened")
