"""Views of the upgrade phase: thin — check access, call one selector or service, render or redirect."""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import OperationalError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.choices import ParticipantCategory
from core.codes import close_question
from core.views import service_errors
from campaigns.selectors import campaign_for_request
from members.selectors import member_names
from organizations.rules import RATED_KINDS
from organizations.models import Organization
from organizations.scope import can, get_scoped_or_404, pk_param, restrict, scope_paths

from . import selectors, services
from .forms import (
    BallotCodesForm, CommitmentForm, EvidenceForm, FixLevelForm, HonourForm, MeasureForm, MeasureStatusForm, PledgeForm, ReasonForm,
    SatisfactionForm, SelfCheckForm, UploadForm,
)
from .choices import CommitmentState
from .models import Commitment, Evidence, Honour, Measure, YearEnd


def _campaign(request: HttpRequest):
    campaign = campaign_for_request(request)
    if campaign is None:
        raise Http404
    return campaign


def _commitment(request: HttpRequest, pk: int, action: str = "view") -> Commitment:
    return get_scoped_or_404(selectors.commitments_for(request.user, action), request.user, action, pk=pk)


def _pdf(template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    """Small one-off PDFs render synchronously with the reports' base template and font."""
    from weasyprint import HTML

    context = {**context, "generated": timezone.localtime(), "font_dir": settings.PDF_FONT_DIR.as_uri()}
    data = HTML(string=render_to_string(template, context), base_url=str(settings.PDF_FONT_DIR)).write_pdf()
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- progress (the township's view) --------------------------------------------------------------
@login_required
def progress(request: HttpRequest) -> HttpResponse:
    campaign = _campaign(request)
    qs = selectors.progress_branches(request.user, campaign)
    state = request.GET.get("state", "")
    if state != "none" and state not in CommitmentState.values:
        state = ""
    if state == "none":
        qs = qs.exclude(commitments__campaign=campaign)
    elif state:
        qs = qs.filter(commitments__campaign=campaign, commitments__state=state)
    if request.GET.get("overdue"):
        qs = qs.filter(commitments__campaign=campaign, commitments__measures__due__lt=timezone.localdate()).exclude(
            commitments__measures__status="done").distinct()
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = []
    for org in page:
        c = org.campaign_commitments[0] if org.campaign_commitments else None
        rows.append({"org": org, "c": c, "can_create": c is None and can(request.user, "enter", org)})
    return render(request, "upgrades/progress.html", {"campaign": campaign, "page": page, "rows": rows, "state": state,
                                                       "states": Commitment._meta.get_field("state").choices})


# --- the commitment ------------------------------------------------------------------------------
@login_required
def commitment_create(request: HttpRequest) -> HttpResponse:
    campaign = _campaign(request)
    org = get_scoped_or_404(Organization, request.user, "enter",
                            pk=pk_param(request.GET, "org") or pk_param(request.POST, "org") or 0)
    from surveys.models import SurveyReport

    report = SurveyReport.objects.filter(organization=org, campaign=campaign).first()
    level, stars = services.starting_point(campaign, org)
    form = CommitmentForm(request.POST or None, initial={"problems": report.problems if report else "",
                                                         "target_level": "advanced" if level != "lagging" else "average"})
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            c = services.commitment_create(actor=request.user, campaign=campaign, organization=org, **form.cleaned_data)
            return redirect("upgrades:commitment-detail", c.pk)
    return render(request, "upgrades/commitment_form.html", {"form": form, "org": org, "campaign": campaign,
                                                              "start_level": level, "start_stars": stars, "report": report,
                                                              "title": _("Commitment of %(org)s") % {"org": org.name}})


@login_required
def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    c = _commitment(request, pk)
    measures = list(c.measures.prefetch_related("evidence"))
    actions = services.actions_for(request.user, c)
    from surveys.models import SurveyReport

    report = SurveyReport.objects.filter(organization=c.organization, campaign=c.campaign).first()
    return render(request, "upgrades/commitment_detail.html", {
        "c": c, "measures": measures, "actions": actions, "reviews": c.reviews.select_related("actor"),
        "evidence": c.evidence.prefetch_related("measures"), "pledges": c.pledges.all(), "report": report,
        "measure_form": MeasureForm(), "pledge_form": PledgeForm(), "member_names": member_names(c.organization),
        "evidence_form": EvidenceForm(measures=measures, campaign=c.campaign, organization=c.organization),
        "status_choices": Measure._meta.get_field("status").choices, "today": timezone.localdate(),
        "done": sum(1 for m in measures if m.status == "done"),
        "public_url": request.build_absolute_uri(reverse("upgrades:public", args=[c.public_token])),
    })


@login_required
def commitment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    c = _commitment(request, pk, "enter")
    form = CommitmentForm(request.POST or None, initial={"target_level": c.target_level, "target_stars": c.target_stars,
                                                         "problems": c.problems, "opinions_heard": c.opinions_heard})
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            services.commitment_update(actor=request.user, commitment=c, **form.cleaned_data)
            return redirect("upgrades:commitment-detail", c.pk)
    return render(request, "upgrades/commitment_form.html", {"form": form, "org": c.organization, "campaign": c.campaign,
                                                              "start_level": c.start_level, "start_stars": c.start_stars,
                                                              "title": _("Commitment of %(org)s") % {"org": c.organization.name}})


@login_required
def commitment_transition(request: HttpRequest, pk: int, transition: str) -> HttpResponse:
    if transition not in services.SERVICES:
        raise Http404
    c = _commitment(request, pk)
    if transition not in services.actions_for(request.user, c):
        raise Http404
    labels = {"submit": _("Submit to the superior"), "approve": pgettext("commitment", "Approve"), "return": _("Return with comments"),
              "reopen": _("Reopen the approved commitment")}
    form = ReasonForm(request.POST or None, label=labels[transition])
    if transition == "submit":
        del form.fields["reason"]
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            if transition == "submit":
                services.commitment_submit(actor=request.user, commitment=c)
            elif transition == "approve":
                services.commitment_approve(actor=request.user, commitment=c, comment=form.cleaned_data["reason"])
            elif transition == "reopen":
                services.commitment_reopen(actor=request.user, commitment=c, reason=form.cleaned_data["reason"])
            else:
                services.commitment_return(actor=request.user, commitment=c, reason=form.cleaned_data["reason"])
            messages.success(request, _("Done."))
            return redirect("upgrades:commitment-detail", c.pk)
    consequences = {"approve": _("Approving makes the commitment final: it becomes read-only, the branch works to it for "
                                 "the year, and only a reopening with a reason changes it again.")}
    return render(request, "core/confirm.html", {"form": form, "title": labels[transition],
                                                 "message": f"{c.organization.name} · {c.campaign.year}",
                                                 "consequence": consequences.get(transition, "")})


def _file_problem(request: HttpRequest, form: Any) -> str:
    """What is wrong with the posted file (core.uploads says, naming it), or that none was chosen."""
    if request.FILES.get("file") and form.errors.get("file"):
        return " ".join(form.errors["file"])
    if form.errors.get("library_file"):
        return " ".join(form.errors["library_file"])
    return _("Choose a file.")


def _post_service(request: HttpRequest, c: Commitment, fn, **kwargs) -> HttpResponse:
    try:
        fn(actor=request.user, commitment=c, **kwargs)
        messages.success(request, _("Saved."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("upgrades:commitment-detail", c.pk)


@login_required
@require_POST
def measure_add(request: HttpRequest, pk: int) -> HttpResponse:
    c = _commitment(request, pk, "enter")
    form = MeasureForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Fill in what, who and by when."))
        return redirect("upgrades:commitment-detail", c.pk)
    return _post_service(request, c, services.measure_add, **form.cleaned_data)


@login_required
@require_POST
def measure_status(request: HttpRequest, pk: int) -> HttpResponse:
    m = get_scoped_or_404(Measure.objects.select_related("commitment"), request.user, "enter",
                          via="commitment__organization", pk=pk)
    form = MeasureStatusForm(request.POST)
    if form.is_valid():
        try:
            services.measure_set_status(actor=request.user, measure=m, status=form.cleaned_data["status"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("upgrades:commitment-detail", m.commitment_id)


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    c = _commitment(request, pk, "enter")
    measures = list(c.measures.all())
    form = EvidenceForm(request.POST, request.FILES, measures=measures, campaign=c.campaign, organization=c.organization)
    if not form.is_valid():
        messages.error(request, _file_problem(request, form))
        return redirect("upgrades:commitment-detail", c.pk)
    chosen = [m for m in measures if str(m.pk) in form.cleaned_data["measures"]]
    return _post_service(request, c, services.evidence_add, upload=form.cleaned_data["file"], measures=chosen,
                         library_file=form.cleaned_data["library_file"])


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    ev = get_scoped_or_404(Evidence, request.user, "view", via="commitment__organization", pk=pk)
    return FileResponse(ev.file.open("rb"), as_attachment=True, filename=ev.name)


@login_required
@require_POST
def pledge_add(request: HttpRequest, pk: int) -> HttpResponse:
    c = _commitment(request, pk, "enter")
    form = PledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Fill in the member and the commitment."))
        return redirect("upgrades:commitment-detail", c.pk)
    return _post_service(request, c, services.pledge_add, **form.cleaned_data)


@login_required
@require_POST
def commitment_publish(request: HttpRequest, pk: int) -> HttpResponse:
    c = _commitment(request, pk, "enter")
    return _post_service(request, c, services.commitment_publish, public=request.POST.get("public", "1") == "1")


@login_required
def agreement_scan(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: upload the signed scan; GET: download it."""
    if request.method == "POST":
        c = _commitment(request, pk, "enter")
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _file_problem(request, form))
            return redirect("upgrades:commitment-detail", c.pk)
        return _post_service(request, c, services.agreement_scan_upload, upload=form.cleaned_data["file"])
    c = _commitment(request, pk)
    if not c.agreement_scan:
        raise Http404
    return FileResponse(c.agreement_scan.open("rb"), as_attachment=True, filename=c.agreement_scan.name.rsplit("/", 1)[-1])


def agreement_document(c: Commitment) -> tuple[str, dict[str, Any]]:
    """The printed agreement's template and context (shared with the annual dossier, reports/dossier.py)."""
    return "upgrades/pdf/agreement.html", {"c": c, "superior": c.organization.parent, "measures": c.measures.all(),
                                           "data": {"title": _("Target responsibility agreement"),
                                                    "organization_name": "", "year": c.campaign.year}}


@login_required
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The responsibility agreement (目标责任书, seed 000 §四(二)) laid out like the paper agreement."""
    c = _commitment(request, pk)
    template, context = agreement_document(c)
    return _pdf(template, context, f"agreement-{c.pk}.pdf")


# --- public commitment (no login) ---------------------------------------------------------------
def _public(token: str) -> Commitment:
    try:
        return get_object_or_404(Commitment.objects.select_related("organization__parent", "campaign"),
                                 public_token=token, is_public=True, state="approved")
    except ValidationError as exc:  # a malformed token
        raise Http404 from exc


def public_commitment(request: HttpRequest, token: str) -> HttpResponse:
    c = _public(token)
    return render(request, "upgrades/public.html", {"c": c, "measures": c.measures.all(), "pledges": c.pledges.all()})


def commitment_document(c: Commitment) -> tuple[str, dict[str, Any]]:
    """The printed public commitment's template and context (shared with the annual dossier)."""
    return "upgrades/pdf/notice.html", {"c": c, "measures": c.measures.all(), "pledges": c.pledges.all(),
                                        "data": {"title": _("Public commitment"), "organization_name": c.organization.name,
                                                 "year": c.campaign.year}}


def public_notice_pdf(request: HttpRequest, token: str) -> HttpResponse:
    c = _public(token)
    template, context = commitment_document(c)
    return _pdf(template, context, f"public-commitment-{c.pk}.pdf")


# --- honours -------------------------------------------------------------------------------------
@login_required
def honours(request: HttpRequest) -> HttpResponse:
    qs = restrict(Honour.objects.select_related("organization"), request.user).order_by("-year", "organization__path")
    form = None
    if scope_paths(request.user, "assess"):
        orgs = restrict(Organization.objects.filter(is_active=True, kind__in=RATED_KINDS), request.user,
                        "assess").order_by("path")
        form = HonourForm(request.POST or None, organizations=orgs, initial={"year": timezone.localdate().year})
        if request.method == "POST" and form.is_valid():
            with service_errors(form):
                services.honour_add(actor=request.user, **form.cleaned_data)
                return redirect("upgrades:honours")
    elif request.method == "POST":
        raise Http404
    return render(request, "upgrades/honours.html", {"page": Paginator(qs, 50).get_page(request.GET.get("page")), "form": form})


# --- year-end -----------------------------------------------------------------------------------
@login_required
def yearend(request: HttpRequest, org_pk: int) -> HttpResponse:
    campaign = _campaign(request)
    org = get_scoped_or_404(Organization.objects.select_related("parent"), request.user, pk=org_pk,
                            kind__in=RATED_KINDS)
    obj = YearEnd.objects.filter(campaign=campaign, organization=org).first()
    may_enter = can(request.user, "enter", org)
    superior = org.parent
    may_assess = superior is not None and can(request.user, "assess", superior)
    assembly = services.yearend_meeting_kind(campaign, org) == "assembly"
    forms = {"self": SelfCheckForm(prefix="s", assembly=assembly), "sat": SatisfactionForm(prefix="t"), "fix": FixLevelForm(prefix="f")}
    if request.method == "POST":
        which = request.POST.get("form")
        try:
            if which == "self" and may_enter:
                forms["self"] = f = SelfCheckForm(request.POST, prefix="s", assembly=assembly)
                if f.is_valid():
                    services.yearend_self_check(actor=request.user, campaign=campaign, organization=org, **{
                        "report": f.cleaned_data["report"], "meeting_date": f.cleaned_data["meeting_date"],
                        "party_members": f.cleaned_data["party_members"], "entitled": f.cleaned_data.get("entitled"),
                        "initial_level": f.cleaned_data["initial_level"]})
                    return redirect(request.get_full_path())
            elif which == "sat" and may_assess:
                forms["sat"] = f = SatisfactionForm(request.POST, prefix="t")
                if f.is_valid():
                    att, counts = f.values()
                    services.yearend_satisfaction(actor=request.user, campaign=campaign, organization=org,
                                                  attendance=att, counts=counts)
                    return redirect(request.get_full_path())
            elif which == "ballot_open" and may_assess:
                codes_form = BallotCodesForm(request.POST)
                if not codes_form.is_valid():
                    raise ValidationError([e for errors in codes_form.errors.values() for e in errors])
                services.satisfaction_ballot_open(actor=request.user, campaign=campaign, organization=org,
                                                  codes=codes_form.codes())
                return redirect(request.get_full_path())
            elif which == "ballot_close" and may_assess and obj is not None:
                services.satisfaction_ballot_close(actor=request.user, year_end=obj)
                return redirect(request.get_full_path())
            elif which == "fix" and may_assess:
                forms["fix"] = f = FixLevelForm(request.POST, prefix="f")
                if f.is_valid():
                    services.yearend_fix_level(actor=request.user, campaign=campaign, organization=org, **f.cleaned_data)
                    return redirect(request.get_full_path())
            else:
                raise Http404
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    for key, f in forms.items():
        f.helper.form_tag = False
        f.helper.inputs = []  # the template has its own buttons
    sat = services.satisfaction_by_category(obj, campaign.ruleset.setting("satisfaction_counts_basically")) if obj else []
    level, stars = services.starting_point(campaign, org)
    turnout = close_asks = None
    if obj is not None and obj.sat_ballot == "open":
        turnout = obj.codes.aggregate(issued=Count("id"), used=Count("id", filter=Q(used=True)))
        close_asks = close_question(obj.codes.all(), what=_("Close the satisfaction ballot and count it? This cannot be undone: nobody can vote after the close."),
                                    threshold=campaign.ruleset.setting("small_group_threshold"))
    from .views_paper import ballot_papers

    return render(request, "upgrades/yearend.html", {"campaign": campaign, "org": org, "obj": obj, "forms": forms,
                                                     "papers": ballot_papers(obj),
                                                     "categories": ParticipantCategory.choices, "turnout": turnout,
                                                     "close_question": close_asks,
                                                     "codes_max": services.MAX_CODES,
                                                     "may_enter": may_enter, "may_assess": may_assess, "sat": sat,
                                                     "sat_pooled": bool(obj and services.POOLED in obj.sat_counts),
                                                     "small_group": campaign.ruleset.setting("small_group_threshold"),
                                                     "start_level": level, "start_stars": stars, "assembly": assembly,
                                                     "approved_stars": services.approved_stars(campaign, org),
                                                     "history": selectors.history(org)})


@login_required
def org_history(request: HttpRequest, org_pk: int) -> HttpResponse:
    org = get_scoped_or_404(Organization, request.user, pk=org_pk)
    return render(request, "upgrades/history.html", {"org": org, "history": selectors.history(org),
                                                     "honours": org.honours.order_by("-year")})


# --- rates ---------------------------------------------------------------------------------------
@login_required
def rates(request: HttpRequest) -> HttpResponse:
    campaign = _campaign(request)
    rows = selectors.rates_for(request.user, campaign)
    scopes: dict[str, list] = {}
    for r in rows:
        scopes.setdefault(r.scope_name, []).append(r)
    return render(request, "upgrades/rates.html", {"campaign": campaign, "scopes": scopes,
                                                   "settings": selectors.rate_settings(campaign)})


@login_required
def rates_orgs(request: HttpRequest) -> HttpResponse:
    """The organisations behind one number of the rates page (numerator and denominator)."""
    campaign = _campaign(request)
    scope = get_scoped_or_404(Organization, request.user, pk=pk_param(request.GET, "scope") or 0)
    key = request.GET.get("rate", "")
    computed, data = selectors.rates_computed(request.user, campaign)
    rate = next((r for s, rs in computed if s.pk == scope.pk for r in rs if r.key == key), None)
    if rate is None:
        raise Http404
    num = set(rate.numerator_ids)
    rows = [{"d": data[i], "counted": i in num} for i in rate.denominator_ids]
    return render(request, "upgrades/rates_orgs.html", {"campaign": campaign, "scope": scope, "rate": rate, "rows": rows,
                                                        "label": selectors.RATE_LABELS[key]})


def _open_ballot(request: HttpRequest, org_pk: int) -> tuple[Organization, Any, YearEnd]:
    """The open satisfaction ballot of an organisation, for its superiors only (404 for anyone else)."""
    campaign = _campaign(request)
    org = get_scoped_or_404(Organization.objects.select_related("parent"), request.user, pk=org_pk)
    if org.parent is None or not can(request.user, "assess", org.parent):
        raise Http404
    return org, campaign, get_object_or_404(YearEnd, campaign=campaign, organization=org, sat_ballot="open")


@login_required
def ballot_codes(request: HttpRequest, org_pk: int) -> HttpResponse:
    """The one-time codes of an open satisfaction ballot as a list, with the link to the slips (superiors only)."""
    org, campaign, obj = _open_ballot(request, org_pk)
    from .views_paper import ballot_papers

    return render(request, "upgrades/ballot_codes.html", {"org": org, "campaign": campaign, "codes": obj.codes.filter(used=False),
                                                          "vote_url": request.build_absolute_uri(reverse("upgrades:vote")),
                                                          "papers": ballot_papers(obj)})


@login_required
def ballot_slips(request: HttpRequest, org_pk: int) -> HttpResponse:
    """The unused codes of an open satisfaction ballot as an A4 sheet of QR slips (core/slips.py), rendered
    synchronously; the QR code opens the vote page with the code filled in."""
    from core.slips import slips_pdf

    org, campaign, obj = _open_ballot(request, org_pk)
    labels = dict(ParticipantCategory.choices)
    vote_url = request.build_absolute_uri(reverse("upgrades:vote"))
    data = slips_pdf(
        title=_("Satisfaction assessment"), organization=org.name, entry_url=vote_url,
        codes=[(c.code, labels[c.category]) for c in obj.codes.filter(used=False)],
        note=_("Scan the QR code with your phone, or open the address below and type the code. Each code votes once; your vote is secret."),
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="satisfaction-slips-{org.pk}-{campaign.year}.pdf"'
    return response


@never_cache
def vote(request: HttpRequest) -> HttpResponse:
    """The public satisfaction ballot on core's phone page: a one-time code and one choice; no login."""
    done = False
    error = ""
    code = request.POST.get("code", "")  # never from the address (docs/rules.md §14); a QR code's #code fills the form
    subject = ""
    if code:
        try:  # the organisation being rated, named above the choices (upgrades/views_paper.py)
            subject = services.satisfaction_ballot_subject(code=code)
        except ValidationError:
            subject = ""
    if request.method == "POST":
        try:
            services.satisfaction_ballot_cast(code=code, choice=request.POST.get("choice", ""))
            done = True
        except ValidationError as exc:
            error = " ".join(exc.messages)
        except OperationalError:  # the database stayed busy through every retry
            error = _("The server is busy. Please submit again.")
    return render(request, "upgrades/vote.html", {
        "done": done, "entry_error": error, "entry_code": "" if done else code[:32], "subject": subject,
        "entry_action": reverse("upgrades:vote"), "chosen": request.POST.get("choice", ""),
        "choices": (("satisfied", _("satisfied")), ("basically", _("basically satisfied")),
                    ("dissatisfied", _("dissatisfied"))),
    })
