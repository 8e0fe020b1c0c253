"""Writes of the upgrade phase: one atomic function per action (docs/rules.md §9, seed 000 §四, §五).

Each locks the row, re-checks the stored state against ``rules.COMMITMENT_WORKFLOW`` and the actor's scope
(outside scope = 404, as everywhere), writes an audit row and defers side effects to commit.
"""
from __future__ import annotations

import datetime
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from campaigns.choices import Activity
from core.uploads import check_upload, content_type
from campaigns.models import Campaign, QuorumRule
from campaigns.quorum import Attendance, quorum_check, quorum_group
from core.audit import audit_record, snapshot
from core.choices import ParticipantCategory
from campaigns.library import library_file_for, library_use
from core.four_eyes import audit_authors, four_eyes_on, may_decide, require_other_person
from core.secrecy import breakdown_by_groups_or_none
from organizations.models import Organization
from organizations.scope import can

from . import rules
from .models import (Commitment, CommitmentReview, CommitmentState, Evidence, Honour, Measure, MeasureStatus, MemberPledge, YearEnd)

log = logging.getLogger("jinwei.upgrades")

from organizations.rules import RATED_KINDS as BRANCH_KINDS  # every organisation below the county (docs/rules.md §5)
# Evidence and the signed agreement scan; the content is checked by core.uploads.
EVIDENCE_TYPES = ("pdf", "jpg", "jpeg", "png", "docx", "xlsx")
COMMITMENT_FIELDS = ["state", "start_level", "start_stars", "target_level", "target_stars", "problems",
                     "opinions_heard", "is_public"]
CHOICES = ("satisfied", "basically", "dissatisfied")
#: The key of ``YearEnd.sat_counts`` that holds only the totals, when a category was too small to keep apart.
POOLED = "all"


def sat_counts_kept(counts: dict[str, dict[str, int]], campaign: Campaign) -> dict[str, dict[str, int]]:
    """What is stored, shown and audited of the satisfaction counts (docs/rules.md §14): by category, or
    only the totals under ``POOLED`` when a category holds fewer votes than the rule set's
    ``small_group_threshold`` (one service recipient's "dissatisfied" would otherwise be there to read)."""
    sizes = {c: sum(by_choice.values()) for c, by_choice in counts.items()}
    if breakdown_by_groups_or_none(counts, sizes, campaign.ruleset.setting("small_group_threshold")) is not None:
        return counts
    return {POOLED: {k: sum(by_choice.get(k, 0) for by_choice in counts.values()) for k in CHOICES}}


def _require(user: Any, action: str, organization: Organization | None) -> None:
    if organization is None or not can(user, action, organization):
        raise Http404


def _superior(org: Organization) -> Organization | None:
    """The organisation that reviews a branch's commitment: its parent (seed 000 §四(一) "报上级党组织审核";
    the other organisations "按党组织隶属关系")."""
    return org.parent


def _locked(commitment: Commitment) -> Commitment:
    return Commitment.objects.select_for_update(of=("self",)).select_related("organization__parent", "campaign__ruleset").get(pk=commitment.pk)


def _on_commit(message: str, *args: Any) -> None:
    transaction.on_commit(lambda: log.info(message, *args))


def _editable(obj: Commitment) -> None:
    if obj.state not in (CommitmentState.DRAFT, CommitmentState.RETURNED):
        raise ValidationError(_("An approved or submitted commitment cannot be changed."))


# --- where a branch starts -----------------------------------------------------------------------
def previous_campaign(campaign: Campaign, organization: Organization) -> Campaign | None:
    """Last year's campaign covering the organisation (the deepest scope)."""
    rows = [c for c in Campaign.objects.filter(year=campaign.year - 1).select_related("scope")
            if organization.path.startswith(c.scope.path)]
    return max(rows, key=lambda c: len(c.scope.path)) if rows else None


def starting_point(campaign: Campaign, organization: Organization) -> tuple[str, int | None]:
    """(level, stars) the branch starts from: the township-confirmed classification and this campaign's
    star rating, else last year's final level and stars (multi-year)."""
    from ratings.classification.models import Classification
    from ratings.stars.models import StarRating

    confirmed = (Classification.objects.filter(campaign=campaign, organization=organization, state="confirmed")
                 .values_list("final_level", flat=True).first())
    stars = StarRating.objects.filter(campaign=campaign, organization=organization).values_list("level", flat=True).first()
    last_level = None
    prev = previous_campaign(campaign, organization)
    if prev is not None:
        ye = YearEnd.objects.filter(campaign=prev, organization=organization).first()
        if ye is not None:
            last_level = ye.final_level or None
            if stars is None:
                stars = ye.final_stars
        if stars is None:
            stars = StarRating.objects.filter(campaign=prev, organization=organization).values_list("level", flat=True).first()
    return rules.starting_level(confirmed, last_level) or "", stars


