"""Writes of the two-ballot member evaluation (docs/rules.md §11): one atomic function per action; the
ballots go through core.codes (secret, once only) and are kept as counters only."""
from __future__ import annotations

from typing import IO, Any, Callable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from core.audit import audit_record
from core.codes import CodeProblem, code_check, code_redeem, codes_issue, codes_settle
from core.xlsx import RowError, XlsxError, read_table
from organizations.models import Organization
from organizations.scope import can

from . import rules
from .models import Evaluation, EvaluationCode, EvaluationCount, EvaluationState, Member, Result

BRANCH_KINDS = ("branch", "general_branch")
H_NAME = "姓名"
MAX_ROWS = 500
MAX_CODES = 500


class BallotRejected(ValidationError):
    """A ballot that cannot be counted; the message says why, in the voter's words."""


def _require(user: Any, action: str, organization: Organization | None) -> None:
    if organization is None or not can(user, action, organization):
        raise Http404


def _branch(organization: Organization) -> None:
    if organization.kind not in BRANCH_KINDS:
        raise ValidationError(_("Members are listed per branch."))


# --- the members list ----------------------------------------------------------------------------
@transaction.atomic
def member_count_from_list(*, actor: Any, organization: Organization) -> Organization:
    """Enter once: the branch's member count (``Organization.member_count``, read by the quorum and the
    ledger) takes the count of its member list instead of being typed again. The branch or its township
    (``enter``) does it; an archived organisation is a closed record."""
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    _require(actor, "enter", org)
    _branch(org)
    if not org.is_active:
        raise ValidationError(_("An archived organisation cannot be changed; restore it first."))
    listed = Member.objects.filter(organization=org, is_active=True).count()
    if not listed:
        raise ValidationError(_("The branch has no member list yet."))
    if listed == org.member_count:
        raise ValidationError(_("The member count already equals the member list."))
    before = org.member_count
    org.member_count = listed
    org.full_clean()
    org.save(update_fields=["member_count", "updated"])
    audit_record(actor=actor, action="organization.member_count_from_list", obj=org, organization=org,
                 before={"member_count": before}, after={"member_count": listed})
    return org


@transaction.atomic
def member_add(*, actor: Any, organization: Organization, name: str) -> Member:
    _require(actor, "enter", organization)
    _branch(organization)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the member's name.")})
    if Member.objects.filter(organization=organization, name=name).exists():
        raise ValidationError({"name": _("%(name)s is already on the list.") % {"name": name}})
    m = Member(organization=organization, name=name)
    m.full_clean()
    m.save()
    audit_record(actor=actor, action="member.add", obj=m, organization=organization, after={"name": name})
    return m


def members_import(*, actor: Any, organization: Organization, upload: IO[bytes] | bytes,
                   progress: Callable[[int], None] | None = None) -> tuple[int, int]:
    """The branch's members from an Excel sheet with one column 姓名 (name): new names are added, names
    already listed are left as they are. All or nothing: every problem of the file is raised at once as
    ``XlsxError`` (row and column, so core.imports marks the cells) and nothing is written. Run it through
    ``core.imports.import_start(kind="members")`` (members/importers.py)."""
    progress = progress or (lambda value: None)
    _require(actor, "enter", organization)
    _branch(organization)
    table = read_table(upload, required=[H_NAME], max_rows=MAX_ROWS, collect=True,
                       progress=lambda share: progress(int(5 + share * 60)))
    errors: list[RowError] = list(table.errors)
    names: dict[str, int] = {}
    for number, rec in table.rows:
        name = str(rec.get(H_NAME) or "").strip()
        if not name:
            errors.append(RowError(number, H_NAME, _("required")))
        elif len(name) > 40:
            errors.append(RowError(number, H_NAME, _("longer than %(n)d characters") % {"n": 40}))
        elif name in names:
            errors.append(RowError(number, H_NAME, _("%(name)s appears twice in the file (row %(row)d)")
                                   % {"name": name, "row": names[name]}))
        else:
            names[name] = number
    if not names and not errors:
        errors.append(RowError(None, None, _("The file holds no names.")))
    if errors:
        raise XlsxError(sorted(errors, key=lambda e: e.row or 0))
    with transaction.atomic():
        Organization.objects.select_for_update().filter(pk=organization.pk).first()  # one import of a list at a time
        _require(actor, "enter", organization)
        existing = set(Member.objects.filter(organization=organization).values_list("name", flat=True))
        new = [Member(organization=organization, name=n) for n in names if n not in existing]
        Member.objects.bulk_create(new)
        audit_record(actor=actor, action="member.import", obj=organization, organization=organization,
                     after={"added": len(new), "already_listed": len(names) - len(new)})
    progress(99)
    return len(new), len(names) - len(new)


