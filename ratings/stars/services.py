"""Writes of the star part: templates, score sheets, evidence, star applications along the approval chain.

Every function is atomic, locks its row, re-checks the stored state and the actor's permission through
``organizations.scope``, writes an audit row. The approval chain is ``rules.STAR_WORKFLOW``;
one service per transition.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.bounds import POINTS, QUANTITY, SCORE, SCORE_GIVEN, TIER
from campaigns.models import Campaign
from organizations.models import Organization
from organizations.scope import can, grants, require, ROLE_ACTIONS

from .choices import AppState, Decision, SheetStatus, Stage
from .models import (QUANTITY_INT, EvidenceFile, ScoreEntry, ScoreSheet, ScoringRule, ScoringTemplate, SpotCheck, StarApplication, StarApproval, StarObjection, StarRating)
from .scoring import Entry, score_sheet, weighted_total
from .rules import STAR_WORKFLOW, quota_check, quota_with, star_action
from campaigns.library import library_file_for, library_use
from .selectors import quota_counts, quota_population, quota_spec, star_limit_for, template_spec
from .trust import (application_authors, evidence_frozen, may_decide_application, may_decide_stage, sheet_authors,
                    stage_frozen)
from core.four_eyes import require_other_person
from .services_templates import (  # noqa: E402,F401  (moved out; callers keep services.X)
    _copy_template, template_copy, _editable, template_rule_update, template_section_update, CUTOFF_FIELDS,
    template_cutoffs_update, template_rule_add,
)


def can_above(user: Any, action: str, org: Organization) -> bool:
    """``action`` granted by a role on a *higher* organisation: nobody reviews or approves themselves
    (a branch cannot score itself as reviewer; a township cannot review its own sheet)."""
    return any(action in ROLE_ACTIONS.get(g.role, ()) and org.path.startswith(g.path) and g.path != org.path
               for g in grants(user))


def _actor_name(actor: Any) -> str:
    return (actor.get_full_name() or actor.get_username())[:150]


# ---------------------------------------------------------------- score sheets

STAGE_ACTION = {Stage.SELF: "enter", Stage.REVIEWER: "assess", Stage.FINAL: "review"}


def may_score_stage(user: Any, sheet: ScoreSheet, stage: str) -> bool:
    """The role half: the stage is this user's to score (the state half is ``trust.stage_frozen``)."""
    org = sheet.organization
    if stage == Stage.SELF:
        return can(user, "enter", org)
    if stage == Stage.REVIEWER:
        return can_above(user, "assess", org)
    return can_above(user, "review", org)


def may_enter_stage(user: Any, sheet: ScoreSheet, stage: str) -> bool:
    """Whether the page offers the stage: the user's role, the sheet still open, and four eyes."""
    return (may_score_stage(user, sheet, stage) and stage_frozen(sheet, stage) is None
            and may_decide_stage(user, sheet, stage))


@transaction.atomic
def sheet_create(*, actor: Any, organization: Organization, campaign: Campaign, template: ScoringTemplate) -> ScoreSheet:
    require(actor, "enter", organization)
    if not organization.path.startswith(campaign.scope.path):
        raise ValidationError(_("The organisation is outside the campaign's scope."))
    if not template.is_active:
        raise ValidationError(_("This template has been replaced by a newer version."))
    sheet, created = ScoreSheet.objects.get_or_create(organization=organization, campaign=campaign, template=template)
    if created:
        audit_record(actor=actor, action="score_sheet.create", obj=sheet, organization=organization,
                     after={"template": template.pk, "campaign": campaign.pk})
    return sheet


@dataclass(frozen=True)
class SheetSaveResult:
    sheet: ScoreSheet
    total: Decimal
    problems: tuple[tuple[Any, str], ...]


def sheet_preview(sheet: ScoreSheet, template: ScoringTemplate, entries: dict[int, Entry]):
    floor = sheet.campaign.ruleset.setting("score_floor_at_zero")
    return score_sheet(template_spec(template), entries, floor=floor)