# --- the commitment ------------------------------------------------------------------------------
@transaction.atomic
def commitment_create(*, actor: Any, campaign: Campaign, organization: Organization, target_level: str,
                      target_stars: int | None = None, problems: str = "", opinions_heard: str = "") -> Commitment:
    _require(actor, "enter", organization)
    if organization.kind not in BRANCH_KINDS or not organization.path.startswith(campaign.scope.path):
        raise ValidationError(_("Only branches of the campaign make commitments."))
    if Commitment.objects.filter(campaign=campaign, organization=organization).exists():
        raise ValidationError(_("This branch already has a commitment for the campaign."))
    level, stars = starting_point(campaign, organization)
    obj = Commitment(campaign=campaign, organization=organization, start_level=level, start_stars=stars,
                     target_level=target_level, target_stars=target_stars, problems=problems,
                     opinions_heard=opinions_heard)
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, action="commitment.create", obj=obj, organization=organization,
                 after=snapshot(obj, COMMITMENT_FIELDS))
    return obj


@transaction.atomic
def commitment_update(*, actor: Any, commitment: Commitment, **values: Any) -> Commitment:
    obj = _locked(commitment)
    _require(actor, "enter", obj.organization)
    _editable(obj)
    before = snapshot(obj, COMMITMENT_FIELDS)
    for key in ("target_level", "target_stars", "problems", "opinions_heard"):
        if key in values:
            setattr(obj, key, values[key])
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, action="commitment.update", obj=obj, organization=obj.organization, before=before,
                 after=snapshot(obj, COMMITMENT_FIELDS))
    return obj


def _transition(actor: Any, commitment: Commitment, transition: str, text: str, action: str) -> Commitment:
    """The one place a commitment's state changes: an edge of rules.COMMITMENT_WORKFLOW, with a review row."""
    obj = _locked(commitment)
    if action == "enter":
        _require(actor, "enter", obj.organization)
    else:  # the superior (parent's staff, or above)
        _require(actor, "assess", _superior(obj.organization))
    target = rules.next_state(obj.state, transition)
    if target is None:
        raise ValidationError(_("This step cannot be taken now (status: %(state)s).") % {"state": obj.get_state_display()})
    before = snapshot(obj, COMMITMENT_FIELDS)
    CommitmentReview.objects.create(commitment=obj, transition=transition, from_state=obj.state, to_state=target,
                                    text=text, actor=actor)
    obj.state = target
    obj.save(update_fields=["state", "updated"])
    audit_record(actor=actor, action=f"commitment.{transition}", obj=obj, organization=obj.organization,
                 before=before, after=snapshot(obj, COMMITMENT_FIELDS), reason=text)
    _on_commit("commitment %s: %s → %s", obj.pk, before["state"], target)
    return obj


@transaction.atomic
def commitment_submit(*, actor: Any, commitment: Commitment) -> Commitment:
    if not commitment.measures.exists():
        raise ValidationError(_("Add at least one measure before submitting."))
    return _transition(actor, commitment, "submit", "", "enter")


#: The audit actions of whoever entered or submitted a commitment (four eyes: they do not approve it).
AUTHOR_ACTIONS = ("commitment.create", "commitment.update", "commitment.measure_add", "commitment.submit")


def commitment_authors(obj: Commitment) -> set[int]:
    return audit_authors(obj, *AUTHOR_ACTIONS) | set(
        CommitmentReview.objects.filter(commitment=obj, transition="submit").values_list("actor_id", flat=True))


@transaction.atomic
def commitment_approve(*, actor: Any, commitment: Commitment, comment: str = "") -> Commitment:
    locked = _locked(commitment)
    _require(actor, "assess", _superior(locked.organization))
    require_other_person(actor, authors=commitment_authors(locked), ruleset=locked.campaign.ruleset)
    return _transition(actor, locked, "approve", comment, "assess")


@transaction.atomic
def commitment_return(*, actor: Any, commitment: Commitment, reason: str) -> Commitment:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the commitment is returned.")})
    return _transition(actor, commitment, "return", reason, "assess")


