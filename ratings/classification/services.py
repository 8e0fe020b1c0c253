"""Writes of the four-step classification: one atomic function per transition (docs/rules.md §5, §6).

Every function locks the classification row, re-checks the stored state against the transition table
(rules.CLASSIFICATION_WORKFLOW), re-checks the actor's permission through organizations.scope,
writes an audit row and defers side effects to commit. Views never assign a state.
"""
from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record, snapshot
from core.four_eyes import audit_authors, four_eyes_on, may_decide, require_other_person
from campaigns.library import library_file_for, library_use
from campaigns.models import Campaign, QuorumRule
from campaigns.quorum import Attendance, QuorumReport, quorum_check, quorum_group
from organizations.models import Organization
from organizations.rules import RATED_KINDS
from organizations.scope import can, may_rate

from . import rules
from .models import (BallotSession, Classification, ClassificationReview, ClassificationState, Meeting, MeetingAttachment, MeetingKind, MeetingResult, ResultSource)

log = logging.getLogger("jinwei.ratings")

#: Every organisation below the county, each rated by its superior (docs/rules.md §5).
CLASSIFIED_KINDS = RATED_KINDS
STATE_FIELDS = ["state", "self_level", "self_reasons", "self_flagged", "final_level", "rounds"]
ATTACHMENT_TYPES = ("pdf", "jpg", "jpeg", "png", "docx", "xlsx")


def _require(user: Any, action: str, organization: Organization) -> None:
    """The permission re-check inside the transaction: outside scope is "not found", as everywhere."""
    if not can(user, action, organization):
        raise Http404


def _require_superior(user: Any, organization: Organization) -> None:
    """Only the organisation's superior confirms, returns or decides its level: a township by the county,
    a 党委 or branch by its township (docs/rules.md §5). Inside scope but not the superior: refused in words."""
    if not can(user, "confirm_classification", organization):
        raise Http404
    if not may_rate(user, "confirm_classification", organization):
        raise ValidationError(_("Only the superior of this organisation confirms its level."))


def _locked(classification: Classification) -> Classification:
    return Classification.objects.select_for_update(of=("self",)).select_related("organization", "campaign__ruleset").get(pk=classification.pk)


def _move(obj: Classification, transition: str, target: str) -> None:
    """The one place a state changes: only along an edge of the transition table."""
    if not rules.allowed(obj.state, transition, target):
        raise ValidationError(
            _("This step cannot be taken now (status: %(state)s).") % {"state": obj.get_state_display()}
        )
    obj.state = target


def _on_commit(message: str, *args: Any) -> None:
    # The side effect of a transition (a log line for the operators; a notification hook later).
    transaction.on_commit(lambda: log.info(message, *args))