def _check_bounds(entries: dict[int, Entry], effects: dict[Any, Decimal], total: Decimal, spot: Decimal | None,
                  spot_percent: Decimal) -> None:
    """Refuse the whole sheet before anything is written when a number lies outside its bound
    (core.bounds; the form already says which rule): the CHECK constraints would refuse it anyway."""
    for e in entries.values():
        if not ((e.quantity is None or e.quantity in QUANTITY) and (e.amount is None or e.amount in POINTS)
                and (e.choice is None or e.choice in TIER)):
            raise ValidationError(_("A count or deduction is outside its range; nothing was saved."))
    if spot is not None and spot not in SCORE_GIVEN:
        raise ValidationError(SCORE_GIVEN.message(_("Routine spot-check score")))
    totals = [total, weighted_total(spot, total, spot_percent), *effects.values()]
    if any(t not in SCORE for t in totals):
        raise ValidationError(_("The scores add up to more than a sheet can hold; nothing was saved."))


@transaction.atomic
def sheet_save_entries(*, actor: Any, sheet: ScoreSheet, stage: str, entries: dict[int, Entry],
                       template: ScoringTemplate, spot_check_score: Decimal | None = None) -> SheetSaveResult:
    """Save one stage's entries of a whole sheet in one go (bulk), recompute and store its total."""
    sheet = ScoreSheet.objects.select_for_update(of=("self",)).select_related("organization", "campaign__ruleset").get(pk=sheet.pk)
    if not may_score_stage(actor, sheet, stage):
        raise ValidationError(_("You cannot enter this score at this step."))
    frozen = stage_frozen(sheet, stage)
    if frozen:
        raise ValidationError(frozen)
    if not may_decide_stage(actor, sheet, stage):
        require_other_person(actor, authors=sheet_authors(sheet, Stage.SELF), ruleset=sheet.campaign.ruleset)
    result = sheet_preview(sheet, template, entries)
    comment_missing = [key for key, problem in result.problems if "comment" in problem]
    if comment_missing:
        raise ValidationError(_("A discretionary deduction needs a comment (%(n)d rules).") % {"n": len(comment_missing)})
    rule_ids = {r.key for s in result.sections for r in s.rules}
    effects = {r.key: r.effect for s in result.sections for r in s.rules}
    _check_bounds(entries, effects, result.total, spot_check_score, sheet.campaign.ruleset.setting("score_spot_check_percent"))
    ScoreEntry.objects.filter(sheet=sheet, stage=stage).delete()
    # one row per rule of the template, entered or not, so the sheet compares stages item by item
    blank = Entry()
    rows = []
    for rid in sorted(rule_ids):
        e = entries.get(rid, blank)
        rows.append(ScoreEntry(sheet=sheet, rule_id=rid, stage=stage, quantity=e.quantity, flag=e.flag, choice=e.choice,
                               amount=e.amount, comment=e.comment[:500], points=effects.get(rid, Decimal(0))))
    ScoreEntry.objects.bulk_create(rows)
    before = {"self_total": sheet.self_total, "reviewer_total": sheet.reviewer_total, "final_total": sheet.final_total}
    pct = sheet.campaign.ruleset.setting("score_spot_check_percent")
    if stage == Stage.SELF:
        sheet.self_total = result.total
    elif stage == Stage.REVIEWER:
        sheet.spot_check_score = spot_check_score
        sheet.reviewer_total = weighted_total(spot_check_score, result.total, pct)
        sheet.status = SheetStatus.REVIEWED
    else:
        sheet.final_total = weighted_total(sheet.spot_check_score, result.total, pct)
        sheet.status = SheetStatus.FINAL
    sheet.vetoes = [str(v) for v in result.vetoes]
    bonus_rules = [r.key for s in result.sections for r in s.rules if r.bonus]
    sheet.innovations = int(sum((entries[k].quantity or 0) for k in bonus_rules if k in entries))
    if sheet.innovations not in QUANTITY_INT:  # the whole save is one transaction: raising here stores nothing
        raise ValidationError(QUANTITY_INT.message(_("recognised innovation projects")))
    sheet.save()
    audit_record(actor=actor, action=f"score_sheet.{stage}", obj=sheet, organization=sheet.organization, before=before,
                 after={"self_total": sheet.self_total, "reviewer_total": sheet.reviewer_total, "final_total": sheet.final_total})
    return SheetSaveResult(sheet, result.total, result.problems)