@transaction.atomic
def commitment_reopen(*, actor: Any, commitment: Commitment, reason: str) -> Commitment:
    """Reopen an approved commitment (docs/rules.md §13): only the superior that approves, with a reason; it goes
    back to "submitted" for a new decision and stops being public."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for reopening.")})
    obj = _transition(actor, commitment, "reopen", reason, "assess")
    if obj.is_public:
        obj.is_public = False
        obj.save(update_fields=["is_public", "updated"])
    return obj


SERVICES = {"submit": commitment_submit, "approve": commitment_approve, "return": commitment_return,
            "reopen": commitment_reopen}


def actions_for(user: Any, obj: Commitment) -> set[str]:
    """Which buttons the user sees (Wagtail's get_actions habit)."""
    out: set[str] = set()
    if can(user, "enter", obj.organization) and obj.state in (CommitmentState.DRAFT, CommitmentState.RETURNED):
        out |= {"edit", "submit"}
    superior = _superior(obj.organization)
    if superior is not None and can(user, "assess", superior) and obj.state == CommitmentState.SUBMITTED:
        out.add("return")
        if may_decide(user, authors=commitment_authors(obj), enabled=four_eyes_on(obj.campaign.ruleset)):
            out.add("approve")
    if superior is not None and can(user, "assess", superior) and obj.state == CommitmentState.APPROVED:
        out.add("reopen")
    if can(user, "enter", obj.organization) and obj.state == CommitmentState.APPROVED:
        out |= {"progress", "publish", "scan"}
    return out


@transaction.atomic
def commitment_publish(*, actor: Any, commitment: Commitment, public: bool = True) -> Commitment:
    """Public commitment (公开承诺, seed 000 §四(三)): only an approved commitment goes public."""
    obj = _locked(commitment)
    _require(actor, "enter", obj.organization)
    if obj.state != CommitmentState.APPROVED:
        raise ValidationError(_("Only an approved commitment can be made public."))
    before = snapshot(obj, COMMITMENT_FIELDS)
    obj.is_public = public
    obj.save(update_fields=["is_public", "updated"])
    audit_record(actor=actor, action="commitment.publish", obj=obj, organization=obj.organization, before=before,
                 after=snapshot(obj, COMMITMENT_FIELDS))
    return obj


def _checked(upload: Any) -> str:
    """Checks the file (core.uploads) and returns the content type to store, taken from the checked type."""
    try:
        return content_type(check_upload(upload, allowed=EVIDENCE_TYPES))
    except ValidationError as exc:
        raise ValidationError({"file": exc})


@transaction.atomic
def agreement_scan_upload(*, actor: Any, commitment: Commitment, upload: Any) -> Commitment:
    """The signed responsibility agreement (目标责任书), scanned; kept on the commitment."""
    obj = _locked(commitment)
    _require(actor, "enter", obj.organization)
    if obj.state != CommitmentState.APPROVED:
        raise ValidationError(_("The agreement is signed after the commitment is approved."))
    _checked(upload)
    obj.agreement_scan.save(upload.name, upload, save=False)
    obj.agreement_uploaded_at = timezone.now()
    obj.save(update_fields=["agreement_scan", "agreement_uploaded_at", "updated"])
    audit_record(actor=actor, action="commitment.agreement_scan", obj=obj, organization=obj.organization,
                 after={"name": upload.name, "size": upload.size})
    return obj


# --- measures, evidence, pledges -----------------------------------------------------------------
@transaction.atomic
def measure_add(*, actor: Any, commitment: Commitment, what: str, responsible: str, due: datetime.date) -> Measure:
    obj = _locked(commitment)
    _require(actor, "enter", obj.organization)
    _editable(obj)
    m = Measure(commitment=obj, what=what, responsible=responsible, due=due)
    m.full_clean()
    m.save()
    audit_record(actor=actor, action="commitment.measure_add", obj=m, organization=obj.organization,
                 after={"what": what, "responsible": responsible, "due": str(due)})
    return m


@transaction.atomic
def measure_set_status(*, actor: Any, measure: Measure, status: str) -> Measure:
    """Progress through the year (only once the commitment is approved)."""
    obj = _locked(measure.commitment)
    _require(actor, "enter", obj.organization)
    if obj.state != CommitmentState.APPROVED:
        raise ValidationError(_("Progress is recorded once the commitment is approved."))
    if status not in MeasureStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    m = Measure.objects.select_for_update().get(pk=measure.pk, commitment=obj)
    before = {"status": m.status}
    m.status = status
    m.done_on = timezone.localdate() if status == MeasureStatus.DONE else None
    m.save(update_fields=["status", "done_on", "updated"])
    audit_record(actor=actor, action="commitment.measure_status", obj=m, organization=obj.organization,
                 before=before, after={"status": status})
    return m


@transaction.atomic
def evidence_add(*, actor: Any, commitment: Commitment, upload: Any = None, measures: list[Measure],
                 library_file: Any = None) -> Evidence:
    """A file backing measures: a new ``upload`` or a ``library_file`` already in the organisation's
    library for the year (campaigns/library.py)."""
    obj = _locked(commitment)
    _require(actor, "enter", obj.organization)
    if any(m.commitment_id != obj.pk for m in measures):
        raise Http404
    # enter once: the file is stored in the organisation's library for the year and only linked here
    lib = library_file_for(actor=actor, campaign=obj.campaign, organization=obj.organization, upload=upload,
                           picked=library_file, allowed=EVIDENCE_TYPES)
    ev = Evidence(commitment=obj, name=(upload.name if upload is not None else lib.name)[:200], size=lib.size, content_type=lib.content_type, uploaded_by=actor,
                  library_file=lib)
    ev.file.name = lib.file.name
    ev.save()
    ev.measures.set(measures)
    library_use(lib, kind="upgrades.evidence", object_id=ev.pk, label=f"{_('Commitment')} · {obj.organization.name}")
    audit_record(actor=actor, action="commitment.evidence_add", obj=ev, organization=obj.organization,
                 after={"name": ev.name, "size": ev.size, "measures": [m.pk for m in measures]})
    return ev


@transaction.atomic
def pledge_add(*, actor: Any, commitment: Commitment, member_name: str, text: str) -> MemberPledge:
    """A member's public pledge; the member is one of the branch's member list when it has one (entered
    once, in members)."""
    from members.selectors import member_names

    obj = _locked(commitment)
    _require(actor, "enter", obj.organization)
    listed = member_names(obj.organization)
    if listed and member_name not in listed:
        raise ValidationError({"member_name": _("Choose the member from the branch's member list.")})
    p = MemberPledge(commitment=obj, member_name=member_name, text=text)
    p.full_clean()
    p.save()
    audit_record(actor=actor, action="commitment.pledge_add", obj=p, organization=obj.organization,
                 after={"member": member_name, "text": text})
    return p


# --- honours -------------------------------------------------------------------------------------
@transaction.atomic
def honour_add(*, actor: Any, organization: Organization, year: int, level: str, title: str, issuer: str) -> Honour:
    """Honours are recorded by the superior (township staff or the county)."""
    _require(actor, "assess", organization)
    h = Honour(organization=organization, year=year, level=level, title=title, issuer=issuer, created_by=actor)
    h.full_clean()
    h.save()
    audit_record(actor=actor, action="honour.add", obj=h, organization=organization,
                 after={"year": year, "level": level, "title": title, "issuer": issuer})
    return h


# --- the year-end (seed 000 §五) -----------------------------------------------------------------
def _yearend(campaign: Campaign, organization: Organization) -> YearEnd:
    obj, _created = YearEnd.objects.get_or_create(campaign=campaign, organization=organization)
    return YearEnd.objects.select_for_update(of=("self",)).select_related("organization__parent", "campaign__ruleset").get(pk=obj.pk)


def quorum_spec(campaign: Campaign, organization: Organization, activity: str):
    rows = {r.group: r for r in QuorumRule.objects.filter(ruleset_id=campaign.ruleset_id, activity=activity)}
    if not rows:
        raise ValidationError(_("The rule set has no quorum rule for this activity."))
    scope = next(iter(rows.values())).group_a_scope
    group = quorum_group(group_a_scope=scope, domain=organization.domain, kind=organization.kind,
                         is_county_organ_committee=organization.is_county_organ_committee)
    return (rows.get(group) or next(iter(rows.values()))).spec()


def yearend_meeting_kind(campaign: Campaign, organization: Organization) -> str:
    """党员大会 under 50 members, 党员代表会议 from 50 [seed 000 §五(一) "党员人数50人以下的召开党员大会，党员人数50人
    及以上的召开党员代表会议"]; the threshold is the rule-set setting ``delegates_meeting_from_members``."""
    from organizations.rules import member_meeting_type

    return member_meeting_type(organization.member_count,
                               delegates_from=campaign.ruleset.setting("delegates_meeting_from_members"))


@transaction.atomic
def yearend_self_check(*, actor: Any, campaign: Campaign, organization: Organization, report: str,
                       meeting_date: datetime.date, party_members: int, entitled: int | None = None,
                       initial_level: str) -> YearEnd:
    """The self-check report and the member evaluation meeting giving the initial re-rating
    (seed 000 §五(一); quorum as step 2, docs/rules.md §4 activity yearend_self_check). The number entitled
    comes from the organisation, not the form: an assembly (党员大会) is entitled to every member; a delegates
    meeting (党员代表会议) gives its number of delegates, at most the member count. A failed quorum keeps the
    record as a draft: no initial level."""
    _require(actor, "enter", organization)
    obj = _yearend(campaign, organization)
    if obj.final_level:
        raise ValidationError(_("The superior has already fixed the year-end level."))
    if obj.sat_ballot or obj.sat_counts:
        raise ValidationError(_("The satisfaction assessment has begun: the self-check can no longer change."))
    members = organization.member_count
    if yearend_meeting_kind(campaign, organization) == "assembly":
        entitled = members
    elif not entitled:
        raise ValidationError({"entitled": _("Give the number of delegates entitled to attend the delegates meeting.")})
    elif entitled > members:
        raise ValidationError({"entitled": _("%(n)d delegates entitled, but the organisation has only %(m)d members.")
                               % {"n": entitled, "m": members}})
    if party_members > (entitled or 0):
        raise ValidationError({"party_members": _("%(n)d present, but only %(e)d are entitled to attend.")
                               % {"n": party_members, "e": entitled or 0}})
    if initial_level and initial_level not in rules.LEVEL_RANK:
        raise ValidationError({"initial_level": _("Choose a level.")})
    result = quorum_check(quorum_spec(campaign, organization, Activity.YEAREND_SELF_CHECK),
                          Attendance(party_members, 0, 0, entitled))
    before = snapshot(obj, ["initial_level", "meeting_quorum_ok"])
    obj.self_check, obj.meeting_date = report, meeting_date
    obj.meeting_party_members, obj.meeting_entitled = party_members, entitled
    obj.meeting_quorum_ok, obj.meeting_quorum_summary = result.ok, result.summary[:300]
    obj.initial_level = initial_level if result.ok else ""
    obj.full_clean()  # bounds (core.bounds) and attendance within those entitled, before anything is stored
    obj.save()
    audit_record(actor=actor, action="yearend.self_check", obj=obj, organization=organization, before=before,
                 after=snapshot(obj, ["initial_level", "meeting_quorum_ok"]))
    return obj


def _self_check_done(obj: YearEnd) -> None:
    """Seed 000 §五 runs in order: (一) the self-check meeting, then (二) the superior's satisfaction assessment
    "对基层党组织的自查初评情况进行满意度测评" — it assesses the initial re-rating, so that must exist first."""
    if not (obj.meeting_quorum_ok and obj.initial_level):
        raise ValidationError(_("The self-check meeting must first meet its quorum and give an initial re-rating."))


@transaction.atomic
def yearend_satisfaction(*, actor: Any, campaign: Campaign, organization: Organization,
                         attendance: dict[str, int], counts: dict[str, dict[str, int]]) -> YearEnd:
    """The superior's satisfaction assessment (满意度测评, seed 000 §五(二)): attendance by category checked
    against the quorum of docs/rules.md §4; anonymous ballots kept only as counters per category."""
    _require(actor, "assess", _superior(organization))
    obj = _yearend(campaign, organization)
    if obj.final_level:
        raise ValidationError(_("The superior has already fixed the year-end level."))
    if obj.sat_ballot:
        raise ValidationError(_("An online ballot is used for this assessment."))
    _self_check_done(obj)
    cats = ParticipantCategory.values
    clean = {c: {k: int(counts.get(c, {}).get(k, 0) or 0) for k in CHOICES} for c in cats}
    for c in cats:
        if sum(clean[c].values()) > int(attendance.get(c, 0) or 0):
            raise ValidationError(_("More ballots than participants in a category."))
    result = quorum_check(quorum_spec(campaign, organization, Activity.YEAREND_SATISFACTION),
                          Attendance(attendance.get("party_member", 0), attendance.get("masses", 0),
                                     attendance.get("service_recipient", 0), None))
    obj.sat_party_members = attendance.get("party_member", 0)
    obj.sat_masses = attendance.get("masses", 0)
    obj.sat_service_recipients = attendance.get("service_recipient", 0)
    obj.sat_counts = sat_counts_kept(clean, campaign)
    obj.sat_quorum_ok, obj.sat_quorum_summary = result.ok, result.summary[:300]
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, action="yearend.satisfaction", obj=obj, organization=organization,
                 after={"counts": obj.sat_counts, "quorum_ok": result.ok})
    return obj


