"""The annual dossier (年度分类管理档案): one organisation's year bound as one A4 PDF, seed 000 §五(四) "更新分类管理
台账" (docs/rules.md §10). A cover (organisation, year, superior, printed date) and a contents page with page
numbers, then in order: the special survey report, the classification record with its four steps, the score
sheet and the star application, the public commitment and the responsibility agreement, the year-end record
and the public notices that concern the organisation; page numbered through ("第 x 页 共 y 页").

Each document is printed by the template and context its own app prints it with (the survey report's report
kind, ``ratings.stars.views_docs``, ``upgrades.views``); only the classification record and the year-end
record, which had no printed form, have their templates here. A document that does not exist yet is one
"尚无…" line of the contents instead of its page number.

Two report kinds, both rendered through reports/chunks.py: ``dossier`` (one organisation, a PDF) and
``dossier_batch`` (every rated organisation under a township or the county, a zip of one PDF per
organisation). Each organisation is one part: the worker that renders it reads its records and lays it out
(``dossier_book``), so the county's 800 dossiers spread over every Celery worker.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Callable, Mapping

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import Campaign
from campaigns.selectors import campaign_covering
from core.report_kinds import REPORTS, ReportKind, register, year_param
from organizations.models import Organization
from organizations.rules import RATED_KINDS
from organizations.scope import get_scoped_or_404, restrict

from .pdfparts import page_mark
from .renderers import pdf_context

Document = tuple[str, dict[str, Any]]  # (template, context) of one printed document
NUMERALS = "一二三四五六七八九十"  # the contents' entries, as a printed Chinese document numbers them


@dataclass
class Entry:
    """One line of the contents: a document printed (``html``) or the line saying it does not exist yet."""

    title: str
    missing: str
    html: str | None = None


def _context(context: dict[str, Any]) -> dict[str, Any]:
    """What every printed document's base template reads, and no page numbers of its own (the book's)."""
    return {**context, "generated": timezone.localtime(), "font_dir": settings.PDF_FONT_DIR.as_uri(), "unnumbered": True}


def _html(document: Document) -> str:
    template, context = document
    return render_to_string(template, _context(context))


# --- the documents, each as its app prints it ------------------------------------------------------

def _survey_report(org: Organization, campaign: Campaign, user: Any) -> list[Document]:
    from surveys.models import SurveyReport

    report = SurveyReport.objects.filter(organization=org, campaign=campaign).only("pk").first()
    if report is None:
        return []
    kind = REPORTS["survey_report"]
    run = SimpleNamespace(organization=org, organization_id=org.pk, requested_by=user, params={"report": report.pk})
    data = kind.build(run, lambda value: None)
    return [(kind.pdf_template, pdf_context(data))]


def _classification(org: Organization, campaign: Campaign, user: Any) -> list[Document]:
    from ratings.classification import rules
    from ratings.classification.choices import Level, MeetingKind
    from ratings.classification.models import Classification
    from ratings.classification.services import expected_meeting_kind, step_results

    c = Classification.objects.filter(organization=org, campaign=campaign).select_related("campaign__ruleset").first()
    if c is None:
        return []
    meetings = {m.step: m for m in c.meetings.filter(superseded=False).select_related("result").order_by("created")}
    tallies = step_results(c)
    ruleset = c.campaign.ruleset
    steps = []
    for step, label in ((1, _("Step 1: masses pre-rating")), (2, _("Step 2: member review")),
                        (3, _("Step 3: self-rating")), (4, _("Step 4: deliberation"))):
        m = meetings.get(step)
        result = getattr(m, "result", None) if m is not None else None
        row = {"step": step, "label": label, "meeting": m, "result": result,
               "kind": MeetingKind(expected_meeting_kind(c, step)).label if step in rules.MEETING_STEPS else "",
               "done": rules.STATE_STEP.get(c.state, 0) > step}
        if step in (1, 2) and result is not None and result.counts:
            row["distribution"] = [(label_, tallies[step].count(value), tallies[step].percent(value))
                                   for value, label_ in Level.choices]
        if step == 4 and result is not None and result.counts:
            row["tally"] = result.deliberation_tally()
            row["adoption"] = rules.adoption(row["tally"], threshold_percent=ruleset.setting("deliberation_adoption_percent"),
                                             strict=ruleset.setting("deliberation_adoption_strict"))
        steps.append(row)
    data = {"title": _("Classification record (four steps)"), "organization_name": org.name, "year": campaign.year,
            "subtitle": campaign.name, "signatures": [_("Branch secretary"), _("Township (seal)"), _("Date")]}
    return [("reports/pdf/dossier/classification.html",
             {"data": data, "c": c, "steps": steps, "reviews": list(c.reviews.select_related("actor"))})]


def _stars(org: Organization, campaign: Campaign, user: Any) -> tuple[list[Document], list[Document]]:
    from ratings.stars.models import ScoreSheet, StarApplication
    from ratings.stars.views_docs import APPLICATION_RELATED, application_document, sheet_document

    sheet = (ScoreSheet.objects.filter(organization=org, campaign=campaign)
             .select_related("organization", "campaign__ruleset", "template").prefetch_related("entries", "evidence__rules")
             .first())
    app = (StarApplication.objects.filter(organization=org, campaign=campaign).select_related(*APPLICATION_RELATED)
           .prefetch_related("approvals").first())
    return ([sheet_document(sheet)] if sheet else []), ([application_document(app)] if app else [])


def _commitment(org: Organization, campaign: Campaign, user: Any) -> tuple[list[Document], list[Document]]:
    from upgrades.models import Commitment
    from upgrades.views import agreement_document, commitment_document

    c = Commitment.objects.filter(organization=org, campaign=campaign).select_related("organization__parent", "campaign").first()
    if c is None:
        return [], []
    return [commitment_document(c)], [agreement_document(c)]


def _yearend(org: Organization, campaign: Campaign, user: Any) -> list[Document]:
    from upgrades.models import YearEnd
    from upgrades.services import approved_stars, satisfaction_by_category

    obj = YearEnd.objects.filter(organization=org, campaign=campaign).select_related("fixed_by").first()
    if obj is None:
        return []
    data = {"title": _("Year-end re-rating record"), "organization_name": org.name, "year": campaign.year,
            "subtitle": campaign.name, "signatures": [_("Branch secretary"), _("Superior organisation (seal)"), _("Date")]}
    return [("reports/pdf/dossier/yearend.html", {
        "data": data, "obj": obj, "approved_stars": approved_stars(campaign, org),
        "sat": satisfaction_by_category(obj, campaign.ruleset.setting("satisfaction_counts_basically")),
    })]


def _notices(org: Organization, campaign: Campaign, user: Any) -> list[Document]:
    """The star notice (公示) as it concerns the organisation: its row under notice and its published level."""
    from ratings.stars.models import StarRating
    from ratings.stars.selectors import notice_applications
    from ratings.stars.views_docs import notice_document

    apps = list(notice_applications(campaign).filter(organization=org))
    results = list(StarRating.objects.filter(campaign=campaign, organization=org).select_related("organization"))
    if not apps and not results:
        return []
    return [notice_document(campaign, apps, results)]


def entries_for(org: Organization, campaign: Campaign | None, user: Any) -> list[Entry]:
    """The contents of one dossier, in order, each document rendered to HTML (or missing)."""
    def docs(found: list[Document]) -> str | None:
        return _html(found[0]) if found else None

    if campaign is None:
        survey = record = sheet = application = commitment = agreement = yearend = notices = []
    else:
        survey, record = _survey_report(org, campaign, user), _classification(org, campaign, user)
        sheet, application = _stars(org, campaign, user)
        commitment, agreement = _commitment(org, campaign, user)
        yearend, notices = _yearend(org, campaign, user), _notices(org, campaign, user)
    return [
        Entry(_("Special survey report"), _("No special survey report yet."), docs(survey)),
        Entry(_("Classification record (four steps)"), _("No classification record yet."), docs(record)),
        Entry(_("Scoring sheet"), _("No score sheet yet."), docs(sheet)),
        Entry(_("Star rating application form"), _("No star application yet."), docs(application)),
        Entry(_("Public commitment"), _("No upgrade commitment yet."), docs(commitment)),
        Entry(_("Target responsibility agreement"), _("No responsibility agreement yet."), docs(agreement)),
        Entry(_("Year-end re-rating record"), _("No year-end re-rating yet."), docs(yearend)),
        Entry(_("Public notices"), _("No public notice concerns this organisation yet."), docs(notices)),
    ]


def dossier_book(*, organization_id: int, year: int, user_id: int) -> dict[str, Any]:
    """One organisation's dossier as a book part (reports/pdfparts.py ``render_book``). The organisation
    is checked against the requester's scope again: a run renders long after it was asked for."""
    user = get_user_model().objects.get(pk=user_id)
    org = get_scoped_or_404(Organization.objects.select_related("parent"), user, "report", pk=organization_id)
    campaign = campaign_covering(org, year)
    entries = entries_for(org, campaign, user)
    sections, rows = [], []
    for number, entry in enumerate(entries, start=1):
        page = None
        if entry.html is not None:
            page = page_mark(len(sections))
            sections.append(entry.html)
        rows.append({"number": NUMERALS[number - 1], "title": entry.title, "page": page, "missing": entry.missing})
    front = render_to_string("reports/pdf/dossier/front.html", _context({
        "data": {"title": _("Annual dossier"), "organization_name": org.name, "year": year},
        "org": org, "year": year, "campaign": campaign, "superior": org.parent.name if org.parent_id else "",
        "rows": rows,
    }))
    return {"engine": "book", "front": front, "sections": sections}