@transaction.atomic
def sheet_submit(*, actor: Any, sheet: ScoreSheet) -> ScoreSheet:
    sheet = ScoreSheet.objects.select_for_update(of=("self",)).select_related("organization").get(pk=sheet.pk)
    require(actor, "enter", sheet.organization)
    if sheet.status != SheetStatus.DRAFT or sheet.self_total is None:
        raise ValidationError(_("Only a self-scored sheet in self-scoring can be submitted."))
    sheet.status = SheetStatus.SUBMITTED
    sheet.save(update_fields=["status", "updated"])
    audit_record(actor=actor, action="score_sheet.submit", obj=sheet, organization=sheet.organization,
                 after={"status": sheet.status, "self_total": sheet.self_total})
    return sheet


@transaction.atomic
def evidence_upload(*, actor: Any, sheet: ScoreSheet, upload: Any = None, rules: Iterable[ScoringRule],
                    library_file: Any = None) -> EvidenceFile:
    """One file, entered once, backing several rules of the sheet: a new ``upload`` or a ``library_file``
    already in the organisation's library for the year (campaigns/library.py). Type and size limits are
    settings; the content must match the type (core.uploads)."""
    sheet = ScoreSheet.objects.select_for_update(of=("self",)).select_related("organization", "campaign__ruleset").get(pk=sheet.pk)
    if not (can(actor, "enter", sheet.organization) or can_above(actor, "assess", sheet.organization)):
        raise ValidationError(_("You cannot add evidence to this sheet."))
    frozen = evidence_frozen(sheet)
    if frozen:
        raise ValidationError(frozen)
    rs = sheet.campaign.ruleset
    rules = list(rules)
    if any(r.section.template_id != sheet.template_id for r in rules):
        raise ValidationError(_("Evidence can only back rules of this sheet."))
    # enter once: the file is checked, stored in the organisation's library for the year and only linked here
    lib = library_file_for(actor=actor, campaign=sheet.campaign, organization=sheet.organization, upload=upload,
                           picked=library_file, allowed=rs.setting("score_evidence_types"),
                           max_bytes=rs.setting("score_evidence_max_mb") * 1024 * 1024)
    ev = EvidenceFile(sheet=sheet, name=(upload.name if upload is not None else lib.name)[:200], content_type=lib.content_type, size=lib.size,
                      uploaded_by=actor, library_file=lib)
    ev.file.name = lib.file.name
    ev.save()
    ev.rules.set(rules)
    library_use(lib, kind="stars.evidencefile", object_id=ev.pk, label=f"{_('Score sheet')} · {sheet.organization.name}")
    audit_record(actor=actor, action="score_sheet.evidence", obj=sheet, organization=sheet.organization,
                 after={"file": ev.name, "rules": [r.pk for r in rules]})
    return ev


# ---------------------------------------------------------------- star applications

def _permitted(actor: Any, app: StarApplication, decision: str) -> bool:
    action, above = star_action(decision, app.state)
    return can_above(actor, action, app.organization) if above else can(actor, action, app.organization)