def satisfaction_by_category(obj: YearEnd, count_basically: bool = True) -> list[dict[str, Any]]:
    """A row per category and the total; only the total when the categories were pooled (``POOLED``)."""
    rows = []
    total = rules.SatisfactionTally()
    pooled = obj.sat_counts.get(POOLED)
    if pooled is not None:
        total = rules.SatisfactionTally(pooled.get("satisfied", 0), pooled.get("basically", 0), pooled.get("dissatisfied", 0))
    for value, label in ([] if pooled is not None else ParticipantCategory.choices):
        c = obj.sat_counts.get(value, {})
        tally = rules.SatisfactionTally(c.get("satisfied", 0), c.get("basically", 0), c.get("dissatisfied", 0))
        total = rules.SatisfactionTally(total.satisfied + tally.satisfied, total.basically + tally.basically,
                                        total.dissatisfied + tally.dissatisfied)
        rows.append({"label": label, "tally": tally, "rate": rules.satisfaction_rate(tally, count_basically)})
    rows.append({"label": pgettext("tally", "All"), "tally": total, "rate": rules.satisfaction_rate(total, count_basically), "total": True})
    return rows


def approved_stars(campaign: Campaign, organization: Organization) -> int | None:
    """The year's star level as approved (and possibly lowered by a spot check): never typed at year end."""
    from ratings.stars.models import StarRating

    return StarRating.objects.filter(campaign=campaign, organization=organization).values_list("level", flat=True).first()