# --- the report kinds -------------------------------------------------------------------------------

def _year(run: Any) -> int:
    return int((run.params or {}).get("year") or timezone.localdate().year)


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


def _part(run: Any, org_id: int, year: int, filename: str) -> dict[str, Any]:
    return {"engine": "dossier", "organization": org_id, "year": year, "user": run.requested_by_id, "filename": filename}


def dossier_params(user: Any, organization: Organization, data: Mapping[str, Any]) -> dict[str, Any]:
    """The year (optional); only a rated organisation has a dossier."""
    if organization.kind not in RATED_KINDS:
        raise ValidationError(_("Only a rated organisation (township, committee or branch) has an annual dossier."))
    return year_param(user, organization, data)


def dossier_one(run: Any, progress: Callable[[int], None]) -> tuple[list[dict[str, Any]], str, str]:
    year = _year(run)
    name = f"{run.organization.name}-{year}{_('Annual dossier')}-{_stamp()}.pdf"
    return [_part(run, run.organization_id, year, name)], name, "plain"


def dossier_batch(run: Any, progress: Callable[[int], None]) -> tuple[list[dict[str, Any]], str, str]:
    """Every rated organisation of the subtree in the requester's scope, one part each, in tree order."""
    year = _year(run)
    root = run.organization
    orgs = (restrict(Organization.objects.filter(path__under=root.path, is_active=True, kind__in=RATED_KINDS),
                     run.requested_by).order_by("path").values_list("pk", "name"))
    parts = [_part(run, pk, year, f"{n:04d}-{name}-{year}.pdf") for n, (pk, name) in enumerate(orgs, start=1)]
    if not parts:
        raise ValidationError(_("There is no rated organisation here, so there is no dossier to print."))
    return parts, f"{root.name}-{year}{_('Annual dossiers')}-{_stamp()}.zip", "zip"


def _no_table(run: Any, progress: Callable[[int], None]) -> Any:
    raise LookupError("the annual dossier is a bound document, rendered in parts (ReportKind.chunked)")


register(ReportKind(key="dossier", label=gettext_lazy("Annual dossier"), build=_no_table, formats=("pdf",),
                    params=dossier_params, chunked=dossier_one))
register(ReportKind(key="dossier_batch", label=gettext_lazy("Annual dossiers of every organisation"), build=_no_table,
                    formats=("zip",), params=year_param, chunked=dossier_batch))