def allowed_decisions(actor: Any, app: StarApplication, today: datetime.date | None = None) -> list[str]:
    """Which buttons the actor sees (Wagtail's get_actions)."""
    today = today or timezone.localdate()
    out = []
    for decision in STAR_WORKFLOW.transitions_from(app.state):
        if decision == Decision.REOPEN:
            from .services_reopen import may_reopen  # the reopening services build on this module

            if may_reopen(actor, app):
                out.append(decision)
            continue
        if not _permitted(actor, app, decision):
            continue
        if decision in DECISIONS_ON_AUTHORS and not may_decide_application(actor, app):
            continue
        level = app.proposed_level or app.requested_level
        if decision == Decision.INSPECT and level < 4:
            continue
        if decision == Decision.APPROVE:
            if app.state == AppState.ASSESSED and level >= 4:
                continue
            if app.state == AppState.NOTICE and app.notice_end and app.notice_end >= today:
                continue
        out.append(decision)
    return out


#: Decisions that whoever created, submitted or self-scored the application may not take (four eyes).
DECISIONS_ON_AUTHORS = (Decision.ASSESS, Decision.INSPECT, Decision.NOTICE, Decision.APPROVE)


def _lock(app: StarApplication) -> StarApplication:
    return StarApplication.objects.select_for_update(of=("self",)).select_related("organization", "campaign__ruleset", "sheet").get(pk=app.pk)


def _move(actor: Any, app: StarApplication, decision: str, comment: str, level: int | None = None,
          to_state: str | None = None) -> StarApplication:
    found = STAR_WORKFLOW.targets(app.state, decision)
    target = to_state or (found[0] if found else None)
    if target is None or not STAR_WORKFLOW.allowed(app.state, decision, target):
        raise ValidationError(_("This step is not possible in the state “%(state)s”.") % {"state": app.get_state_display()})
    if not _permitted(actor, app, decision):
        raise ValidationError(_("You may not take this step for this organisation."))
    if decision in DECISIONS_ON_AUTHORS:
        require_other_person(actor, authors=application_authors(app), ruleset=app.campaign.ruleset)
    old = app.state
    app.state = target
    app.state_since = timezone.now()
    app.save()
    StarApproval.objects.create(application=app, decision=decision, from_state=old, to_state=app.state, level=level,
                                actor=actor, actor_name=_actor_name(actor), comment=comment)
    audit_record(actor=actor, action=f"star_application.{decision}", obj=app, organization=app.organization,
                 before={"state": old}, after={"state": app.state, "level": level}, reason=comment)
    return app


def _check_level(level: int) -> None:
    if not 1 <= int(level) <= 5:
        raise ValidationError(_("A star level is 1 to 5."))


@transaction.atomic
def application_create(*, actor: Any, organization: Organization, campaign: Campaign, requested_level: int,
                       sheet: ScoreSheet | None = None, innovation_project: str = "", summary: str = "",
                       criteria_met: dict[str, list[bool]] | None = None) -> StarApplication:
    require(actor, "enter", organization)
    _check_level(requested_level)
    if not organization.path.startswith(campaign.scope.path):
        raise ValidationError(_("The organisation is outside the campaign's scope."))
    if sheet is not None and sheet.organization_id != organization.pk:
        raise ValidationError(_("The score sheet belongs to another organisation."))
    if StarApplication.objects.filter(organization=organization, campaign=campaign).exists():
        raise ValidationError(_("This organisation has already applied in this campaign."))
    if (campaign.ruleset.setting("star_skip_founded_this_year") and organization.founded_on is not None
            and organization.founded_on.year >= campaign.year):
        raise ValidationError(_("%(org)s was founded this year: the rule set assesses it but does not rate it yet.")
                              % {"org": organization.name})
    app = StarApplication.objects.create(organization=organization, campaign=campaign, sheet=sheet,
                                         requested_level=requested_level, innovation_project=innovation_project,
                                         summary=summary, criteria_met=criteria_met or {}, state_since=timezone.now())
    audit_record(actor=actor, action="star_application.create", obj=app, organization=organization,
                 after={"requested_level": requested_level})
    return app


