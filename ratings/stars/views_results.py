"""Seed 002's results for the county: the township committees ranked by their final score, the first, second
and third prizes, and those criticised in a circular (通报批评), as a page and a PDF (docs/rules.md §7)."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from campaigns.selectors import campaign_for_request
from organizations.scope import has_role

from .selectors import assessment_deadlines, assessment_results_for


def _context(request: HttpRequest) -> dict:
    campaign = campaign_for_request(request)
    if campaign is None or not has_role(request.user, "county_reviewer", "township_staff"):
        raise Http404
    rs = campaign.ruleset
    self_due, unified_due = assessment_deadlines(campaign)
    rows = assessment_results_for(request.user, campaign)
    return {"campaign": campaign, "rows": rows, "self_due": self_due, "unified_due": unified_due,
            "threshold": rs.setting("assessment_criticised_at_or_below"),
            "prizes": [rs.setting("assessment_prizes_first"), rs.setting("assessment_prizes_second"),
                       rs.setting("assessment_prizes_third")],
            "winners": [r for r in rows if r.row.prize], "criticised": [r for r in rows if r.row.criticised]}


@login_required
def assessment_results(request: HttpRequest) -> HttpResponse:
    from .views import _campaigns

    return render(request, "ratings/stars/results.html", {**_context(request), "campaigns": _campaigns(request)})


@login_required
def assessment_results_pdf(request: HttpRequest) -> HttpResponse:
    from .views_docs import _pdf

    ctx = _context(request)
    campaign = ctx["campaign"]
    data = {"title": _("Results of the assessment of the township committees"), "organization_name": campaign.scope.name,
            "year": campaign.year, "signatures": [campaign.scope.name]}
    return _pdf("ratings/stars/pdf/results.html", {**ctx, "data": data}, f"assessment-results-{campaign.year}.pdf")
