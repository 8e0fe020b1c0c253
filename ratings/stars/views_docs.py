"""Printed documents and public pages of the star part: the score sheet and the application form as PDF,
the public notice (公示, no login, phone-friendly, and as PDF), objections, and the filing lists (备案)."""
from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from campaigns.selectors import campaign_for_request
from core.views import service_errors
from core.xlsx import Column, write_table
from organizations.scope import get_scoped_or_404, has_role, restrict

from . import services as services
from .choices import AppState, Stage
from .forms import ObjectionForm
from .models import ScoringSection, StarApplication, StarRating
from .rules import CRITERIA_SETS
from .selectors import notice_applications, template_with_rules
from .views import _campaigns, _rows, _section_totals, _suggestion

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _pdf(template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    """Small one-off PDFs render synchronously, like reports/renderers.py, with its base template and font."""
    from weasyprint import HTML

    context = {**context, "generated": timezone.localtime(), "font_dir": settings.PDF_FONT_DIR.as_uri()}
    html = render_to_string(template, context)
    data = HTML(string=html, base_url=str(settings.PDF_FONT_DIR)).write_pdf()
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def sheet_document(sheet: Any) -> tuple[str, dict[str, Any]]:
    """The printed score sheet's template and context (the sheet loaded as ``views._sheet`` loads it); the
    sheet PDF and the annual dossier (reports/dossier.py) print the same."""
    template = template_with_rules(sheet.template_id)
    stages = [Stage.SELF, Stage.REVIEWER, Stage.FINAL]
    results = {st: _section_totals(sheet, template, st) for st in stages}
    sections = []
    for block in _rows(template, sheet, stages):
        s = block["section"]
        block["scores"] = [(results[st].section(s.pk).score if results[st] else None) for st in stages]
        sections.append(block)
    data = {"title": _("Scoring sheet"), "organization_name": sheet.organization.name, "year": sheet.campaign.year,
            "subtitle": template.name, "landscape": True,
            "signatures": [_("Self-scored by (branch)"), _("Reviewed by (township)"), _("Confirmed by (county)")]}
    return "ratings/stars/pdf/sheet.html", {"data": data, "sheet": sheet, "template": template, "sections": sections}


@login_required
def sheet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from .views import _sheet

    sheet = _sheet(request, pk)
    template, context = sheet_document(sheet)
    return _pdf(template, context, f"score-sheet-{sheet.pk}.pdf")


def application_document(app: StarApplication) -> tuple[str, dict[str, Any]]:
    """The printed application form's template and context (shared with the annual dossier)."""
    total, decision = _suggestion(app)
    criteria = CRITERIA_SETS.get(app.campaign.ruleset.setting("star_criteria_set"), {})
    data = {"title": _("Star rating application form"), "organization_name": "", "year": app.campaign.year}
    return "ratings/stars/pdf/application.html", {
        "data": data, "app": app, "total": total, "decision": decision,
        "criteria": [(lv, [(t, bool((app.criteria_met or {}).get(str(lv), [False] * len(items))[i])) for i, t in enumerate(items)])
                     for lv, items in criteria.items() if lv <= app.requested_level],
        "approvals": {a.decision: a for a in app.approvals.all()},
    }


APPLICATION_RELATED = ("organization__parent", "campaign__ruleset", "sheet__template")


@login_required
def application_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    app = get_scoped_or_404(StarApplication.objects.select_related(*APPLICATION_RELATED)
                            .prefetch_related("approvals"), request.user, pk=pk)
    template, context = application_document(app)
    return _pdf(template, context, f"star-application-{app.pk}.pdf")


def _public_campaign(token: Any) -> Campaign:
    """The public pages are addressed by the campaign's random token, never by its sequential id."""
    return get_object_or_404(Campaign.objects.select_related("scope", "ruleset"), public_token=token)


def notice_public(request: HttpRequest, token: Any) -> HttpResponse:
    """公示: no login. Shows 4-5 star proposals under notice and after; objections can be raised while open."""
    campaign = _public_campaign(token)
    today = timezone.localdate()
    apps = list(notice_applications(campaign))
    _score_shares(apps)
    return render(request, "ratings/stars/notice_public.html", {"campaign": campaign, "apps": apps, "today": today,
                                                                 "results": _published(campaign)})


def _score_shares(apps: list[StarApplication]) -> None:
    """Sheets of different templates have different maxima (30.00 of 35 beside 105.00 of 110): give each
    application its score (final, else reviewer), its sheet's maximum and the share of it (one query)."""
    template_ids = {a.sheet.template_id for a in apps if a.sheet is not None}
    maxima = dict(ScoringSection.objects.filter(template_id__in=template_ids).values("template_id")
                  .annotate(total=Sum("max_points")).values_list("template_id", "total"))
    for a in apps:
        sheet = a.sheet
        a.score = None if sheet is None else (sheet.final_total if sheet.final_total is not None else sheet.reviewer_total)
        a.score_max = maxima.get(sheet.template_id) if sheet is not None else None
        a.score_share = (a.score * 100 / a.score_max).quantize(Decimal("0.1")) if a.score is not None and a.score_max else None


def _published(campaign: Campaign) -> list[StarRating]:
    """After the rating the results of every level are published for members and masses [seed 004 二]."""
    return list(StarRating.objects.filter(campaign=campaign).select_related("organization").order_by("-level", "organization__path"))


def notice_document(campaign: Campaign, apps: list[StarApplication], results: list[StarRating]) -> tuple[str, dict[str, Any]]:
    """The printed public notice's template and context; the annual dossier passes one organisation's rows."""
    data = {"title": _("Public notice of proposed four- and five-star organisations"), "organization_name": campaign.scope.name,
            "year": campaign.year, "signatures": [campaign.scope.name]}
    return "ratings/stars/pdf/notice.html", {"data": data, "campaign": campaign, "apps": apps, "results": results}


def notice_pdf(request: HttpRequest, token: Any) -> HttpResponse:
    campaign = _public_campaign(token)
    template, context = notice_document(campaign, list(notice_applications(campaign)), _published(campaign))
    return _pdf(template, context, f"notice-{campaign.pk}.pdf")


def notice_object(request: HttpRequest, token: Any) -> HttpResponse:
    """An objection to one organisation under notice; no login. Addressed by the application's random token."""
    app = get_object_or_404(StarApplication.objects.select_related("organization", "campaign"), public_token=token,
                            state=AppState.NOTICE)
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            services.objection_create(application=app, **form.cleaned_data)
            messages.success(request, _("Thank you: your objection is recorded and will be answered."))
            return redirect("stars:star-notice", token=app.campaign.public_token)
    return render(request, "ratings/stars/notice_object.html", {"form": form, "app": app})


def _filing_rows(user: Any, campaign: Campaign) -> dict[int, list[StarRating]]:
    """New 4-star (filed with the city) and 5-star (with the province) organisations [seed 004 三]: approved
    this year at that level, and not at that level or above the year before."""
    ratings = list(restrict(StarRating.objects.filter(campaign=campaign, approved_level__gte=4), user)
                   .select_related("organization__parent", "application").order_by("organization__path"))
    previous = dict(StarRating.objects.filter(organization_id__in=[r.organization_id for r in ratings], year=campaign.year - 1)
                    .values_list("organization_id", "level"))
    lists: dict[int, list[StarRating]] = {5: [], 4: []}
    for r in ratings:
        if previous.get(r.organization_id, 0) < r.approved_level:
            lists[r.approved_level].append(r)
    return lists


@login_required
def filing(request: HttpRequest) -> HttpResponse:
    campaign = campaign_for_request(request)
    if campaign is None or not has_role(request.user, "county_reviewer", "township_staff"):
        raise Http404
    return render(request, "ratings/stars/filing.html", {"campaign": campaign, "campaigns": _campaigns(request),
                                                         "lists": _filing_rows(request.user, campaign)})


@login_required
def filing_xlsx(request: HttpRequest) -> FileResponse:
    campaign = campaign_for_request(request)
    if campaign is None or not has_role(request.user, "county_reviewer", "township_staff"):
        raise Http404
    lists = _filing_rows(request.user, campaign)
    rows = []
    for level, filed_with in ((5, _("provincial organisation department")), (4, _("city organisation department"))):
        for r in lists[level]:
            o = r.organization
            rows.append([len(rows) + 1, o.name, o.parent.name if o.parent_id else "", o.get_domain_display(), o.member_count,
                         o.secretary_name, "★" * level, filed_with])
    buffer = io.BytesIO()
    write_table(buffer, title=f"{campaign.year} {_('Filing list of new four- and five-star organisations')}", columns=[
        Column(_("No."), 5), Column(_("Organisation"), 30), Column(_("Parent"), 20), Column(_("Domain"), 12),
        Column(_("Members"), 8, "0"), Column(_("Secretary"), 10), Column(_("Level"), 8),
        Column(_("Filed with"), 18)], rows=rows)
    return FileResponse(io.BytesIO(buffer.getvalue()), as_attachment=True, filename=f"filing-{campaign.year}.xlsx", content_type=XLSX)
