"""The star ledger (星级台账, docs/rules.md §10) as a background report: one row per organisation of the subtree
with its application, score, levels and the year's rating. Found by core's registry autodiscovery."""
from __future__ import annotations

from typing import Any, Callable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.selectors import campaign_covering
from core.report_kinds import ReportData, ReportKind, register, year_param
from core.xlsx import Column
from organizations.models import Organization
from organizations.scope import restrict

from .models import StarApplication, StarRating
from .selectors import RATED_KINDS


def build_star_ledger(run: Any, progress: Callable[[int], None]) -> ReportData:
    root = run.organization
    year = int((run.params or {}).get("year") or timezone.localdate().year)
    orgs = list(restrict(Organization.objects.filter(path__under=root.path, is_active=True, kind__in=RATED_KINDS),
                         run.requested_by).select_related("parent").order_by("path"))
    ids = [o.pk for o in orgs]
    apps = {a.organization_id: a for a in StarApplication.objects.filter(organization_id__in=ids, campaign__year=year).select_related("sheet")}
    ratings = {r.organization_id: r for r in StarRating.objects.filter(organization_id__in=ids, year=year)}
    previous = dict(StarRating.objects.filter(organization_id__in=ids, year=year - 1).values_list("organization_id", "level"))
    progress(60)
    rows = []
    for n, o in enumerate(orgs, start=1):
        a, r = apps.get(o.pk), ratings.get(o.pk)
        sheet = a.sheet if a else None
        score = None
        if sheet is not None:
            score = next((v for v in (sheet.final_total, sheet.reviewer_total, sheet.self_total) if v is not None), None)
        rows.append([n, o.name, o.parent.name if o.parent_id else "", o.get_domain_display(), o.member_count, o.secretary_name,
                     score, a.requested_level if a else None, a.proposed_level if a else None,
                     r.level if r else None, previous.get(o.pk), a.get_state_display() if a else ""])
    rated = sum(1 for row in rows if row[9])
    return ReportData(
        title=_("Star ledger"), organization_name=root.name, year=year, landscape=True,
        columns=[Column(_("No."), 5), Column(_("Organisation"), 26), Column(_("Parent"), 16), Column(_("Domain"), 10),
                 Column(_("Members"), 7, "0"), Column(_("Secretary"), 8), Column(_("Score"), 8, "0.00"),
                 Column(_("Applied"), 7, "0"), Column(_("Proposed"), 7, "0"), Column(_("Approved level"), 7, "0"),
                 Column(_("Last year"), 7, "0"), Column(_("State"), 12)],
        rows=rows, totals=["", _("Total: %(n)d organisations, %(r)d rated") % {"n": len(rows), "r": rated}] + [""] * 10,
        signatures=[_("Prepared by"), _("Reviewed by"), _("Seal")],
    )


register(ReportKind(key="star_ledger", label=gettext_lazy("Star ledger"), build=build_star_ledger, params=year_param))


def build_star_filing(run: Any, progress: Callable[[int], None]) -> ReportData:
    """The filing list of new 4-star (city) and 5-star (province) organisations as a printed document with
    signature and seal blocks [seed 004 三] — the same rows as the filing page and its xlsx."""
    from .views_docs import _filing_rows

    year = int((run.params or {}).get("year") or timezone.localdate().year)
    campaign = campaign_covering(run.organization, year)
    lists = _filing_rows(run.requested_by, campaign) if campaign is not None else {5: [], 4: []}
    rows = []
    for level, filed_with in ((5, _("provincial organisation department")), (4, _("city organisation department"))):
        for r in lists[level]:
            if not r.organization.path.startswith(run.organization.path):
                continue
            o = r.organization
            rows.append([len(rows) + 1, o.name, o.parent.name if o.parent_id else "", o.get_domain_display(),
                         o.member_count, o.secretary_name, "★" * level, filed_with])
    return ReportData(
        title=_("Filing list of new four- and five-star organisations"), organization_name=run.organization.name,
        year=year, rows=rows,
        columns=[Column(_("No."), 5, "0"), Column(_("Organisation"), 30), Column(_("Parent"), 20), Column(_("Domain"), 12),
                 Column(_("Members"), 8, "0"), Column(_("Secretary"), 10), Column(_("Level"), 8), Column(_("Filed with"), 18)],
        signatures=[_("Prepared by"), _("Person in charge"), _("Organisation (seal)")],
    )


register(ReportKind(key="star_filing", label=gettext_lazy("Filing list of new four- and five-star organisations"),
                    build=build_star_filing, params=year_param))
