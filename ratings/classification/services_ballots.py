"""Online ballot sessions of a classification meeting (core/codes.py): open with codes, cast, turnout, close.
Ballots are counters only (docs/rules.md §14); closing writes the meeting's result."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.choices import ParticipantCategory
from core.codes import CodeProblem, code_redeem, codes_issue, codes_settle

from . import rules
from .models import BallotCode, BallotCount, BallotSession, Meeting, MeetingResult, ResultSource
from .services import _locked, _meeting_open_for_results, _on_commit, _require


# --- Ballot sessions ----------------------------------------------------------------------------
MAX_CODES = 2000


@transaction.atomic
def ballot_session_open(*, actor: Any, meeting: Meeting, codes: dict[str, int]) -> BallotSession:
    """Open an anonymous ballot at a meeting with ``codes[category]`` one-time codes per category."""
    obj = _locked(meeting.classification)
    _require(actor, "enter", obj.organization)
    meeting = Meeting.objects.get(pk=meeting.pk)
    _meeting_open_for_results(obj, meeting)
    if BallotSession.objects.filter(meeting=meeting).exists():
        raise ValidationError(_("This meeting already has a ballot session."))
    if MeetingResult.objects.filter(meeting=meeting).exists():
        raise ValidationError(_("Paper totals are already entered for this meeting."))
    counts = {c: int(codes.get(c) or 0) for c in ParticipantCategory.values}
    total = sum(counts.values())
    if total <= 0 or total > MAX_CODES or min(counts.values()) < 0:
        raise ValidationError(_("Give between 1 and %(max)d codes.") % {"max": MAX_CODES})
    question = rules.ballot_question_for_step(meeting.step)
    if question == "deliberation" and not obj.self_level:
        raise ValidationError(_("There is no proposed level to deliberate on."))
    session = BallotSession.objects.create(meeting=meeting, question=question, created_by=actor,
                                          proposed_level=obj.self_level if question == "deliberation" else "")
    codes_issue(BallotCode, counts, session=session)
    BallotCount.objects.bulk_create([
        BallotCount(session=session, category=cat, choice=choice)
        for cat in ParticipantCategory.values for choice in rules.choices_for_question(question)
    ])
    audit_record(actor=actor, action="ballot.session_open", obj=session, organization=obj.organization,
                 after={"codes": counts, "question": question})
    _on_commit("ballot session %s opened with %s codes", session.pk, total)
    return session


class BallotRejected(ValidationError):
    pass


CODE_PROBLEM_MESSAGES = {
    "unknown": lambda: _("This code is not valid. Check the code on your slip."),
    "used": lambda: _("This code has already been used."),
    "closed": lambda: _("This vote is closed."),
}


def ballot_cast(*, code: str, choice: str) -> None:
    """One anonymous vote through ``core.codes.code_redeem``: under the code row's lock one counter
    (session × category × choice) goes up and the code is marked used; nothing about the voter, the code
    or the time is stored with the vote. A wrong choice leaves the code unused."""

    def is_open(row: BallotCode) -> bool:  # read after the lock: a session closed meanwhile is closed
        return BallotSession.objects.filter(pk=row.session_id, state=BallotSession.State.OPEN).exists()

    def count(row: BallotCode) -> None:
        question = BallotSession.objects.filter(pk=row.session_id).values_list("question", flat=True).get()
        if choice not in rules.choices_for_question(question):
            raise BallotRejected(_("Choose one of the options."))
        BallotCount.objects.filter(session_id=row.session_id, category=row.category, choice=choice).update(
            count=F("count") + 1
        )

    try:
        code_redeem(BallotCode, code, owner="session", is_open=is_open, cast=count)
    except CodeProblem as problem:
        raise BallotRejected(CODE_PROBLEM_MESSAGES[problem.reason]()) from None


def ballot_code_status(code: str) -> dict[str, Any] | None:
    """What the public vote page may know of a code before voting: its session's question, whether
    the code was used and whether the vote is open."""
    code = rules.normalise_code(code)
    row = (BallotCode.objects.filter(code=code)
           .select_related("session__meeting__classification__organization").first())
    if row is None:
        return None
    session = row.session
    return {"code": code, "used": row.used, "open": session.state == BallotSession.State.OPEN,
            "question": session.question, "proposed_level": session.proposed_level, "session": session,
            "organization": session.meeting.classification.organization, "meeting": session.meeting}


def ballot_totals(session: BallotSession) -> dict[str, Any]:
    """Totals per choice and turnout per category (the only results ever shown)."""
    by_choice = {c: 0 for c in rules.choices_for_question(session.question)}
    by_category = {c: 0 for c in ParticipantCategory.values}
    for row in BallotCount.objects.filter(session=session).values("category", "choice", "count"):
        by_choice[row["choice"]] = by_choice.get(row["choice"], 0) + row["count"]
        by_category[row["category"]] += row["count"]
    return {"by_choice": by_choice, "by_category": by_category, "voted": sum(by_choice.values())}


def ballot_turnout(session: BallotSession) -> dict[str, Any]:
    """Codes issued and used per category: public to the meeting while the vote is open."""
    issued = {c: 0 for c in ParticipantCategory.values}
    used = {c: 0 for c in ParticipantCategory.values}
    for row in BallotCode.objects.filter(session=session).values("category", "used"):
        issued[row["category"]] += 1
        used[row["category"]] += 1 if row["used"] else 0
    return {"issued": issued, "used": used, "issued_total": sum(issued.values()), "used_total": sum(used.values())}


@transaction.atomic
def ballot_session_close(*, actor: Any, session: BallotSession) -> MeetingResult:
    """Close the vote and turn the counters into the meeting's result (it counts at once)."""
    obj = _locked(session.meeting.classification)
    _require(actor, "enter", obj.organization)
    session = BallotSession.objects.select_for_update().get(pk=session.pk)
    if session.state != BallotSession.State.OPEN:
        raise ValidationError(_("This vote is already closed."))
    session.state = BallotSession.State.CLOSED
    session.closed_at = timezone.now()
    session.save(update_fields=["state", "closed_at", "updated"])
    # The session's lock waited for votes in flight (they share-lock it first); codes and counters are
    # written again in this transaction, so no system column pairs a code with a vote (docs/rules.md §14).
    codes_settle(BallotCode.objects.filter(session=session), BallotCount.objects.filter(session=session))
    totals = ballot_totals(session)["by_choice"]
    result, _created = MeetingResult.objects.update_or_create(
        meeting_id=session.meeting_id, defaults={"source": ResultSource.BALLOT, **totals, "spoiled": 0},
    )
    audit_record(actor=actor, action="ballot.session_close", obj=session, organization=obj.organization,
                 after={"totals": totals})
    _on_commit("ballot session %s closed", session.pk)
    return result