@transaction.atomic
def application_submit(*, actor: Any, application: StarApplication, comment: str = "") -> StarApplication:
    """申报: the branch sends its application (with the self-score) to the township."""
    app = _lock(application)
    if app.sheet is not None and app.sheet.self_total is None:
        raise ValidationError(_("Self-score the sheet before applying."))
    return _move(actor, app, Decision.SUBMIT, comment, app.requested_level)


def _quota_gate(app: StarApplication, level: int, reason: str) -> bool:
    """Flag an over-quota level; approving over quota needs a written reason, or is blocked."""
    rs = app.campaign.ruleset
    spec = quota_spec(rs)
    if not spec.enabled:
        return False
    result = quota_check(quota_with(quota_counts(app.campaign, exclude_pk=app.pk), level), quota_population(app.campaign), spec)
    return result.over_for(level)


def _check_switches(app: StarApplication, level: int) -> None:
    """The rule set's switches from county practice (ratings.stars.rules.star_limit), when switched on."""
    limit = star_limit_for(app)
    if limit.not_rated:
        raise ValidationError(_("%(org)s was founded this year: the rule set assesses it but does not rate it yet.")
                              % {"org": app.organization.name})
    if level <= limit.level:
        return
    words = {"satisfaction": _("its satisfaction rate is below the rule set's minimum"),
             "one star up a year": _("it may rise at most one star a year without an exception (破格) reason")}
    raise ValidationError(_("At most %(cap)d stars: %(why)s.") % {
        "cap": limit.level, "why": "；".join(str(words.get(r, r)) for r in limit.reasons)})


@transaction.atomic
def application_innovation_recognise(*, actor: Any, application: StarApplication, recognised: bool,
                                     comment: str = "") -> StarApplication:
    """The recognising body (the county in Jinwei; seed 004 "由市委组织部认定", the rule set names it) records
    whether the innovation project is recognised. Only it may: the township's assessment and the branch's own
    bonus items do not make five stars (docs/rules.md §8)."""
    app = _lock(application)
    if not can_above(actor, "review", app.organization):
        raise ValidationError(_("Only %(body)s recognises innovation projects.")
                              % {"body": app.campaign.ruleset.setting("star_innovation_recognised_by")})
    if recognised and not app.innovation_project.strip():
        raise ValidationError(_("The application names no innovation project."))
    before = {"innovation_recognised": app.innovation_recognised}
    app.innovation_recognised = bool(recognised)
    app.innovation_recognised_by = _actor_name(actor) if recognised else ""
    app.save(update_fields=["innovation_recognised", "innovation_recognised_by", "updated"])
    audit_record(actor=actor, action="star_application.innovation", obj=app, organization=app.organization,
                 before=before, after={"innovation_recognised": app.innovation_recognised}, reason=comment)
    return app