@transaction.atomic
def yearend_fix_level(*, actor: Any, campaign: Campaign, organization: Organization, level: str, reason: str,
                      stars: int | None = None) -> YearEnd:
    """The superior fixes the new level (重新划定的分类级次, seed 000 §五(四)) with reasons; each change is
    an audit row with before/after and the reason. The stars are those of the approved star rating
    (docs/rules.md §13): a ``stars`` given that differs from it is refused, never stored."""
    _require(actor, "assess", _superior(organization))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reasons for the level.")})
    approved = approved_stars(campaign, organization)
    if stars is not None and stars != approved:
        if approved is None:
            raise ValidationError({"stars": _("This organisation has no approved star rating this year; the year-end "
                                              "stars come only from an approved rating.")})
        raise ValidationError({"stars": _("The year-end stars come from the approved star rating (%(n)d★).")
                               % {"n": approved}})
    stars = approved
    obj = _yearend(campaign, organization)
    # Both steps of seed 000 §五 must meet their rules before the level is fixed (docs/rules.md §9).
    _self_check_done(obj)
    if obj.sat_ballot == "open":
        raise ValidationError(_("Close the satisfaction ballot first."))
    if not obj.sat_quorum_ok:
        raise ValidationError(_("The satisfaction assessment must first meet its quorum: %(why)s")
                              % {"why": obj.sat_quorum_summary or _("not held yet")})
    if level not in rules.LEVEL_RANK:
        raise ValidationError({"level": _("Choose a level.")})
    before = snapshot(obj, ["final_level", "final_stars"])
    obj.final_level, obj.final_stars, obj.final_reason = level, stars, reason
    obj.fixed_by, obj.fixed_at = actor, timezone.now()
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, action="yearend.fix_level", obj=obj, organization=organization, before=before,
                 after=snapshot(obj, ["final_level", "final_stars"]), reason=reason)
    return obj


# The ballot half lives in services_ballot.py (it uses the helpers above); callers keep ``services.X``.
from .services_ballot import (  # noqa: E402,F401  (moved out; callers keep services.X)
    MAX_CODES, BallotRejected, satisfaction_ballot_open, CODE_PROBLEM_MESSAGES, satisfaction_ballot_cast,
    satisfaction_ballot_subject, satisfaction_ballot_close,
)
