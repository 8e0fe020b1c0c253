"""The online satisfaction ballot of the year-end (core/codes.py, the anonymous ballots of docs/rules.md §6).
Ballots are counters only; the self-check meeting comes first (seed 000 §五)."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from campaigns.choices import Activity
from campaigns.models import Campaign
from campaigns.quorum import Attendance, quorum_check
from core.audit import audit_record
from core.choices import ParticipantCategory
from core.codes import CodeProblem, code_check, code_redeem, codes_issue, codes_settle
from organizations.models import Organization

from .models import SatisfactionCode, SatisfactionCount, YearEnd
from .services import CHOICES, POOLED, _require, _self_check_done, _superior, _yearend, quorum_spec, sat_counts_kept


# --- the online satisfaction ballot (core/codes.py, the anonymous ballots of docs/rules.md §6) ----------
MAX_CODES = 2000


class BallotRejected(ValidationError):
    pass


@transaction.atomic
def satisfaction_ballot_open(*, actor: Any, campaign: Campaign, organization: Organization, codes: dict[str, int]) -> YearEnd:
    """The superior opens an anonymous satisfaction ballot with ``codes[category]`` one-time codes."""
    _require(actor, "assess", _superior(organization))
    obj = _yearend(campaign, organization)
    if obj.final_level or obj.sat_ballot or obj.sat_counts:
        raise ValidationError(_("The satisfaction assessment of this branch is already under way or done."))
    _self_check_done(obj)
    counts = {c: int(codes.get(c) or 0) for c in ParticipantCategory.values}
    total = sum(counts.values())
    if total <= 0 or total > MAX_CODES or min(counts.values()) < 0:
        raise ValidationError(_("Give between 1 and %(max)d codes.") % {"max": MAX_CODES})
    codes_issue(SatisfactionCode, counts, year_end=obj)
    SatisfactionCount.objects.bulk_create([SatisfactionCount(year_end=obj, category=cat, choice=ch)
                                           for cat in ParticipantCategory.values for ch in CHOICES])
    obj.sat_ballot = "open"
    obj.save(update_fields=["sat_ballot", "updated"])
    audit_record(actor=actor, action="yearend.satisfaction_ballot_open", obj=obj, organization=organization, after={"codes": counts})
    return obj


#: What the vote page says for each of core's reasons a code cannot be used.
CODE_PROBLEM_MESSAGES = {
    "unknown": lambda: _("This code is not valid. Check the code on your slip."),
    "used": lambda: _("This code has already been used."),
    "closed": lambda: _("This vote is closed."),
}


def satisfaction_ballot_cast(*, code: str, choice: str) -> None:
    """One anonymous vote through ``core.codes.code_redeem``: under the code row's lock one counter
    (year-end × category × choice) goes up and the code is marked used; nothing else is stored — no
    user, no IP, no code, no time. A wrong choice leaves the code unused."""

    def is_open(row: SatisfactionCode) -> bool:  # read after the lock: a ballot closed meanwhile is closed
        return YearEnd.objects.filter(pk=row.year_end_id, sat_ballot="open").exists()

    def count(row: SatisfactionCode) -> None:
        if choice not in CHOICES:
            raise BallotRejected(_("Choose one of the options."))
        SatisfactionCount.objects.filter(year_end_id=row.year_end_id, category=row.category, choice=choice).update(
            count=F("count") + 1)

    try:
        code_redeem(SatisfactionCode, code, owner="year_end", is_open=is_open, cast=count)
    except CodeProblem as problem:
        raise BallotRejected(CODE_PROBLEM_MESSAGES[problem.reason]()) from None


def satisfaction_ballot_subject(*, code: str) -> str:
    """The name of the organisation a satisfaction code rates, for the phone page before the vote
    (writes nothing). BallotRejected, worded as for the vote, when the code cannot vote."""

    def is_open(row: SatisfactionCode) -> bool:
        return row.year_end.sat_ballot == "open"

    try:
        row = code_check(SatisfactionCode, code, is_open=is_open, select_related=("year_end__organization",))
    except CodeProblem as problem:
        raise BallotRejected(CODE_PROBLEM_MESSAGES[problem.reason]()) from None
    return row.year_end.organization.name


@transaction.atomic
def satisfaction_ballot_close(*, actor: Any, year_end: YearEnd) -> YearEnd:
    """Close the ballot: the counters become the result; the quorum counts the people who took part (codes
    used), not the slips printed [seed 000 §五(二) "人数不少于60人" are participants]."""
    from django.db.models import Count

    _require(actor, "assess", _superior(year_end.organization))
    obj = YearEnd.objects.select_for_update(of=("self",)).select_related("organization", "campaign__ruleset").get(pk=year_end.pk)
    if obj.sat_ballot != "open":
        raise ValidationError(_("The ballot is not open."))
    # The year-end's lock waited for votes in flight (they share-lock it first); codes and counters are
    # written again in this transaction, so no system column pairs a code with a vote (docs/rules.md §14).
    YearEnd.objects.filter(pk=obj.pk).update(sat_ballot="closed")
    codes_settle(SatisfactionCode.objects.filter(year_end=obj), SatisfactionCount.objects.filter(year_end=obj))
    counts = {c: {k: 0 for k in CHOICES} for c in ParticipantCategory.values}
    for row in SatisfactionCount.objects.filter(year_end=obj):
        counts[row.category][row.choice] = row.count
    issued = dict(SatisfactionCode.objects.filter(year_end=obj, used=True).values_list("category")
                  .annotate(n=Count("id")).order_by())
    result = quorum_check(quorum_spec(obj.campaign, obj.organization, Activity.YEAREND_SATISFACTION),
                          Attendance(issued.get("party_member", 0), issued.get("masses", 0), issued.get("service_recipient", 0), None))
    obj.sat_counts, obj.sat_ballot = sat_counts_kept(counts, obj.campaign), "closed"
    if POOLED in obj.sat_counts:  # a category too small to keep apart: its counters go too (docs/rules.md §14)
        SatisfactionCount.objects.filter(year_end=obj).update(count=0)
    obj.sat_party_members, obj.sat_masses = issued.get("party_member", 0), issued.get("masses", 0)
    obj.sat_service_recipients = issued.get("service_recipient", 0)
    obj.sat_quorum_ok, obj.sat_quorum_summary = result.ok, result.summary[:300]
    obj.save()
    audit_record(actor=actor, action="yearend.satisfaction_ballot_close", obj=obj, organization=obj.organization,
                 after={"counts": obj.sat_counts, "quorum_ok": result.ok})
    return obj