@transaction.atomic
def application_assess(*, actor: Any, application: StarApplication, level: int, comment: str,
                       innovation_recognised: bool | None = None, vetoes: list[str] | None = None,
                       departure_reason: str = "", exception_reason: str | None = None) -> StarApplication:
    """考核评定: the township assesses and proposes (1-3 stars: determines) the level. A level other than the
    one the rules suggest (按规则应评) needs a written reason (docs/rules.md §8)."""
    from .selectors import suggestion_for

    app = _lock(application)
    _check_level(level)
    if not comment.strip():
        raise ValidationError(_("Write the assessment."))
    if exception_reason is not None:
        app.exception_reason = exception_reason.strip()
    _check_switches(app, level)
    rs = app.campaign.ruleset
    if innovation_recognised is not None and bool(innovation_recognised) != app.innovation_recognised:
        if not can_above(actor, "review", app.organization):
            raise ValidationError(_("Only %(body)s recognises innovation projects.")
                                  % {"body": rs.setting("star_innovation_recognised_by")})
        app.innovation_recognised = bool(innovation_recognised)
        app.innovation_recognised_by = _actor_name(actor) if innovation_recognised else ""
    if vetoes is not None:
        app.vetoes = list(vetoes)
    if level == 5 and rs.setting("star_five_needs_innovation") and not app.innovation_recognised:
        raise ValidationError(_("Five stars need an innovation project recognised by %(body)s.") % {"body": rs.setting("star_innovation_recognised_by")})
    if level > rs.setting("star_veto_cap") and (app.vetoes or (app.sheet is not None and app.sheet.vetoes)):
        raise ValidationError(_("A veto caps this organisation at %(cap)d stars.") % {"cap": rs.setting("star_veto_cap")})
    _total, suggestion = suggestion_for(app)
    if suggestion.level and level != suggestion.level and not (departure_reason or "").strip():
        raise ValidationError({"departure_reason": _(
            "The rules suggest %(suggested)d stars: write the reason for assessing %(level)d stars.")
            % {"suggested": suggestion.level, "level": level}})
    app.departure_reason = (departure_reason or "").strip() if level != suggestion.level else ""
    app.proposed_level = level
    app.over_quota = _quota_gate(app, level, "")
    to_state = None
    if level <= 3 and not rs.setting("star_county_confirms_low"):
        to_state = AppState.APPROVED  # the rule set lets the township's decision stand (departs from seed 001)
    if app.exception_reason:
        comment = f"{comment}\n{_('Exception (破格) reason')}: {app.exception_reason}"
    app = _move(actor, app, Decision.ASSESS, comment if not app.departure_reason else f"{comment}\n{app.departure_reason}",
                level, to_state)
    if app.state == AppState.APPROVED:
        _publish(app, level)
    return app


@transaction.atomic
def application_inspect(*, actor: Any, application: StarApplication, comment: str) -> StarApplication:
    """验收: the county's acceptance inspection of a 4-5 star proposal."""
    app = _lock(application)
    if (app.proposed_level or 0) < 4:
        raise ValidationError(_("Only 4-5 star proposals are inspected by the county."))
    if not comment.strip():
        raise ValidationError(_("Write the inspection findings."))
    return _move(actor, app, Decision.INSPECT, comment, app.proposed_level)


@transaction.atomic
def application_notice_open(*, actor: Any, application: StarApplication, comment: str = "",
                            start: datetime.date | None = None) -> StarApplication:
    """公示: open the public notice for the rule set's number of days."""
    app = _lock(application)
    start = start or timezone.localdate()
    app.notice_start = start
    app.notice_end = start + datetime.timedelta(days=app.campaign.ruleset.setting("star_notice_days") - 1)
    return _move(actor, app, Decision.NOTICE, comment, app.proposed_level)


@transaction.atomic
def application_approve(*, actor: Any, application: StarApplication, comment: str = "", over_quota_reason: str = "",
                        today: datetime.date | None = None) -> StarApplication:
    """审定/审批: the county approves; the level is published and becomes the year's rating."""
    app = _lock(application)
    today = today or timezone.localdate()
    level = app.proposed_level or app.requested_level
    if app.state == AppState.ASSESSED and level >= 4:
        raise ValidationError(_("4-5 stars need the county's inspection and the public notice first."))
    if app.state == AppState.NOTICE:
        if app.notice_end and app.notice_end >= today:
            raise ValidationError(_("The public notice is still open until %(date)s.") % {"date": app.notice_end})
        if app.objections.filter(answer="").exists():
            raise ValidationError(_("Answer every objection before approving."))
    _check_switches(app, level)
    over = _quota_gate(app, level, over_quota_reason)
    if over:
        if app.campaign.ruleset.setting("star_quota_blocks"):
            raise ValidationError(_("This level is over the quota of the evaluating scope; the rule set blocks it."))
        if not over_quota_reason.strip():
            raise ValidationError({"over_quota_reason": _("This level is over the quota: write the reason for approving it.")})
    app.over_quota = over
    app.over_quota_reason = over_quota_reason.strip()
    app.final_level = level
    app = _move(actor, app, Decision.APPROVE, comment or over_quota_reason, level)
    _publish(app, level)
    return app


