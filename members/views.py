"""Views of the member evaluation: thin — check access, call one selector or service, render or redirect."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from campaigns.selectors import campaign_for_request
from core.imports import import_start
from core.models import ImportStatus
from core.codes import close_question
from core.views import service_errors, service_messages
from organizations.models import Organization
from organizations.scope import can, get_scoped_or_404, scope_paths

from . import rules, selectors, services
from .choices import Ballot, Grade
from .forms import HandlingForm, ImportForm, MemberForm, OpenForm, PaperForm
from .models import Evaluation, Member, Result
from .views_paper import evaluation_papers


def _campaign(request: HttpRequest):
    campaign = campaign_for_request(request)
    if campaign is None:
        raise Http404
    return campaign


def _evaluation(request: HttpRequest, pk: int, action: str = "view") -> Evaluation:
    return get_scoped_or_404(selectors.evaluations_for(request.user, action), request.user, action, pk=pk)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    campaign = _campaign(request)
    if not scope_paths(request.user):
        raise Http404
    rows = [(o, o.campaign_evaluations[0] if o.campaign_evaluations else None) for o in selectors.branches(request.user, campaign)]
    return render(request, "members/home.html", {"campaign": campaign, "rows": rows})


@login_required
def branch(request: HttpRequest, org_pk: int) -> HttpResponse:
    campaign = _campaign(request)
    org = get_scoped_or_404(Organization, request.user, "view", pk=org_pk, kind__in=selectors.BRANCH_KINDS)
    ev = Evaluation.objects.filter(campaign=campaign, organization=org).select_related("campaign__ruleset").first()
    rows, voters = [], None
    if ev is not None:
        voters = selectors.voters(ev)
        rows = selectors.result_rows(ev, services.tallies_of(ev)) if ev.state == "closed" else []
    return render(request, "members/branch.html", {
        "campaign": campaign, "org": org, "members": Member.objects.filter(organization=org, is_active=True), "ev": ev,
        "rows": rows, "voters": voters, "may_enter": can(request.user, "enter", org), "grades": Grade.choices,
        "listed": Member.objects.filter(organization=org, is_active=True).count(),
        "handling_grades": rules.HANDLING_GRADES, "member_form": MemberForm(), "import_form": ImportForm(),
        "open_form": OpenForm(), "handling_form": HandlingForm(),
        "codes_left": ev.codes.filter(used=False).count() if ev else 0, "papers": evaluation_papers(ev), "ballots": Ballot.choices,
        "close_question": close_question(ev.codes.all(), what=_("Close both ballots now? This cannot be undone: nobody can vote after the close."),
                                         threshold=ev.campaign.ruleset.setting("small_group_threshold")) if ev else "",
        "vote_url": request.build_absolute_uri(reverse("members:vote"))})


def _back(org: Organization, campaign) -> HttpResponse:
    return redirect(reverse("members:branch", args=[org.pk]) + f"?campaign={campaign.pk}")


@login_required
@require_POST
def member_count_take(request: HttpRequest, org_pk: int) -> HttpResponse:
    """The organisation's member count takes the member list's count (enter once)."""
    campaign = _campaign(request)
    org = get_scoped_or_404(Organization, request.user, "enter", pk=org_pk)
    with service_messages(request, _("The member count now follows the member list.")):
        services.member_count_from_list(actor=request.user, organization=org)
    return _back(org, campaign)


@login_required
@require_POST
def member_add(request: HttpRequest, org_pk: int) -> HttpResponse:
    campaign = _campaign(request)
    org = get_scoped_or_404(Organization, request.user, "enter", pk=org_pk)
    form = MemberForm(request.POST)
    if form.is_valid():
        with service_messages(request, _("Member added.")):
            services.member_add(actor=request.user, organization=org, name=form.cleaned_data["name"])
    else:
        messages.error(request, _("Give the member's name."))
    return _back(org, campaign)


@login_required
@require_POST
def member_import(request: HttpRequest, org_pk: int) -> HttpResponse:
    campaign = _campaign(request)
    org = get_scoped_or_404(Organization, request.user, "enter", pk=org_pk)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():  # the shared import (core/imports.py, members/importers.py): marked workbook, background run
        run = import_start(actor=request.user, kind="members", organization=org, target=f"members:{org.pk}",
                           upload=form.cleaned_data["file"])
        if run.background:
            messages.info(request, _("The file is large; it is imported in the background. This page shows how far it is."))
            return redirect("core:import-run", pk=run.pk)
        if run.status != ImportStatus.DONE:
            messages.error(request, run.summary)
            return redirect("core:import-run", pk=run.pk)
        messages.success(request, run.summary)
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return _back(org, campaign)


@login_required
@require_POST
def evaluation_open(request: HttpRequest, org_pk: int) -> HttpResponse:
    campaign = _campaign(request)
    org = get_scoped_or_404(Organization, request.user, "enter", pk=org_pk)
    form = OpenForm(request.POST)
    if form.is_valid():
        with service_messages(request, _("The two ballots are open.")):
            services.evaluation_open(actor=request.user, campaign=campaign, organization=org, **form.cleaned_data)
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return _back(org, campaign)


@login_required
def paper(request: HttpRequest, pk: int) -> HttpResponse:
    ev = _evaluation(request, pk, "enter")
    if ev.state != "open":
        raise Http404
    form = PaperForm(request.POST or None, members=ev.members.all())
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            services.paper_enter(actor=request.user, evaluation=ev, ballot=form.cleaned_data["ballot"],
                                 papers=form.cleaned_data["papers"], tallies=form.tallies())
            messages.success(request, _("Paper ballots entered."))
            return _back(ev.organization, ev.campaign)
    return render(request, "members/paper.html", {"ev": ev, "form": form, "grades": Grade.choices,
                                                  "papers": evaluation_papers(ev), "ballots": Ballot.choices})


@login_required
@require_POST
def evaluation_close(request: HttpRequest, pk: int) -> HttpResponse:
    ev = _evaluation(request, pk, "enter")
    with service_messages(request, _("The evaluation is closed; the results follow the rule set.")):
        services.evaluation_close(actor=request.user, evaluation=ev)
    return _back(ev.organization, ev.campaign)


@login_required
@require_POST
def result_handle(request: HttpRequest, pk: int) -> HttpResponse:
    r = get_scoped_or_404(Result.objects.select_related("evaluation__organization", "evaluation__campaign"), request.user, "enter",
                          via="evaluation__organization", pk=pk)
    form = HandlingForm(request.POST)
    if form.is_valid():
        with service_messages(request, _("The handling is recorded.")):
            services.result_handle(actor=request.user, result=r, handling=form.cleaned_data["handling"])
    else:
        messages.error(request, _("Say what handling was decided."))
    return _back(r.evaluation.organization, r.evaluation.campaign)


@login_required
def slips(request: HttpRequest, pk: int) -> HttpResponse:
    from core.slips import slips_pdf

    ev = _evaluation(request, pk, "enter")
    if ev.state != "open":
        raise Http404
    labels = dict(Ballot.choices)
    url = request.build_absolute_uri(reverse("members:vote"))
    data = slips_pdf(title=_("Democratic evaluation of members"), organization=ev.organization.name, entry_url=url,
                     codes=[(c.code, labels[c.category]) for c in ev.codes.filter(used=False)],
                     note=_("Scan the QR code with your phone, or open the address below and type the code. Each code votes once; your vote is secret."))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="member-eval-slips-{ev.pk}.pdf"'
    return response


@never_cache
def vote(request: HttpRequest) -> HttpResponse:
    """The public ballot: a code, then a grade for every member of the branch; no login. The code travels
    only in POST bodies (docs/rules.md §14): a QR code's ``#code`` fills the form in the browser."""
    code = request.POST.get("code", "").strip()[:32]
    error, done, ev = "", False, None
    if code:
        try:
            ev = services.ballot_check(code=code)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    members = list(ev.members.all()) if ev is not None else []
    if ev is not None and any(f"m{m.pk}" in request.POST for m in members):
        try:
            services.ballot_cast(code=code, grades={m.pk: request.POST.get(f"m{m.pk}", "") for m in members})
            done = True
        except ValidationError as exc:
            error = " ".join(exc.messages)
        except OperationalError:
            error = _("The server is busy. Please submit again.")
    return render(request, "members/vote.html", {
        "done": done, "ev": None if done else ev, "members": [] if done else members,
        "grades": Grade.choices, "entry_error": error, "entry_code": code, "entry_autosubmit": ev is None,
        "entry_method": "post", "entry_action": reverse("members:vote"), "posted": request.POST})
