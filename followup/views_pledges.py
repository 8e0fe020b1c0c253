"""Views of pledges kept: thin — check access, call one service, render or redirect."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.selectors import campaign_for_request
from core.views import service_messages
from organizations.models import Organization
from organizations.rules import RATED_KINDS
from organizations.scope import can, get_scoped_or_404
from upgrades.models import MemberPledge

from . import pledges as services
from .models import CadreCommitment, PledgeResult


def _campaign(request: HttpRequest):
    campaign = campaign_for_request(request)
    if campaign is None:
        raise Http404
    return campaign


def _back(org_id: int, campaign_id: int) -> HttpResponse:
    return redirect(reverse("followup:pledges", args=[org_id]) + f"?campaign={campaign_id}")


@login_required
def pledges(request: HttpRequest, org_pk: int) -> HttpResponse:
    campaign = _campaign(request)
    org = get_scoped_or_404(Organization.objects.select_related("parent"), request.user, "view", pk=org_pk)
    member_pledges = MemberPledge.objects.filter(commitment__campaign=campaign, commitment__organization=org).select_related("assessment")
    cadres = CadreCommitment.objects.filter(campaign=campaign, organization=org)
    return render(request, "followup/pledges.html", {
        "campaign": campaign, "org": org, "member_pledges": member_pledges, "cadres": cadres, "results": PledgeResult.choices,
        "may_enter": can(request.user, "enter", org), "may_assess": org.parent is not None and can(request.user, "assess", org.parent)})


@login_required
@require_POST
def pledge_assess(request: HttpRequest, pk: int) -> HttpResponse:
    p = get_scoped_or_404(MemberPledge.objects.select_related("commitment"), request.user, "view", via="commitment__organization", pk=pk)
    with service_messages(request, _("The pledge is assessed.")):
        services.pledge_assess(actor=request.user, pledge=p, result=request.POST.get("result", ""), note=request.POST.get("note", ""))
    return _back(p.commitment.organization_id, p.commitment.campaign_id)


@login_required
@require_POST
def cadre_add(request: HttpRequest, org_pk: int) -> HttpResponse:
    campaign = _campaign(request)
    org = get_scoped_or_404(Organization, request.user, "enter", pk=org_pk)
    with service_messages(request, _("The commitment is added.")):
        services.cadre_commitment_add(actor=request.user, campaign=campaign, organization=org, cadre=request.POST.get("cadre", ""),
                                      post=request.POST.get("post", ""), text=request.POST.get("text", ""))
    return _back(org.pk, campaign.pk)


@login_required
@require_POST
def cadre_assess(request: HttpRequest, pk: int) -> HttpResponse:
    c = get_scoped_or_404(CadreCommitment, request.user, "view", pk=pk)
    with service_messages(request, _("The commitment is assessed.")):
        services.cadre_commitment_assess(actor=request.user, commitment=c, result=request.POST.get("result", ""),
                                         accountability=request.POST.get("accountability", ""))
    return _back(c.organization_id, c.campaign_id)


@login_required
def pledge_list(request: HttpRequest) -> HttpResponse:
    """Branches with their pledges and cadres' commitments, assessed of total (grouped counts, fixed queries)."""
    from django.db.models import Count, Q

    from organizations.scope import restrict, scope_paths

    campaign = _campaign(request)
    if not scope_paths(request.user):
        raise Http404
    orgs = restrict(Organization.objects.filter(kind__in=RATED_KINDS, is_active=True,
                                                path__under=campaign.scope.path), request.user).select_related("parent").annotate(
        n_pledges=Count("commitments__pledges", filter=Q(commitments__campaign=campaign), distinct=True),
        n_assessed=Count("commitments__pledges__assessment", filter=Q(commitments__campaign=campaign), distinct=True),
        n_cadres=Count("cadre_commitments", filter=Q(cadre_commitments__campaign=campaign), distinct=True),
    ).order_by("path")
    return render(request, "followup/pledge_list.html", {"campaign": campaign, "orgs": orgs})