# --- the evaluation ------------------------------------------------------------------------------
@transaction.atomic
def evaluation_open(*, actor: Any, campaign: Campaign, organization: Organization, party_codes: int, masses_codes: int) -> Evaluation:
    """Open the two ballots with one-time codes for the party members and the masses representatives."""
    _require(actor, "enter", organization)
    _branch(organization)
    if Evaluation.objects.filter(campaign=campaign, organization=organization).exists():
        raise ValidationError(_("The members of this branch are already being evaluated in this campaign."))
    members = list(Member.objects.filter(organization=organization, is_active=True))
    if not members:
        raise ValidationError(_("List the branch's members first."))
    if party_codes < 0 or masses_codes < 0 or party_codes + masses_codes > MAX_CODES:
        raise ValidationError(_("Give between 0 and %(max)d codes.") % {"max": MAX_CODES})
    ev = Evaluation.objects.create(campaign=campaign, organization=organization, opened_by=actor,
                                   papers={b: 0 for b in rules.BALLOTS})
    ev.members.set(members)
    codes_issue(EvaluationCode, {"party_member": party_codes, "masses": masses_codes}, evaluation=ev)
    EvaluationCount.objects.bulk_create([EvaluationCount(evaluation=ev, member=m, ballot=b, grade=g)
                                         for m in members for b in rules.BALLOTS for g in rules.GRADES])
    audit_record(actor=actor, action="member_eval.open", obj=ev, organization=organization,
                 after={"members": len(members), "codes": {"party_member": party_codes, "masses": masses_codes}})
    return ev


CODE_PROBLEM_MESSAGES = {
    "unknown": lambda: _("This code is not valid. Check the code on your slip."),
    "used": lambda: _("This code has already been used."),
    "closed": lambda: _("This vote is closed."),
}


def _is_open(row: EvaluationCode) -> bool:
    return Evaluation.objects.filter(pk=row.evaluation_id, state=EvaluationState.OPEN).exists()


def ballot_check(*, code: str) -> Evaluation:
    """The evaluation a code votes in (for the page that lists the members), or BallotRejected."""
    try:
        row = code_check(EvaluationCode, code, is_open=_is_open, select_related=("evaluation__organization",))
    except CodeProblem as problem:
        raise BallotRejected(CODE_PROBLEM_MESSAGES[problem.reason]()) from None
    return row.evaluation


def ballot_cast(*, code: str, grades: Mapping[int, str]) -> None:
    """One secret ballot paper: a grade for every member under evaluation; each adds one to a counter
    (evaluation × member × ballot × grade) and the code is used. Nothing else is stored."""

    def count(row: EvaluationCode) -> None:
        ids = set(Evaluation.members.through.objects.filter(evaluation_id=row.evaluation_id).values_list("member_id", flat=True))
        if set(grades) != ids or any(g not in rules.GRADES for g in grades.values()):
            raise BallotRejected(_("Give every member one of the five grades."))
        for member_id, grade in grades.items():
            EvaluationCount.objects.filter(evaluation_id=row.evaluation_id, member_id=member_id, ballot=row.category,
                                           grade=grade).update(count=F("count") + 1)

    try:
        code_redeem(EvaluationCode, code, owner="evaluation", is_open=_is_open, cast=count)
    except CodeProblem as problem:
        raise BallotRejected(CODE_PROBLEM_MESSAGES[problem.reason]()) from None


def _locked(ev: Evaluation) -> Evaluation:
    return Evaluation.objects.select_for_update(of=("self",)).select_related("organization__parent", "campaign__ruleset").get(pk=ev.pk)


