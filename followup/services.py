"""Writes of the lagging-branch casework: one atomic function per action (docs/rules.md §9).

Each locks the case, re-checks its state against ``rules.CASE_WORKFLOW`` and the actor's scope (outside
scope = 404), writes an event row and an audit row. The superior (township staff or the county) opens
a case and accepts its exit; the branch and the superior keep the measures and the monthly notes.
"""
from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from campaigns.library import library_file_for, library_use
from campaigns.models import Campaign, LibraryFile
from core.audit import audit_record, snapshot
from core.four_eyes import may_decide
from organizations.models import Organization
from organizations.scope import can
from upgrades import rules as upgrade_rules
from upgrades.models import YearEnd
from upgrades.services import EVIDENCE_TYPES, starting_point

from . import rules
from .models import Case, CaseEvent, CaseEvidence, CaseMeasure, CaseMeasureStatus, CaseNote, CaseState

from organizations.rules import RATED_KINDS  # every rated organisation can be lagging (docs/rules.md §5, §9)
CASE_FIELDS = ["state", "start_level", "problems", "situations", "deadline", "leader", "first_secretary",
               "helper_organization_id", "exit_basis", "exit_record", "exit_level", "exit_rate"]


def _require(user: Any, action: str, organization: Organization | None) -> None:
    if organization is None or not can(user, action, organization):
        raise Http404


def superior_of(org: Organization) -> Organization | None:
    return org.parent


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related(
        "organization__parent", "campaign__ruleset").get(pk=case.pk)


def _event(case: Case, actor: Any, transition: str, before: str, after: str, text: str = "") -> None:
    CaseEvent.objects.create(case=case, transition=transition, from_state=before, to_state=after, text=text, actor=actor)


def _split(text: str) -> list[str]:
    """One problem per line or per "；", without list numbers or the closing full stop."""
    parts = re.split(r"[\n；;]+", text or "")
    return [re.sub(r"^\s*(\d+[.、．)]|[一二三四五六七八九十]+是|[（(]\d+[)）])\s*", "", p).strip().rstrip("。.") for p in parts if p.strip()]


def problem_choices(campaign: Campaign, organization: Organization) -> list[str]:
    """The problem lines a case picks from, so that nothing is typed again: the survey report's problems and
    bottlenecks, the problems the branch's commitment quoted from it, and the remarks of the classification record."""
    from ratings.classification.models import ClassificationReview
    from surveys.models import SurveyReport
    from upgrades.models import Commitment

    lines: list[str] = []
    report = SurveyReport.objects.filter(organization=organization, campaign=campaign).first()
    if report is not None:
        lines += _split(report.problems) + _split(report.bottlenecks)
    commitment = Commitment.objects.filter(organization=organization, campaign=campaign).first()
    if commitment is not None:
        lines += _split(commitment.problems)
    for r in ClassificationReview.objects.filter(classification__organization=organization, classification__campaign=campaign,
                                                 kind__in=("return", "decide", "comment")).exclude(text=""):
        lines += _split(r.text)
    seen: set[str] = set()
    return [x for x in lines if x and not (x in seen or seen.add(x))]


@transaction.atomic
def case_open(*, actor: Any, campaign: Campaign, organization: Organization, problems: list[str], situations: list[str],
              deadline: datetime.date, leader: str, first_secretary: str = "",
              helper_organization: Organization | None = None) -> Case:
    _require(actor, "assess", superior_of(organization))
    if organization.kind not in RATED_KINDS or not organization.path.startswith(campaign.scope.path):
        raise ValidationError(_("Only organisations rated in the campaign get a transformation case."))
    if Case.objects.filter(campaign=campaign, organization=organization).exists():
        raise ValidationError(_("This organisation already has a case for the campaign."))
    allowed_problems = set(problem_choices(campaign, organization))
    if any(p not in allowed_problems for p in problems):
        raise ValidationError({"problems": _("Pick the problems from the survey report and the classification record.")})
    allowed_situations = set(rules.checklist(campaign.ruleset.setting("weak_situations")))
    if any(s not in allowed_situations for s in situations):
        raise ValidationError({"situations": _("Pick the situations from the rule set's checklist.")})
    level, _stars = starting_point(campaign, organization)
    if not rules.case_applies(level, situations):
        raise ValidationError({"situations": _("The organisation is not lagging: tick the weak and lax situations that apply.")})
    if not (first_secretary.strip() or helper_organization):
        raise ValidationError({"first_secretary": _("Name a first secretary or pick a paired helper organisation.")})
    if helper_organization is not None and (helper_organization.pk == organization.pk or not can(actor, "view", helper_organization)):
        raise ValidationError({"helper_organization": _("Pick another organisation inside your scope as the helper.")})
    obj = Case(campaign=campaign, organization=organization, start_level=level or "", problems=list(problems),
               situations=list(situations), deadline=deadline, leader=leader.strip(), first_secretary=first_secretary.strip(),
               helper_organization=helper_organization, opened_by=actor)
    obj.full_clean()
    obj.save()
    _event(obj, actor, "open", "", obj.state)
    audit_record(actor=actor, action="case.open", obj=obj, organization=organization, after=snapshot(obj, CASE_FIELDS))
    return obj