# --- Starting -----------------------------------------------------------------------------------
@transaction.atomic
def classification_start(*, actor: Any, campaign: Campaign, organization: Organization) -> Classification:
    """Open the four steps for one organisation in a campaign (idempotent): a branch, general branch, 党委 or
    township committee (docs/rules.md §5)."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    _require(actor, "enter", organization)
    if organization.kind not in CLASSIFIED_KINDS or not organization.is_active:
        raise ValidationError(_("Only active party organisations below the county are classified."))
    if not organization.path.startswith(campaign.scope.path):
        raise ValidationError(_("The organisation is outside the campaign's scope."))
    obj, created = Classification.objects.get_or_create(campaign=campaign, organization=organization)
    if created:
        audit_record(actor=actor, action="classification.start", obj=obj, organization=organization,
                     after=snapshot(obj, STATE_FIELDS))
        _on_commit("classification %s started", obj.pk)
    return obj


@transaction.atomic
def classification_start_all(*, actor: Any, campaign: Campaign) -> int:
    """Open the four steps for every active branch of the campaign the actor may enter; returns how many."""
    from organizations.scope import restrict

    orgs = list(restrict(Organization.objects.filter(kind__in=CLASSIFIED_KINDS, is_active=True,
                                                     path__under=campaign.scope.path), actor, "enter")
                .exclude(classifications__campaign=campaign).select_for_update())
    made = Classification.objects.bulk_create([Classification(campaign=campaign, organization=o) for o in orgs])
    for obj, org in zip(Classification.objects.filter(campaign=campaign, organization__in=orgs), orgs):
        audit_record(actor=actor, action="classification.start", obj=obj, organization=obj.organization,
                     after=snapshot(obj, STATE_FIELDS))
    if made:
        _on_commit("%s classifications started in campaign %s", len(made), campaign.pk)
    return len(made)


# --- Meetings -----------------------------------------------------------------------------------
def quorum_spec_for(classification: Classification, step: int):
    """The quorum rule of the step's activity for this organisation, from the campaign's rule set."""
    rows = {r.group: r for r in QuorumRule.objects.filter(ruleset_id=classification.campaign.ruleset_id,
                                                          activity=rules.STEP_ACTIVITY[step])}
    if not rows:
        raise ValidationError(_("The rule set has no quorum rule for this step."))
    org = classification.organization
    scope = next(iter(rows.values())).group_a_scope
    group = quorum_group(group_a_scope=scope, domain=org.domain, kind=org.kind,
                         is_county_organ_committee=org.is_county_organ_committee)
    row = rows.get(group) or next(iter(rows.values()))
    return row.spec()


def meeting_quorum(meeting: Meeting) -> QuorumReport:
    spec = quorum_spec_for(meeting.classification, meeting.step)
    return quorum_check(spec, Attendance(meeting.party_members, meeting.masses, meeting.service_recipients,
                                         meeting.entitled))


def expected_meeting_kind(classification: Classification, step: int) -> str:
    ruleset = classification.campaign.ruleset
    return rules.meeting_kind_for_step(step, classification.organization.member_count,
                                       delegates_from=ruleset.setting("delegates_meeting_from_members"))


def current_meeting(classification: Classification, step: int) -> Meeting | None:
    return classification.meetings.filter(step=step, superseded=False).first()


MEETING_FIELDS = ["date", "place", "expected_party_members", "expected_masses", "expected_service_recipients",
                  "party_members", "masses", "service_recipients", "entitled", "minutes"]


@transaction.atomic
def meeting_save(*, actor: Any, classification: Classification, step: int, kind: str | None = None,
                 **data: Any) -> Meeting:
    """Record (or correct) the meeting of the current step; the meeting type follows the rules and the
    quorum is checked and stored. A failing quorum keeps the meeting as a draft: the step cannot be completed."""
    obj = _locked(classification)
    _require(actor, "enter", obj.organization)
    if step not in rules.MEETING_STEPS or obj.state != f"step{step}":
        raise ValidationError(_("The meeting of step %(step)d cannot be recorded now.") % {"step": step})
    expected = expected_meeting_kind(obj, step)
    if kind and kind != expected:
        raise ValidationError({"kind": _("This branch must hold a %(kind)s.") % {"kind": MeetingKind(expected).label}})
    errors: dict[str, str] = {}
    if step == 2:
        # A member meeting: party members only; an assembly is entitled to every member.
        if data.get("masses") or data.get("service_recipients"):
            errors["masses"] = _("Only party members (or their delegates) attend the member review.")
        if expected == MeetingKind.MEMBER_ASSEMBLY:
            data["entitled"] = obj.organization.member_count
        elif not data.get("entitled"):
            errors["entitled"] = _("Give the number of delegates entitled to attend.")
        if data.get("entitled") and data.get("party_members", 0) > data["entitled"]:
            errors["party_members"] = _("More attended than were entitled to attend.")
    else:
        data["entitled"] = None
    if errors:
        raise ValidationError(errors)
    meeting = current_meeting(obj, step)
    before = snapshot(meeting, MEETING_FIELDS) if meeting else None
    if meeting is None:
        meeting = Meeting(classification=obj, step=step)
    meeting.kind = expected
    for key in MEETING_FIELDS:
        if key in data:
            setattr(meeting, key, data[key])
    meeting.classification = obj
    result = meeting_quorum(meeting)
    meeting.quorum_ok = result.ok
    meeting.quorum_summary = str(result.summary)[:300]
    meeting.full_clean()
    meeting.save()
    audit_record(actor=actor, action="classification.meeting_save", obj=meeting, organization=obj.organization,
                 before=before, after=snapshot(meeting, MEETING_FIELDS + ["quorum_ok"]))
    return meeting


def attachments_frozen(obj: Classification) -> str | None:
    """Why no file can be attached any more (a confirmed level and everything under it is read-only)."""
    if obj.state == ClassificationState.CONFIRMED:
        return _("The level is confirmed; its meetings and files can no longer be changed. The township can reopen "
                 "it with a reason.")
    return None


@transaction.atomic
def meeting_attachment_add(*, actor: Any, meeting: Meeting, upload: Any = None, library_file: Any = None) -> MeetingAttachment:
    """A file of a meeting: a new ``upload`` or a ``library_file`` already in the organisation's library
    for the year (campaigns/library.py)."""
    obj = _locked(meeting.classification)
    _require(actor, "enter", obj.organization)
    frozen = attachments_frozen(obj)
    if frozen:
        raise ValidationError(frozen)
    # enter once: the file is checked, stored in the organisation's library for the year and only linked here
    lib = library_file_for(actor=actor, campaign=obj.campaign, organization=obj.organization, upload=upload,
                           picked=library_file, allowed=ATTACHMENT_TYPES)
    att = MeetingAttachment(meeting=meeting, name=(upload.name if upload is not None else lib.name)[:200], size=lib.size, content_type=lib.content_type,
                            uploaded_by=actor, library_file=lib)
    att.file.name = lib.file.name
    att.save()
    library_use(lib, kind="classification.meetingattachment", object_id=att.pk,
                label=f"{_('Meeting')} · {MeetingKind(meeting.kind).label} · {obj.organization.name}")
    audit_record(actor=actor, action="classification.attachment_add", obj=att, organization=obj.organization,
                 after={"name": att.name, "size": att.size})
    return att


# --- Paper tallies (entry, then a second person's check) ----------------------------------------
RATING_KEYS = ("advanced", "average", "lagging")
DELIBERATION_KEYS = ("agree", "disagree", "abstain", "spoiled")


def _meeting_open_for_results(obj: Classification, meeting: Meeting) -> None:
    if meeting.superseded or obj.state != f"step{meeting.step}":
        raise ValidationError(_("The result of this meeting cannot be changed now."))


@transaction.atomic
def paper_result_enter(*, actor: Any, meeting: Meeting, counts: dict[str, int]) -> MeetingResult:
    """Enter the totals of a paper vote. They count only after another person checks them."""
    obj = _locked(meeting.classification)
    _require(actor, "enter", obj.organization)
    meeting = Meeting.objects.get(pk=meeting.pk)
    _meeting_open_for_results(obj, meeting)
    if BallotSession.objects.filter(meeting=meeting).exists():
        raise ValidationError(_("This meeting votes online; its result comes from the ballot session."))
    keys = DELIBERATION_KEYS if meeting.step == 4 else RATING_KEYS
    values = {k: int(counts.get(k) or 0) for k in keys}
    if any(v < 0 for v in values.values()):
        raise ValidationError(_("Counts cannot be negative."))
    present = meeting.party_members + meeting.masses + meeting.service_recipients
    if sum(values.values()) > present:
        raise ValidationError(_("%(n)d ballots counted, but only %(present)d people attended.")
                              % {"n": sum(values.values()), "present": present})
    if sum(values.values()) == 0:
        raise ValidationError(_("No ballots entered."))
    result, _created = MeetingResult.objects.get_or_create(meeting=meeting, defaults={"source": ResultSource.PAPER})
    before = snapshot(result, list(keys) + ["confirmed_by"])
    for k, v in values.items():
        setattr(result, k, v)
    result.source = ResultSource.PAPER
    result.entered_by = actor
    result.confirmed_by = None  # a new entry needs a new check
    result.confirmed_at = None
    result.save()
    audit_record(actor=actor, action="classification.paper_enter", obj=result, organization=obj.organization,
                 before=before, after=snapshot(result, list(keys) + ["confirmed_by"]))
    return result


@transaction.atomic
def paper_result_confirm(*, actor: Any, meeting: Meeting) -> MeetingResult:
    """The second person checks the paper totals; only then do they count (docs/rules.md §6)."""
    obj = _locked(meeting.classification)
    _require(actor, "enter", obj.organization)
    _meeting_open_for_results(obj, meeting)
    result = MeetingResult.objects.select_for_update().filter(meeting=meeting, source=ResultSource.PAPER).first()
    if result is None:
        raise ValidationError(_("No paper totals have been entered."))
    if result.confirmed_by_id:
        raise ValidationError(_("These totals are already checked."))
    if result.entered_by_id == actor.pk:
        raise ValidationError(_("The totals must be checked by a second person, not by the one who entered them."))
    result.confirmed_by = actor
    result.confirmed_at = timezone.now()
    result.save(update_fields=["confirmed_by", "confirmed_at", "updated"])
    audit_record(actor=actor, action="classification.paper_confirm", obj=result, organization=obj.organization,
                 after={"confirmed_by": actor.pk})
    return result


# --- The four steps ------------------------------------------------------------------------------
def _counted_result(obj: Classification, step: int) -> tuple[Meeting, MeetingResult]:
    meeting = current_meeting(obj, step)
    if meeting is None:
        raise ValidationError(_("Record the meeting first."))
    if not meeting.quorum_ok:
        fresh = meeting_quorum(meeting)
        if not fresh.ok:
            raise ValidationError(_("The meeting does not meet the quorum: %(why)s") % {"why": fresh.summary})
    result = MeetingResult.objects.filter(meeting=meeting).first()
    if result is None:
        raise ValidationError(_("Enter the result of the vote first."))
    if not result.counts:
        raise ValidationError(_("The paper totals must be checked by a second person first."))
    return meeting, result


def step_results(obj: Classification) -> dict[int, Any]:
    """The counted tallies of steps 1 and 2 (empty tallies when missing)."""
    tallies = {1: rules.RatingTally(), 2: rules.RatingTally()}
    for result in MeetingResult.objects.filter(meeting__classification=obj, meeting__step__in=(1, 2),
                                               meeting__superseded=False).select_related("meeting"):
        if result.counts:
            tallies[result.meeting.step] = result.rating_tally()
    return tallies


@transaction.atomic
def classification_step_complete(*, actor: Any, classification: Classification) -> Classification:
    """Complete step 1, 2 or 4 from its meeting's counted result. Step 4 decides the adoption."""
    obj = _locked(classification)
    _require(actor, "enter", obj.organization)
    before = snapshot(obj, STATE_FIELDS)
    step = rules.STATE_STEP.get(obj.state)
    if step not in rules.MEETING_STEPS:
        raise ValidationError(_("This step cannot be taken now (status: %(state)s).") % {"state": obj.get_state_display()})
    meeting, result = _counted_result(obj, step)
    extra: dict[str, Any] = {}
    if step in (1, 2):
        if result.rating_tally().total == 0:
            raise ValidationError(_("No ballots were counted."))
        _move(obj, f"step{step}_complete", f"step{step + 1}")
    else:
        ruleset = obj.campaign.ruleset
        outcome = rules.adoption(result.deliberation_tally(),
                                 threshold_percent=ruleset.setting("deliberation_adoption_percent"),
                                 strict=ruleset.setting("deliberation_adoption_strict"))
        target = rules.step4_outcome(outcome.adopted, not_adopted_rule=ruleset.setting("deliberation_not_adopted"))
        _move(obj, "step4_complete", target)
        extra = {"adopted": outcome.adopted, "agree_percent": outcome.agree_percent, "valid": outcome.valid}
        if target == ClassificationState.STEP3:
            meeting.superseded = True
            meeting.save(update_fields=["superseded", "updated"])
            obj.rounds += 1
    obj.save()
    audit_record(actor=actor, action=f"classification.step{step}_complete", obj=obj, organization=obj.organization,
                 before=before, after={**snapshot(obj, STATE_FIELDS), **extra})
    _on_commit("classification %s: step %s complete -> %s", obj.pk, step, obj.state)
    return obj