@transaction.atomic
def paper_enter(*, actor: Any, evaluation: Evaluation, ballot: str, papers: int, tallies: Mapping[int, Mapping[str, int]]) -> Evaluation:
    """Paper ballots of one ballot, counted by hand and entered as a tally per member and grade."""
    ev = _locked(evaluation)
    _require(actor, "enter", ev.organization)
    if ev.state != EvaluationState.OPEN:
        raise ValidationError(_("The evaluation is closed."))
    if ballot not in rules.BALLOTS:
        raise ValidationError({"ballot": _("Choose the ballot.")})
    if papers <= 0:
        raise ValidationError({"papers": _("Give the number of paper ballots counted.")})
    ids = set(ev.members.values_list("id", flat=True))
    if set(tallies) - ids:
        raise Http404
    over = rules.paper_check(tallies, papers)
    if over:
        names = dict(ev.members.filter(id__in=over).values_list("id", "name"))
        raise ValidationError(_("More votes than paper ballots for: %(names)s.") % {"names": "、".join(names[i] for i in over)})
    for member_id, tally in tallies.items():
        for grade, n in tally.items():
            if n:
                EvaluationCount.objects.filter(evaluation=ev, member_id=member_id, ballot=ballot, grade=grade).update(count=F("count") + int(n))
    ev.papers = {**ev.papers, ballot: int(ev.papers.get(ballot, 0)) + papers}
    ev.save(update_fields=["papers", "updated"])
    audit_record(actor=actor, action="member_eval.paper", obj=ev, organization=ev.organization,
                 after={"ballot": ballot, "papers": papers})
    return ev


def tallies_of(ev: Evaluation) -> dict[int, dict[str, dict[str, int]]]:
    """{member id: {ballot: {grade: n}}} from the counters."""
    out: dict[int, dict[str, dict[str, int]]] = {}
    for mid, ballot, grade, n in EvaluationCount.objects.filter(evaluation=ev).values_list("member_id", "ballot", "grade", "count"):
        out.setdefault(mid, {b: {} for b in rules.BALLOTS})[ballot][grade] = n
    return out


@transaction.atomic
def evaluation_close(*, actor: Any, evaluation: Evaluation) -> Evaluation:
    """Close both ballots; each member's result follows the rule set's combination (docs/rules.md §11)."""
    ev = _locked(evaluation)
    _require(actor, "enter", ev.organization)
    if ev.state != EvaluationState.OPEN:
        raise ValidationError(_("The evaluation is closed."))
    ev.state = EvaluationState.CLOSED
    ev.save(update_fields=["state", "updated"])
    codes_settle(EvaluationCode.objects.filter(evaluation=ev))
    rs = ev.campaign.ruleset
    method, weight = rs.setting("member_eval_combination"), rs.setting("member_eval_party_weight")
    tallies = tallies_of(ev)
    rows = []
    for m in ev.members.all():
        t = tallies.get(m.pk, {b: {} for b in rules.BALLOTS})
        pg, mg, grade = rules.combine(t["party_member"], t["masses"], method=method, party_weight=weight)
        rows.append(Result(evaluation=ev, member=m, party_grade=pg or "", masses_grade=mg or "", grade=grade or ""))
    Result.objects.bulk_create(rows)
    audit_record(actor=actor, action="member_eval.close", obj=ev, organization=ev.organization,
                 after={"results": {r.member.name: r.grade for r in rows}, "combination": method, "party_weight": weight})
    return ev


@transaction.atomic
def result_handle(*, actor: Any, result: Result, handling: str) -> Result:
    """The organisational handling (组织处置) of a member graded basically unqualified or unqualified."""
    r = Result.objects.select_for_update(of=("self",)).select_related("evaluation__organization", "member").get(pk=result.pk)
    _require(actor, "enter", r.evaluation.organization)
    if not rules.needs_handling(r.grade):
        raise ValidationError(_("Organisational handling is recorded for the two lowest grades only."))
    if r.handling:
        raise ValidationError(_("The handling is already recorded."))
    if not (handling or "").strip():
        raise ValidationError({"handling": _("Say what handling was decided.")})
    r.handling, r.handled_by, r.handled_at = handling.strip(), actor, timezone.now()
    r.save()
    audit_record(actor=actor, action="member_eval.handle", obj=r, organization=r.evaluation.organization,
                 after={"member": r.member.name, "grade": r.grade, "handling": r.handling})
    return r
