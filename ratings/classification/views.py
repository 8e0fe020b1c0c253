"""Views of the classification: thin. Fetch through the scope helpers, call one service, render."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import OperationalError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.audit import AuditEvent
from core.history import describe_all
from core.choices import ParticipantCategory
from core.codes import close_question
from campaigns.quorum import Attendance, quorum_check
from campaigns.selectors import campaign_for_request
from core.views import service_errors, service_messages
from organizations.choices import Domain
from organizations.models import Organization
from organizations.scope import can, get_scoped_or_404

from . import rules
from . import selectors, services
from .services_reopen import classification_reopen
from .forms import (
    AttachmentForm, BallotOpenForm, DecideForm, DeliberationTallyForm, MeetingForm, RatingTallyForm, SelfRatingForm,
    TextForm,
)
from .models import (
    BallotSession, Classification, ClassificationState, Level, Meeting, MeetingAttachment, MeetingKind, MeetingResult,
)
from .selectors import (
    classifications_for, level_distribution, not_started_count, overview_branches, state_counts,
)

PAGE_SIZE = 50


def _classification(request: HttpRequest, pk: int, action: str = "view") -> Classification:
    return get_scoped_or_404(classifications_for(request.user), request.user, action, pk=pk)


def _meeting(request: HttpRequest, pk: int, action: str = "view") -> Meeting:
    return get_scoped_or_404(Meeting.objects.select_related("classification__organization", "classification__campaign__ruleset"),
                             request.user, action, via="classification__organization", pk=pk)


def _session(request: HttpRequest, pk: int, action: str = "view") -> BallotSession:
    return get_scoped_or_404(
        BallotSession.objects.select_related("meeting__classification__organization", "meeting__classification__campaign__ruleset"),
        request.user, action, via="meeting__classification__organization", pk=pk)


def describe_quorum(spec: Any) -> str:
    """The quorum rule in words, shown before the meeting is recorded."""
    parts = []
    if spec.min_total is not None:
        parts.append(_("at least %(n)d people") % {"n": spec.min_total})
    if spec.min_masses_percent is not None:
        parts.append(_("ordinary masses at least %(p)s%%") % {"p": f"{spec.min_masses_percent.normalize():f}"})
    if spec.min_entitled_percent is not None:
        parts.append(_("more than %(p)s%% of those entitled") % {"p": f"{spec.min_entitled_percent.normalize():f}"})
    if spec.may_invite_service_recipients:
        parts.append(_("service recipients may be invited when short of people"))
    return _("Quorum: %(rule)s") % {"rule": "，".join(parts)} if parts else ""


def _to_detail(obj: Classification) -> HttpResponse:
    return redirect("classification:classification-detail", pk=obj.pk)


# --- Overview ------------------------------------------------------------------------------------
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The township's grid: branches × steps with status, quorum problems and deadlines."""
    campaign = campaign_for_request(request)
    if campaign is None:
        return render(request, "ratings/classification/overview.html", {"campaign": None})
    domain = request.GET.get("domain", "")
    status = request.GET.get("status", "")
    if domain not in Domain.values:
        domain = ""
    if status not in ClassificationState.values and status != "not_started":
        status = ""
    page = Paginator(overview_branches(request.user, campaign, domain=domain, status=status), PAGE_SIZE).get_page(
        request.GET.get("page"))
    today = timezone.localdate()
    warn_days = campaign.ruleset.setting("deadline_warning_days")
    due = campaign.classification_due
    rows = []
    for org in page:
        c = org.campaign_rows[0] if org.campaign_rows else None
        meetings = {m.step: m for m in c.current_meetings} if c else {}
        rows.append({"org": org, "c": c, "meetings": meetings,
                     "step": rules.STATE_STEP.get(c.state) if c else 0,
                     "can_start": c is None and can(request.user, "enter", org)})
    days_left = (due - today).days
    return render(request, "ratings/classification/overview.html", {
        "campaign": campaign, "page": page, "rows": rows, "domain": domain, "status": status,
        "domains": Domain.choices, "states": ClassificationState.choices,
        "distribution": level_distribution(request.user, campaign), "counts": state_counts(request.user, campaign),
        "due": due, "days_left": days_left, "days_overdue": -days_left, "overdue": days_left < 0, "due_soon": 0 <= days_left <= warn_days,
        "steps": (1, 2, 3, 4), "domain_labels": dict(Domain.choices),
        "counts_not_started": not_started_count(request.user, campaign),
    })