def _publish(app: StarApplication, level: int) -> None:
    if app.final_level != level:
        app.final_level = level
        app.save(update_fields=["final_level", "updated"])
    StarRating.objects.update_or_create(
        organization=app.organization, campaign=app.campaign,
        defaults=dict(year=app.campaign.year, level=level, approved_level=level, application=app),
    )


@transaction.atomic
def application_return(*, actor: Any, application: StarApplication, reason: str) -> StarApplication:
    """退回: any step can send the application back to the branch, with reasons."""
    app = _lock(application)
    if not reason.strip():
        raise ValidationError({"comment": _("Give the reasons for returning it.")})
    app.notice_start = app.notice_end = None
    return _move(actor, app, Decision.RETURN, reason)


SERVICES = {
    Decision.SUBMIT: application_submit, Decision.ASSESS: application_assess, Decision.INSPECT: application_inspect,
    Decision.NOTICE: application_notice_open, Decision.APPROVE: application_approve, Decision.RETURN: application_return,
}


@transaction.atomic
def objection_create(*, application: StarApplication, text: str, contact: str = "",
                     today: datetime.date | None = None) -> StarObjection:
    """An objection from the public during the notice (no login)."""
    app = _lock(application)
    today = today or timezone.localdate()
    if app.state != AppState.NOTICE or not app.notice_start or not (app.notice_start <= today <= app.notice_end):
        raise ValidationError(_("The public notice of this organisation is not open."))
    if not text.strip():
        raise ValidationError({"text": _("Write the objection.")})
    obj = StarObjection.objects.create(application=app, text=text.strip()[:2000], contact=contact.strip()[:100])
    audit_record(actor=None, action="star_application.objection", obj=app, organization=app.organization,
                 after={"objection": obj.pk})
    return obj


@transaction.atomic
def objection_answer(*, actor: Any, objection: StarObjection, answer: str) -> StarObjection:
    obj = StarObjection.objects.select_for_update(of=("self",)).select_related("application__organization").get(pk=objection.pk)
    if not can_above(actor, "review", obj.application.organization):
        raise ValidationError(_("Only the county answers objections."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    obj.answer = answer.strip()
    obj.answered_by = actor
    obj.answered_at = timezone.now()
    obj.save()
    audit_record(actor=actor, action="star_application.objection_answer", obj=obj.application,
                 organization=obj.application.organization, after={"objection": obj.pk}, reason=obj.answer)
    return obj


@transaction.atomic
def rating_spot_check(*, actor: Any, rating: StarRating, new_level: int, reason: str) -> StarRating:
    """抽查: a spot check keeps or lowers a rating, always with reasons [seed 004: 抽查; seed 001: 能上能下]."""
    rating = StarRating.objects.select_for_update(of=("self",)).select_related("organization").get(pk=rating.pk)
    if not can_above(actor, "review", rating.organization):
        raise ValidationError(_("Only the county spot-checks ratings."))
    _check_level(new_level)
    if new_level > rating.level:
        raise ValidationError({"new_level": _("A spot check can keep or lower a rating, not raise it.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the findings of the spot check.")})
    SpotCheck.objects.create(rating=rating, old_level=rating.level, new_level=new_level, reason=reason.strip(),
                             actor=actor, actor_name=_actor_name(actor))
    old = rating.level
    rating.level = new_level
    rating.save(update_fields=["level", "updated"])
    if rating.application_id:
        StarApproval.objects.create(application_id=rating.application_id, decision=Decision.SPOT_CHECK,
                                    from_state=AppState.APPROVED, to_state=AppState.APPROVED, level=new_level,
                                    actor=actor, actor_name=_actor_name(actor), comment=reason.strip())
    audit_record(actor=actor, action="star_rating.spot_check", obj=rating, organization=rating.organization,
                 before={"level": old}, after={"level": new_level}, reason=reason)
    return rating
