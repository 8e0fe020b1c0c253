"""Pages of the survey teams (调查组, seed 000 §二(三) and 附件1). Thin: fetch through the scope helpers, call one
selector or service (surveys.teams)."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.selectors import campaign_for_request
from core.views import service_errors, service_messages
from core.workflow import REOPEN
from organizations.models import Organization
from organizations.scope import can, get_scoped_or_404, pk_param, restrict

from . import teams
from .choices import TeamRole
from .forms import TeamDecisionForm, TeamForm, TeamReportForm
from .models import TEAM_REPORT_SECTIONS, SurveyTeam
from .selectors import team_covered_rows, team_list, teams_for


def _campaign(request: HttpRequest):
    campaign = campaign_for_request(request)
    if campaign is None:
        raise Http404
    return campaign


def _team(request: HttpRequest, pk: int) -> SurveyTeam:
    return get_scoped_or_404(teams_for(request.user), request.user, pk=pk)


def _setter_orgs(request: HttpRequest):
    return restrict(Organization.objects.filter(kind__in=teams.TEAM_KINDS, is_active=True), request.user, "enter").order_by("path")


def _covers(org: Organization):
    return Organization.objects.filter(path__under=org.path, is_active=True).exclude(pk=org.pk).order_by("path")


@login_required
def team_list_page(request: HttpRequest) -> HttpResponse:
    campaign = _campaign(request)
    return render(request, "surveys/team_list.html", {
        "campaign": campaign, "teams": team_list(request.user, campaign), "setters": list(_setter_orgs(request)[:20])})


@login_required
def team_create(request: HttpRequest) -> HttpResponse:
    campaign = _campaign(request)
    setters = _setter_orgs(request)
    if "org" not in request.GET and len(setters[:2]) == 1:
        org = setters[0]  # a township's staff: their own township
    else:
        org = get_scoped_or_404(setters, request.user, "enter", pk=pk_param(request.GET, "org") or 0)
    form = TeamForm(request.POST or None, covers=_covers(org), submit_label=_("Set up the team"),
                    initial={"name": _("%(org)s survey team") % {"org": org.name.removesuffix("党委")}})
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            team = teams.survey_team_create(actor=request.user, campaign=campaign, organization=org, **form.cleaned_data)
            messages.success(request, _("The survey team is set up. Write its special report when the survey is done."))
            return redirect("surveys:team-detail", pk=team.pk)
    return render(request, "core/form_page.html", {"form": form, "title": _("New survey team of %(org)s") % {"org": org.name},
                                                   "subtitle": _("Seed 000 §二(三): the township leads the survey of its branches.")})


@login_required
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team(request, pk)
    members = list(team.members.all())
    roster = [(label, [m for m in members if m.role == role]) for role, label in TeamRole.choices]
    return render(request, "surveys/team_detail.html", {
        "team": team, "roster": roster, "covered": team_covered_rows(team), "actions": teams.actions_for(request.user, team),
        "sections": [(title, getattr(team, f)) for f, title, _h in TEAM_REPORT_SECTIONS],
        "decision_form": TeamDecisionForm(), "can_export": can(request.user, "report", team.organization)})


@login_required
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team(request, pk)
    if "edit" not in teams.actions_for(request.user, team):
        raise Http404
    initial = {"name": team.name, "covers": list(team.covers.all()),
               **{field: teams.roster_text(team, role) for field, role in teams.ROSTER_FIELDS}}
    form = TeamForm(request.POST or None, covers=_covers(team.organization), submit_label=_("Save"), initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            teams.survey_team_update(actor=request.user, team=team, **form.cleaned_data)
            messages.success(request, _("Team saved."))
            return redirect("surveys:team-detail", pk=team.pk)
    return render(request, "core/form_page.html", {"form": form, "title": _("Edit %(name)s") % {"name": team.name}})


@login_required
def team_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The team's special report: the township writes it, saves drafts and submits it to the county."""
    team = _team(request, pk)
    if "edit" not in teams.actions_for(request.user, team):
        raise Http404
    form = TeamReportForm(request.POST or None, initial={f: getattr(team, f) for f, _t, _h in TEAM_REPORT_SECTIONS})
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            teams.survey_team_report_save(actor=request.user, team=team, **form.cleaned_data)
            if "submit" in request.POST:
                teams.survey_team_submit(actor=request.user, team=team)
            messages.success(request, _("Report submitted to the county.") if "submit" in request.POST else _("Report saved."))
            return redirect("surveys:team-detail", pk=team.pk)
    return render(request, "surveys/team_report.html", {"team": team, "form": form})


@login_required
@require_POST
def team_decide(request: HttpRequest, pk: int, transition: str) -> HttpResponse:
    """The county approves, returns or reopens the team's report (a reason for the last two)."""
    team = _team(request, pk)
    service = teams.DECISIONS.get(transition)
    if service is None or not teams.is_superior(request.user, team):
        raise Http404
    form = TeamDecisionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    done = {"approve": _("The report is approved."), "return": _("The report is returned to the township."),
            REOPEN: _("The report is reopened for a new decision.")}[transition]
    with service_messages(request, done):
        service(actor=request.user, team=team, reason=reason)
    return redirect(reverse("surveys:team-detail", args=[team.pk]))