@login_required
@require_POST
def start(request: HttpRequest, campaign_pk: int, org_pk: int) -> HttpResponse:
    from campaigns.selectors import campaigns_for

    campaign = get_object_or_404(campaigns_for(request.user), pk=campaign_pk)
    org = get_scoped_or_404(Organization, request.user, "enter", pk=org_pk)
    try:
        obj = services.classification_start(actor=request.user, campaign=campaign, organization=org)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("classification:classification-overview")
    return _to_detail(obj)


@login_required
@require_POST
def start_all(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    from campaigns.selectors import campaigns_for

    campaign = get_object_or_404(campaigns_for(request.user), pk=campaign_pk)
    # Starts only the branches the user may enter (the service restricts); nothing to start is a 404.
    if not not_started_count(request.user, campaign):
        raise Http404
    n = services.classification_start_all(actor=request.user, campaign=campaign)
    messages.success(request, _("%(n)d branches started.") % {"n": n})
    return redirect(reverse("classification:classification-overview") + f"?campaign={campaign.pk}")


# --- Detail --------------------------------------------------------------------------------------
@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _classification(request, pk)
    meetings = list(obj.meetings.select_related("result").prefetch_related("attachments").order_by("step", "created"))
    current = {m.step: m for m in meetings if not m.superseded}
    sessions = {s.meeting_id: s for s in BallotSession.objects.filter(meeting__in=meetings)}
    tallies = services.step_results(obj)
    steps = []
    for step in (1, 2, 3, 4):
        m = current.get(step)
        steps.append({
            "step": step, "meeting": m, "result": getattr(m, "result", None) if m else None,
            "session": sessions.get(m.pk) if m else None,
            "active": obj.state == f"step{step}",
            "done": rules.STATE_STEP.get(obj.state, 0) > step,
            "kind_label": MeetingKind(services.expected_meeting_kind(obj, step)).label if step in rules.MEETING_STEPS else "",
        })
    ruleset = obj.campaign.ruleset
    for s in steps:
        r = s["result"]
        s["adoption"] = (rules.adoption(r.deliberation_tally(),
                                        threshold_percent=ruleset.setting("deliberation_adoption_percent"),
                                        strict=ruleset.setting("deliberation_adoption_strict"))
                         if s["step"] == 4 and r is not None and r.counts else None)
    flag = rules.self_rating_flag(obj.self_level, tallies[1], tallies[2]) if obj.self_level else None
    return render(request, "ratings/classification/detail.html", {
        "c": obj, "steps": steps, "tallies": tallies, "flag": flag, "dist_rows": _distribution_rows(tallies),
        "history": [m for m in meetings if m.superseded],
        "reviews": obj.reviews.select_related("actor"),
        "actions": services.actions_for(request.user, obj),
        "audit": describe_all(
            AuditEvent.objects.filter(object_type="classification.classification", object_id=str(obj.pk))[:30]),
        "levels": Level.choices,
        "delegates_from": obj.campaign.ruleset.setting("delegates_meeting_from_members"),
        "threshold": obj.campaign.ruleset.setting("deliberation_adoption_percent"),
        "strict": obj.campaign.ruleset.setting("deliberation_adoption_strict"),
    })


# --- Meetings ------------------------------------------------------------------------------------
@login_required
def meeting_edit(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    obj = _classification(request, pk, "enter")
    if step not in rules.MEETING_STEPS:
        raise Http404
    kind = services.expected_meeting_kind(obj, step)
    meeting = services.current_meeting(obj, step)
    form = MeetingForm(request.POST or None, instance=meeting, step=step, kind=kind,
                       initial={"date": timezone.localdate(), "entitled": obj.organization.member_count,
                                # a new meeting's 应到党员 starts at the organisation's member count, not 0 (issue #19)
                                **({"expected_party_members": obj.organization.member_count} if meeting is None else {})})
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in form.fields}
        with service_errors(form):
            m = services.meeting_save(actor=request.user, classification=obj, step=step, **data)
            if m.quorum_ok:
                messages.success(request, _("Meeting saved. Quorum met."))
            else:
                messages.warning(request, _("Meeting saved as a draft: %(why)s") % {"why": m.quorum_summary})
            return _to_detail(obj)
    subtitle = _("%(org)s · %(kind)s") % {"org": obj.organization.name, "kind": MeetingKind(kind).label}
    subtitle += " · " + describe_quorum(services.quorum_spec_for(obj, step))
    if step == 2:
        subtitle += " · " + _("%(n)d party members: %(rule)s") % {
            "n": obj.organization.member_count,
            "rule": _("a delegates meeting from %(n)d members") % {"n": obj.campaign.ruleset.setting("delegates_meeting_from_members")}}
    return render(request, "core/form_page.html", {"form": form, "subtitle": subtitle,
                                                   "title": _("Meeting of step %(step)d") % {"step": step}})


@login_required
def attachment_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "enter")
    frozen = services.attachments_frozen(meeting.classification)
    if frozen:  # a decided record: said in words, never a form that cannot be saved
        messages.error(request, frozen)
        return _to_detail(meeting.classification)
    c = meeting.classification
    form = AttachmentForm(request.POST or None, request.FILES or None, campaign=c.campaign, organization=c.organization)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            services.meeting_attachment_add(actor=request.user, meeting=meeting, upload=form.cleaned_data["file"],
                                            library_file=form.cleaned_data["library_file"])
            messages.success(request, _("File attached."))
            return _to_detail(meeting.classification)
    form.helper.form_enctype = "multipart/form-data"
    return render(request, "core/form_page.html", {"form": form, "title": _("Attach a file"), "subtitle": str(meeting)})


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    att = get_scoped_or_404(MeetingAttachment.objects.all(), request.user, "view",
                            via="meeting__classification__organization", pk=pk)
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name, content_type=att.content_type or None)