def _not_closed(obj: Case) -> None:
    if obj.state == CaseState.CLOSED:
        raise ValidationError(_("The case is closed and cannot be changed."))


@transaction.atomic
def case_measure_add(*, actor: Any, case: Case, what: str, responsible: str, due: datetime.date) -> CaseMeasure:
    obj = _locked(case)
    _require(actor, "enter", obj.organization)
    _not_closed(obj)
    m = CaseMeasure(case=obj, what=what, responsible=responsible, due=due)
    m.full_clean()
    m.save()
    audit_record(actor=actor, action="case.measure_add", obj=m, organization=obj.organization,
                 after={"what": what, "responsible": responsible, "due": due.isoformat()})
    return m


@transaction.atomic
def case_measure_progress(*, actor: Any, measure: CaseMeasure, progress: int, evidence_note: str = "") -> CaseMeasure:
    obj = _locked(measure.case)
    _require(actor, "enter", obj.organization)
    _not_closed(obj)
    m = CaseMeasure.objects.select_for_update().get(pk=measure.pk, case=obj)
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Progress is a percentage from 0 to 100.")})
    before = {"progress": m.progress, "status": m.status, "evidence_note": m.evidence_note}
    m.progress = progress
    m.status = CaseMeasureStatus.DONE if progress == 100 else CaseMeasureStatus.IN_PROGRESS if progress else CaseMeasureStatus.PLANNED
    if evidence_note:
        m.evidence_note = evidence_note
    m.save()
    audit_record(actor=actor, action="case.measure_progress", obj=m, organization=obj.organization, before=before,
                 after={"progress": m.progress, "status": m.status, "evidence_note": m.evidence_note})
    return m


def evidence_label(case: Case, measure: CaseMeasure) -> str:
    """How the evidence library names the place of use: the case and the measure."""
    what = measure.what if len(measure.what) <= 30 else measure.what[:30] + "…"
    return f"{_('Transformation case')} · {case.organization.name} · {what}"


@transaction.atomic
def case_measure_evidence_add(*, actor: Any, measure: CaseMeasure, upload: Any = None,
                              library_file: LibraryFile | None = None) -> CaseEvidence:
    """Back a measure with a file (enter once): a new upload is stored in the organisation's evidence library
    for the year (the same bytes uploaded before are the stored file), or a file the library already holds
    is picked; either way the measure only links it, and the library lists the case among its uses."""
    obj = _locked(measure.case)
    _require(actor, "enter", obj.organization)
    _not_closed(obj)
    m = CaseMeasure.objects.select_for_update().filter(pk=measure.pk, case=obj).first()
    if m is None:
        raise Http404
    # one of the two; a picked file only from the organisation's own library for this campaign (else 404)
    lib = library_file_for(actor=actor, campaign=obj.campaign, organization=obj.organization, upload=upload,
                           picked=library_file, allowed=EVIDENCE_TYPES)
    if CaseEvidence.objects.filter(measure=m, library_file=lib).exists():
        raise ValidationError({"file": _("“%(name)s” already backs this measure.") % {"name": lib.name}})
    ev = CaseEvidence.objects.create(measure=m, library_file=lib, added_by=actor)
    library_use(lib, kind="followup.caseevidence", object_id=ev.pk, label=evidence_label(obj, m))
    audit_record(actor=actor, action="case.measure_evidence", obj=m, organization=obj.organization,
                 after={"file": lib.name, "library_file": lib.pk, "picked": upload is None})
    return ev


@transaction.atomic
def case_note_add(*, actor: Any, case: Case, month: datetime.date, text: str) -> CaseNote:
    obj = _locked(case)
    _require(actor, "enter", obj.organization)
    _not_closed(obj)
    if not (text or "").strip():
        raise ValidationError({"text": _("Write what was done this month.")})
    month = month.replace(day=1)
    if CaseNote.objects.filter(case=obj, month=month).exists():
        raise ValidationError({"month": _("There is already a note for %(month)s.") % {"month": month.strftime("%Y-%m")}})
    note = CaseNote.objects.create(case=obj, month=month, text=text.strip(), author=actor)
    audit_record(actor=actor, action="case.note_add", obj=note, organization=obj.organization,
                 after={"month": month.isoformat(), "text": note.text})
    return note