@transaction.atomic
def classification_self_rate(*, actor: Any, classification: Classification, level: str, reasons: str) -> Classification:
    """Step 3: the leadership proposes a level with reasons; a level above the plurality of steps 1-2
    is flagged (not forbidden)."""
    obj = _locked(classification)
    _require(actor, "enter", obj.organization)
    if level not in rules.LEVELS:
        raise ValidationError({"level": _("Choose a level.")})
    if not (reasons or "").strip():
        raise ValidationError({"reasons": _("Write the reasons for the self-rating.")})
    before = snapshot(obj, STATE_FIELDS)
    _move(obj, "self_rate", ClassificationState.STEP4)
    tallies = step_results(obj)
    obj.self_level, obj.self_reasons = level, reasons.strip()
    obj.self_flagged = rules.self_rating_flag(level, tallies[1], tallies[2]).flagged
    obj.save()
    audit_record(actor=actor, action="classification.self_rate", obj=obj, organization=obj.organization,
                 before=before, after=snapshot(obj, STATE_FIELDS))
    _on_commit("classification %s self-rated %s", obj.pk, level)
    return obj


def _review(obj: Classification, actor: Any, kind: str, text: str = "", level: str = "") -> None:
    ClassificationReview.objects.create(classification=obj, kind=kind, text=text, level=level, actor=actor)