# --- Paper tallies -------------------------------------------------------------------------------
@login_required
def tally_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "enter")
    form_class = DeliberationTallyForm if meeting.step == 4 else RatingTallyForm
    existing = MeetingResult.objects.filter(meeting=meeting, source="paper").first()
    initial = {k: getattr(existing, k) for k in form_class.base_fields} if existing else None
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            services.paper_result_enter(actor=request.user, meeting=meeting, counts=form.cleaned_data)
            messages.success(request, _("Totals entered. A second person must check them before they count."))
            return _to_detail(meeting.classification)
    return render(request, "core/tally_page.html", {
        "form": form, "title": _("Paper ballot totals"), "subtitle": str(meeting),
        "blank_url": reverse("classification:meeting-paper-blank", args=[meeting.pk])})


@login_required
@require_POST
def tally_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "enter")
    with service_messages(request, _("Totals checked; they now count.")):
        services.paper_result_confirm(actor=request.user, meeting=meeting)
    return _to_detail(meeting.classification)


# --- Transitions ---------------------------------------------------------------------------------
@login_required
@require_POST
def step_complete(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _classification(request, pk, "enter")
    try:  # the message names the state the step led to, so it is written after the service
        obj = services.classification_step_complete(actor=request.user, classification=obj)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Step completed. Status: %(state)s") % {"state": obj.get_state_display()})
    return _to_detail(obj)


@login_required
def self_rate(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _classification(request, pk, "enter")
    if obj.state != ClassificationState.STEP3:
        messages.info(request, _("The self-rating is made at step 3 (status: %(state)s).") % {"state": obj.get_state_display()})
        return _to_detail(obj)
    tallies = services.step_results(obj)
    form = SelfRatingForm(request.POST or None, initial={"level": obj.self_level, "reasons": obj.self_reasons})
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            obj = services.classification_self_rate(actor=request.user, classification=obj, **form.cleaned_data)
            messages.success(request, _("Self-rating submitted; the deliberation (step 4) follows."))
            return _to_detail(obj)
    rows = _distribution_rows(tallies)
    # The highest plurality level of each step (rank), for the live flag in the browser.
    tops = {n: max((rules.LEVEL_RANK[level] for level in tallies[n].plurality()), default="") for n in (1, 2)}
    return render(request, "ratings/classification/self_rate.html", {
        "c": obj, "form": form, "rows": rows, "tallies": tallies, "top1": tops[1], "top2": tops[2],
        "standards": obj.campaign.ruleset.classification_standards,
        "past": selectors.past_years(obj.organization, obj.campaign.year)})


def _distribution_rows(tallies: dict[int, Any]) -> list[dict[str, Any]]:
    return [{"level": value, "label": label, "s1": tallies[1].count(value), "s2": tallies[2].count(value),
             "p1": tallies[1].percent(value), "p2": tallies[2].percent(value),
             "top1": value in tallies[1].plurality(), "top2": value in tallies[2].plurality()}
            for value, label in Level.choices]


def _reason_action(request: HttpRequest, pk: int, *, service: Any, title: str, label: str, submit: str,
                   done: str, required: bool, action: str, danger: bool = False, consequence: str = "") -> HttpResponse:
    obj = _classification(request, pk)
    if action not in services.actions_for(request.user, obj):
        raise Http404
    form = TextForm(request.POST or None, label=label, submit=submit, required=required)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            service(actor=request.user, classification=obj, text=form.cleaned_data["text"])
            messages.success(request, done)
            return _to_detail(obj)
    level = obj.get_self_level_display() or "—"
    return render(request, "core/confirm.html", {
        "form": form, "title": title, "danger": danger, "consequence": consequence,
        "message": _("%(org)s · proposed level: %(level)s") % {"org": obj.organization.name, "level": level}})


@login_required
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _reason_action(
        request, pk, action="confirm", required=False, title=_("Confirm the level"), label=_("Comment (optional)"),
        submit=_("Confirm the level"), done=_("Level confirmed."),
        consequence=_("Confirming fixes the level for this year: the classification becomes read-only and only the "
                      "level that confirmed it can reopen it, with a reason."),
        service=lambda actor, classification, text: services.classification_confirm(actor=actor, classification=classification, comment=text))


@login_required
def return_(request: HttpRequest, pk: int) -> HttpResponse:
    return _reason_action(
        request, pk, action="return", required=True, title=_("Return the level"), label=_("Reasons for the return"),
        submit=_("Return"), done=_("Returned to the branch's self-rating."), danger=True,
        service=lambda actor, classification, text: services.classification_return(actor=actor, classification=classification, reason=text))


@login_required
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _reason_action(
        request, pk, action="reopen", required=True, title=_("Reopen the confirmed level"), label=_("Reason for reopening"),
        submit=_("Reopen"), done=_("The level is reopened for a new decision."), danger=True,
        service=lambda actor, classification, text: classification_reopen(actor=actor, classification=classification, reason=text))


@login_required
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    return _reason_action(
        request, pk, action="comment", required=True, title=_("Comment"), label=_("Comment"),
        submit=_("Add comment"), done=_("Comment added."),
        service=lambda actor, classification, text: services.classification_comment(actor=actor, classification=classification, text=text))


@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _classification(request, pk)
    if "decide" not in services.actions_for(request.user, obj):
        raise Http404
    form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            services.classification_township_decide(actor=request.user, classification=obj, **form.cleaned_data)
            messages.success(request, _("Level decided."))
            return _to_detail(obj)
    return render(request, "core/form_page.html", {"form": form, "title": _("Decide the level"),
                                                   "subtitle": obj.organization.name, "consequence": _(
        "Deciding fixes the level for this year: the classification is confirmed and becomes read-only; only a "
        "reopening with a reason changes it.")})


# --- Ballot sessions -----------------------------------------------------------------------------
@login_required
def ballot_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "enter")
    initial = {"party_member": meeting.party_members, "masses": meeting.masses,
               "service_recipient": meeting.service_recipients}
    form = BallotOpenForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            session = services.ballot_session_open(actor=request.user, meeting=meeting, codes=form.cleaned_data)
            messages.success(request, _("Vote opened. Print the slips and hand one to each participant."))
            return redirect("classification:ballot-session-detail", pk=session.pk)
    return render(request, "core/form_page.html", {
        "form": form, "title": _("Open an anonymous vote"),
        "subtitle": _("%(meeting)s · number of one-time codes per category") % {"meeting": meeting}})


def _session_quorum(session: BallotSession, turnout: dict[str, Any]):
    spec = services.quorum_spec_for(session.meeting.classification, session.meeting.step)
    used = turnout["used"]
    return quorum_check(spec, Attendance(used["party_member"], used["masses"], used["service_recipient"],
                                         session.meeting.entitled))


@login_required
def ballot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    turnout = services.ballot_turnout(session)
    closed = session.state == BallotSession.State.CLOSED
    totals = services.ballot_totals(session) if closed else None
    labels = dict(Level.choices) | {"agree": _("Agree"), "disagree": _("Disagree"), "abstain": _("Abstain")}
    adoption = None
    if closed and session.question == "deliberation":
        ruleset = session.meeting.classification.campaign.ruleset
        t = totals["by_choice"]
        adoption = rules.adoption(rules.DeliberationTally(t["agree"], t["disagree"], t["abstain"]),
                                  threshold_percent=ruleset.setting("deliberation_adoption_percent"),
                                  strict=ruleset.setting("deliberation_adoption_strict"))
    return render(request, "ratings/classification/ballot_detail.html", {
        "session": session, "c": session.meeting.classification, "turnout": turnout, "closed": closed,
        "totals": [(labels.get(k, k), v) for k, v in totals["by_choice"].items()] if totals else None,
        "categories": [(label, turnout["issued"][value], turnout["used"][value]) for value, label in ParticipantCategory.choices],
        "quorum": _session_quorum(session, turnout), "adoption": adoption,
        "can_enter": can(request.user, "enter", session.meeting.classification.organization),
        "vote_url": request.build_absolute_uri(reverse("classification:ballot-vote")),
        "close_question": None if closed else close_question(
            session.codes.all(), what=_("Close the vote and count it? This cannot be undone: nobody can vote after the close."),
            threshold=session.meeting.classification.campaign.ruleset.setting("small_group_threshold")),
    })


@login_required
@require_POST
def ballot_close(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, "enter")
    with service_messages(request, _("Vote closed. The totals are the meeting's result.")):
        services.ballot_session_close(actor=request.user, session=session)
    return redirect("classification:ballot-session-detail", pk=session.pk)


@login_required
def ballot_slips(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable A4 sheet of slips (QR code + short code), rendered synchronously."""
    from .slips import slips_pdf

    session = _session(request, pk, "enter")
    base = request.build_absolute_uri(reverse("classification:ballot-vote"))
    pdf = slips_pdf(session, base)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ballot-slips-{session.pk}.pdf"'
    return response


# --- Public voting (no login) --------------------------------------------------------------------
@never_cache
def vote(request: HttpRequest) -> HttpResponse:
    """One address for the whole vote, and the code only in POST bodies (docs/rules.md §14): GET shows
    core's phone page to type the code (a QR code's ``#code`` fills it in); POST with a known code shows
    its ballot, whose form posts the code again (hidden) with the choice."""
    raw = request.POST.get("code", "")
    error = ""
    if request.method == "POST":
        code = rules.normalise_code(raw)
        status = services.ballot_code_status(code) if code else None
        if status is not None:
            return _ballot(request, status)
        error = _("This code is not valid. Check the code on your slip.")
    return render(request, "ratings/classification/vote_code.html", {
        "entry_action": reverse("classification:ballot-vote"), "entry_code": raw[:32], "entry_error": error,
        "entry_autosubmit": True,
    })


@never_cache
def vote_code_in_address(request: HttpRequest, rest: str) -> HttpResponse:
    return redirect("classification:ballot-vote")


def _ballot(request: HttpRequest, status: dict) -> HttpResponse:
    """The ballot of a known code; with a choice in the POST, the vote itself."""
    question = status["question"]
    labels = ({"agree": _("Agree"), "disagree": _("Disagree"), "abstain": _("Abstain")} if question == "deliberation"
              else dict(Level.choices))
    options = [(c, labels[c]) for c in rules.choices_for_question(question)]
    error = ""
    if "choice" in request.POST and status["open"] and not status["used"]:
        try:
            services.ballot_cast(code=status["code"], choice=request.POST.get("choice", ""))
        except services.BallotRejected as exc:
            error = " ".join(exc.messages)
        except OperationalError:  # the database stayed busy through every retry
            error = _("The server is busy. Please submit again.")
        else:
            return render(request, "ratings/classification/vote_done.html", {"status": status})
        status = services.ballot_code_status(status["code"])
    return render(request, "ratings/classification/vote.html", {
        "status": status, "options": options, "error": error,
        "proposed_label": dict(Level.choices).get(status["proposed_level"], ""),
        "code_display": rules.format_code(status["code"]),
    })