def exit_evidence(obj: Case) -> tuple[str | None, Decimal | None, YearEnd | None]:
    """(year-end level, masses satisfaction %) the exit reads from the campaign's year-end record."""
    ye = YearEnd.objects.filter(campaign=obj.campaign, organization=obj.organization).first()
    if ye is None:
        return None, None, None
    masses = (ye.sat_counts or {}).get("masses") or {}
    tally = upgrade_rules.SatisfactionTally(**{k: int(masses.get(k, 0)) for k in ("satisfied", "basically", "dissatisfied")})
    rate = upgrade_rules.satisfaction_rate(tally, obj.campaign.ruleset.setting("satisfaction_counts_basically"))
    return ye.final_level or None, rate, ye


EXIT_PROBLEMS = {
    "no_rerating": lambda: _("The year-end re-rating has not fixed a level yet."),
    "still_lagging": lambda: _("The year-end re-rating kept the organisation lagging."),
    "no_assessment": lambda: _("No masses satisfaction assessment is recorded for the year-end."),
    "rate_too_low": lambda: _("The masses satisfaction is below the rule set's mark."),
}


def _exit_ok(obj: Case, basis: str) -> tuple[str | None, Decimal | None]:
    level, rate, _ye = exit_evidence(obj)
    check = rules.exit_check(basis, year_end_level=level, masses_rate=rate,
                             min_rate=Decimal(str(obj.campaign.ruleset.setting("case_exit_masses_rate"))))
    if not check.ok:
        raise ValidationError({"basis": EXIT_PROBLEMS[check.problem]()})
    return level, rate


@transaction.atomic
def case_request_exit(*, actor: Any, case: Case, basis: str, record: str) -> Case:
    """The branch (or its township) asks for the cap to be removed, with the record of the transformation."""
    obj = _locked(case)
    _require(actor, "enter", obj.organization)
    if basis not in ("rerating", "masses"):
        raise ValidationError({"basis": _("Choose the basis of the exit.")})
    if not (record or "").strip():
        raise ValidationError({"record": _("Write the record of the transformation.")})
    target = rules.next_state(obj.state, "request_exit")
    if target is None:
        raise ValidationError(_("This step cannot be taken now (status: %(state)s).") % {"state": obj.get_state_display()})
    level, rate = _exit_ok(obj, basis)
    before = snapshot(obj, CASE_FIELDS)
    obj.state, obj.exit_basis, obj.exit_record, obj.exit_level, obj.exit_rate = target, basis, record.strip(), level or "", rate
    obj.save()
    _event(obj, actor, "request_exit", before["state"], target, record.strip())
    audit_record(actor=actor, action="case.request_exit", obj=obj, organization=obj.organization, before=before,
                 after=snapshot(obj, CASE_FIELDS), reason=record.strip())
    return obj


def _requester(obj: Case) -> Any:
    ev = obj.events.filter(transition="request_exit").order_by("-created", "-id").first()
    return ev.actor_id if ev else None


@transaction.atomic
def case_decide_exit(*, actor: Any, case: Case, accept: bool, comment: str) -> Case:
    """The superior accepts the exit (摘帽) or refuses it with reasons; the one who asked does not decide."""
    obj = _locked(case)
    _require(actor, "assess", superior_of(obj.organization))
    transition = "accept_exit" if accept else "refuse_exit"
    target = rules.next_state(obj.state, transition)
    if target is None:
        raise ValidationError(_("This step cannot be taken now (status: %(state)s).") % {"state": obj.get_state_display()})
    if not may_decide(actor, authors=[_requester(obj)], enabled=obj.campaign.ruleset.setting("four_eyes")):
        raise ValidationError(_("Whoever requested the exit does not decide on it."))
    if not accept and not (comment or "").strip():
        raise ValidationError({"reason": _("Say why the exit is refused.")})
    if accept:
        _exit_ok(obj, obj.exit_basis)  # re-check against the record as it stands now
    before = snapshot(obj, CASE_FIELDS)
    obj.state = target
    obj.save(update_fields=["state", "updated"])
    _event(obj, actor, transition, before["state"], target, (comment or "").strip())
    audit_record(actor=actor, action=f"case.{transition}", obj=obj, organization=obj.organization, before=before,
                 after=snapshot(obj, CASE_FIELDS), reason=(comment or "").strip())
    return obj


def actions_for(user: Any, obj: Case) -> set[str]:
    out: set[str] = set()
    if obj.state != CaseState.CLOSED and can(user, "enter", obj.organization):
        out |= {"measure", "note"}
        if obj.state == CaseState.OPEN:
            out.add("request_exit")
    sup = superior_of(obj.organization)
    if obj.state == CaseState.EXIT_REQUESTED and sup is not None and can(user, "assess", sup) and may_decide(
            user, authors=[_requester(obj)], enabled=obj.campaign.ruleset.setting("four_eyes")):
        out.add("decide_exit")
    return out