#: Who proposed the level or completed the deliberation: four eyes keeps them from confirming or deciding it.
AUTHOR_ACTIONS = ("classification.self_rate", "classification.step4_complete")


def may_decide_level(user: Any, obj: Classification) -> bool:
    return may_decide(user, authors=audit_authors(obj, *AUTHOR_ACTIONS), enabled=four_eyes_on(obj.campaign.ruleset))


def _four_eyes(actor: Any, obj: Classification) -> None:
    require_other_person(actor, authors=audit_authors(obj, *AUTHOR_ACTIONS), ruleset=obj.campaign.ruleset)


@transaction.atomic
def classification_confirm(*, actor: Any, classification: Classification, comment: str = "") -> Classification:
    """The township confirms (审定) the adopted level."""
    obj = _locked(classification)
    _require_superior(actor, obj.organization)
    _four_eyes(actor, obj)
    before = snapshot(obj, STATE_FIELDS)
    _move(obj, "confirm", ClassificationState.CONFIRMED)
    obj.final_level = obj.self_level
    obj.save()
    _review(obj, actor, ClassificationReview.Kind.CONFIRM, comment, obj.final_level)
    audit_record(actor=actor, action="classification.confirm", obj=obj, organization=obj.organization,
                 before=before, after=snapshot(obj, STATE_FIELDS), reason=comment)
    _on_commit("classification %s confirmed", obj.pk)
    return obj


