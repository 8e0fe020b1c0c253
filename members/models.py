"""Member evaluation by two ballots (两票制民主评议党员, docs/rules.md §11, seed 001 §三2): the members of a
branch, the evaluation, its one-time codes, the ballots as counters, paper batches and the results with
the organisational handling of the bottom two grades. States move only through members.services."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import OneTimeCodeBase, TimeStampedModel

from .choices import Ballot, EvaluationState, Grade


class Member(TimeStampedModel):
    """A party member of a branch, with no more personal data than the evaluation needs: the name."""

    organization = models.ForeignKey("organizations.Organization", verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="members")
    name = models.CharField(_("name"), max_length=40)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("party member")
        ordering = ["organization__path", "id"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="member_unique_name_in_branch")]

    def __str__(self) -> str:
        return self.name


class Evaluation(TimeStampedModel):
    """The democratic evaluation of one branch's members in one campaign."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="member_evaluations")
    organization = models.ForeignKey("organizations.Organization", verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="member_evaluations")
    state = models.CharField(_("status"), max_length=10, choices=EvaluationState.choices, default=EvaluationState.OPEN)
    members = models.ManyToManyField(Member, related_name="evaluations")
    #: paper ballots entered per ballot: {"party_member": n, "masses": n}
    papers = models.JSONField(default=dict, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("member evaluation")
        ordering = ["organization__path"]
        constraints = [models.UniqueConstraint(fields=["campaign", "organization"], name="member_eval_unique_campaign_org")]


class EvaluationCode(OneTimeCodeBase):
    """One ballot paper's code (core/codes.py); its category names the ballot (party members or masses)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="codes")

    class Meta:
        ordering = ["evaluation", "category", "code"]


class EvaluationCount(models.Model):
    """Secret ballots as counters only (evaluation × member × ballot × grade), created when the evaluation
    opens and incremented with F(): no voter, no code, no time."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="counts")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    ballot = models.CharField(max_length=20, choices=Ballot.choices)
    grade = models.CharField(max_length=10, choices=Grade.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evaluation", "member", "ballot", "grade"], name="member_eval_count_unique")]


class Result(TimeStampedModel):
    """A member's result when the evaluation closes, and the organisational handling (组织处置) recorded
    for the bottom two grades."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="results")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="results")
    party_grade = models.CharField(_("party members' ballot"), max_length=10, choices=Grade.choices, blank=True)
    masses_grade = models.CharField(_("masses' ballot"), max_length=10, choices=Grade.choices, blank=True)
    grade = models.CharField(_("result"), max_length=10, choices=Grade.choices, blank=True)
    handling = models.TextField(_("organisational handling"), blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        ordering = ["member__id"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "member"], name="member_result_unique")]