@transaction.atomic
def classification_return(*, actor: Any, classification: Classification, reason: str) -> Classification:
    """The township returns the level with reasons: back to the self-rating, a new deliberation follows."""
    obj = _locked(classification)
    _require_superior(actor, obj.organization)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reasons for the return.")})
    before = snapshot(obj, STATE_FIELDS)
    _move(obj, "return", ClassificationState.STEP3)
    obj.meetings.filter(step=4, superseded=False).update(superseded=True)
    obj.rounds += 1
    obj.save()
    _review(obj, actor, ClassificationReview.Kind.RETURN, reason.strip())
    audit_record(actor=actor, action="classification.return", obj=obj, organization=obj.organization,
                 before=before, after=snapshot(obj, STATE_FIELDS), reason=reason)
    _on_commit("classification %s returned", obj.pk)
    return obj


@transaction.atomic
def classification_township_decide(*, actor: Any, classification: Classification, level: str, reason: str) -> Classification:
    """Not adopted at step 4 and the rule set lets the township decide: it fixes the level with reasons."""
    obj = _locked(classification)
    _require_superior(actor, obj.organization)
    if level not in rules.LEVELS:
        raise ValidationError({"level": _("Choose a level.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reasons for the decision.")})
    _four_eyes(actor, obj)
    before = snapshot(obj, STATE_FIELDS)
    _move(obj, "township_decide", ClassificationState.CONFIRMED)
    obj.final_level = level
    obj.save()
    _review(obj, actor, ClassificationReview.Kind.DECIDE, reason.strip(), level)
    audit_record(actor=actor, action="classification.township_decide", obj=obj, organization=obj.organization,
                 before=before, after=snapshot(obj, STATE_FIELDS), reason=reason)
    return obj


@transaction.atomic
def classification_comment(*, actor: Any, classification: Classification, text: str) -> ClassificationReview:
    """The county may comment at any step (it changes no state)."""
    obj = _locked(classification)
    _require(actor, "review", obj.organization)
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the comment.")})
    review = ClassificationReview.objects.create(classification=obj, kind=ClassificationReview.Kind.COMMENT,
                                                 text=text.strip(), actor=actor)
    audit_record(actor=actor, action="classification.comment", obj=obj, organization=obj.organization, reason=text)
    return review


def actions_for(user: Any, obj: Classification) -> set[str]:
    """Which buttons the user sees on a classification (Wagtail's get_actions)."""
    out: set[str] = set()
    org = obj.organization
    enter = can(user, "enter", org)
    if enter and obj.state in ("step1", "step2", "step4"):
        out |= {"meeting", "complete"}
    if enter and obj.state == "step3":
        out.add("self_rate")
    if may_rate(user, "confirm_classification", org):
        decides = obj.state in ("submitted", "township_decides") and may_decide_level(user, obj)
        if obj.state == "submitted":
            out |= {"confirm", "return"} if decides else {"return"}
        if obj.state == "township_decides" and decides:
            out.add("decide")
        if obj.state == "confirmed":
            out.add("reopen")
    if can(user, "review", org):
        out.add("comment")
    return out


# The ballot half lives in services_ballots.py (it uses the helpers above); callers keep ``services.X``.
from .services_ballots import (  # noqa: E402,F401  (moved out; callers keep services.X)
    MAX_CODES, ballot_session_open, BallotRejected, CODE_PROBLEM_MESSAGES, ballot_cast, ballot_code_status,
    ballot_totals, ballot_turnout, ballot_session_close,
)
