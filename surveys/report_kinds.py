"""Survey reports through the report engine: one branch's special survey report (专题调研报告) and the
township's compilation of its branches' reports (docs/rules.md §10).

Registered in core's registry (core/report_kinds.py); the survey pages post to the reports app's
request view (``reports:run-request``) with ``kind``, ``fmt``, ``organization`` and ``report`` (the
survey report's id) or ``campaign``. The parameter readers below check them against the requester's
scope when the run is asked for, and the builders check again when it is rendered."""
from __future__ import annotations

from typing import Any, Callable, Mapping

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.selectors import campaign_from_value, campaigns_for
from core.choices import ParticipantCategory
from core.localtime import local_day
from core.report_kinds import ReportData, ReportKind, int_param, register
from core.xlsx import Column
from organizations.models import Organization
from organizations.scope import get_scoped_or_404, restrict

from .models import REPORT_SECTIONS, TEAM_REPORT_SECTIONS, SurveyReport, SurveyRound, SurveySummary, SurveyTeam
from .selectors import overall_satisfaction, overview_rows, round_quorum, round_results

CATS = ParticipantCategory.choices


def _round_rows(rounds: list[SurveyRound], count_basic: bool) -> tuple[list[list[Any]], list[dict[str, Any]]]:
    rows, blocks = [], []
    sat = overall_satisfaction([r.pk for r in rounds], count_basic=count_basic)
    for r in rounds:
        status = round_quorum(r)
        rate = sat.get(r.pk)
        rows.append([r.title, r.get_status_display(), *[status.counts.get(c, 0) for c, _l in CATS], status.total,
                     f"{status.result.masses_percent:.1f}%" if status.result and status.result.masses_percent is not None else "-",
                     status.result.summary if status.result else "-", f"{rate}%" if rate is not None else "-"])
        if r.status == "closed":
            results, _resp, _overall = round_results(r, count_basic=count_basic)
            blocks.append({"round": r, "results": [x for x in results if x.question.kind != "text"]})
    return rows, blocks


def survey_report_params(user: Any, organization: Organization, data: Mapping[str, Any]) -> dict[str, Any]:
    """``report``: a survey report of ``organization`` the user may report on (else 404)."""
    pk = int_param(data, "report")
    if pk is None:
        raise Http404
    report = get_scoped_or_404(SurveyReport, user, "report", pk=pk, organization=organization)
    return {"report": report.pk}


def survey_summary_params(user: Any, organization: Organization, data: Mapping[str, Any]) -> dict[str, Any]:
    """``campaign``: the one posted if the user sees it (malformed or foreign: 404), else the user's
    current one (404 if none)."""
    campaign = campaign_from_value(user, data.get("campaign"))
    if campaign is None:
        raise Http404
    return {"campaign": campaign.pk}


def build_survey_report(run: Any, progress: Callable[[int], None]) -> ReportData:
    report = get_scoped_or_404(SurveyReport.objects.select_related("organization", "campaign__ruleset"),
                               run.requested_by, "report", pk=run.params.get("report"),
                               organization_id=run.organization_id)
    count_basic = report.campaign.ruleset.setting("satisfaction_rate_counts_basic")
    rounds = list(SurveyRound.objects.filter(organization=report.organization, campaign=report.campaign)
                  .select_related("organization", "campaign", "template").order_by("created"))
    progress(30)
    rows, blocks = _round_rows(rounds, count_basic)
    progress(80)
    sections = [(str(title), getattr(report, field)) for field, title, _h in REPORT_SECTIONS]
    status = report.get_status_display()
    if report.submitted_at:
        status += _(", submitted %(when)s") % {"when": local_day(report.submitted_at)}
    if report.is_late:
        status += _(" (late)")
    return ReportData(
        title=_("Special survey report"), organization_name=report.organization.name, year=report.campaign.year,
        subtitle=report.campaign.name,
        columns=[Column(_("Survey round"), 28), Column(_("Status"), 8), *[Column(str(label), 8, "0") for _c, label in CATS],
                 Column(_("Total"), 7, "0"), Column(_("Masses share"), 9), Column(_("Quorum"), 22), Column(_("Satisfaction rate"), 10)],
        rows=rows, notes=[_("Report status: %(s)s") % {"s": status}],
        signatures=[_("Branch secretary"), _("Date"), _("Seal")],
        extra={"sections": sections, "blocks": blocks, "cats": CATS},
    )


def build_survey_summary(run: Any, progress: Callable[[int], None]) -> ReportData:
    root = run.organization
    user = run.requested_by
    campaign = campaigns_for(user).filter(pk=run.params.get("campaign")).first()  # still visible to the requester
    if campaign is None:
        raise Http404
    count_basic = campaign.ruleset.setting("satisfaction_rate_counts_basic")
    orgs = list(restrict(Organization.objects.filter(path__under=root.path, is_active=True, kind="branch"), user)
                .order_by("path"))
    rows_data = overview_rows(orgs, campaign)
    progress(40)
    main_rounds = [r.rounds[-1].pk for r in rows_data if r.rounds]
    sat = overall_satisfaction(main_rounds, count_basic=count_basic)
    rows = []
    submitted = late = 0
    texts = []
    for n, row in enumerate(rows_data, start=1):
        rep = row.report
        done = rep is not None and rep.status in ("submitted", "accepted")
        submitted += done
        late += bool(rep and rep.is_late)
        q = row.quorum
        rate = sat.get(row.rounds[-1].pk) if row.rounds else None
        rows.append([
            n, row.org.name, row.org.get_domain_display(),
            q.total if q else 0, (f"{q.result.masses_percent:.1f}%" if q and q.result and q.result.masses_percent is not None else "-"),
            (_("met") if q and q.result and q.result.ok else (q.result.summary if q and q.result else _("no round"))),
            f"{rate}%" if rate is not None else "-",
            rep.get_status_display() if rep else _("Not started"),
            local_day(rep.submitted_at) if rep else "",
            _("late") if rep and rep.is_late else "",
        ])
        if done:
            texts.append({"org": row.org.name, "sections": [(str(t), getattr(rep, f)) for f, t, _h in REPORT_SECTIONS if getattr(rep, f)]})
    progress(80)
    summary = SurveySummary.objects.filter(organization=root, campaign=campaign).first()
    own = []
    if summary:
        own = [(_("Overall situation"), summary.overview), (_("Common problems"), summary.common_problems),
               (_("Next steps"), summary.measures)]
    return ReportData(
        title=_("Survey report compilation"), organization_name=root.name, year=campaign.year, subtitle=campaign.name,
        landscape=True,
        columns=[Column(_("No."), 5), Column(_("Organisation"), 26), Column(_("Domain"), 10), Column(_("Respondents"), 8, "0"),
                 Column(_("Masses share"), 8), Column(_("Quorum"), 24), Column(_("Satisfaction rate"), 9),
                 Column(_("Special report"), 8), Column(_("Submitted"), 10), Column(_("Late"), 6)],
        rows=rows,
        totals=["", _("%(n)d organisations, %(s)d reports submitted, %(l)d late") % {"n": len(rows), "s": submitted, "l": late},
                "", "", "", "", "", "", "", ""],
        signatures=[_("Prepared by"), _("Reviewed by"), _("Seal")],
        extra={"own": [(str(t), x) for t, x in own if x], "texts": texts},
    )


def survey_team_params(user: Any, organization: Organization, data: Mapping[str, Any]) -> dict[str, Any]:
    """``team``: a survey team set up by ``organization`` that the user may report on (else 404)."""
    pk = int_param(data, "team")
    if pk is None:
        raise Http404
    team = get_scoped_or_404(SurveyTeam, user, "report", pk=pk, organization=organization)
    return {"team": team.pk}


def build_survey_team_report(run: Any, progress: Callable[[int], None]) -> ReportData:
    """The team's special report as it goes to the county: the roster as the seed's 附件1 lists it, the
    organisations covered beside their own reports, and the report's sections."""
    from .selectors import team_covered_rows

    team = get_scoped_or_404(SurveyTeam.objects.select_related("organization", "campaign"), run.requested_by, "report",
                             pk=run.params.get("team"), organization_id=run.organization_id)
    members = list(team.members.all())
    progress(40)
    covered = [(o.name, o.get_domain_display(), r.get_status_display() if r else _("Not started"))
               for o, r in team_covered_rows(team)]
    status = team.get_status_display()
    if team.submitted_at:
        status += _(", submitted %(when)s") % {"when": local_day(team.submitted_at)}
    if team.is_late:
        status += _(" (late)")
    if team.decided_at and team.status == "approved":
        status += _(", approved %(when)s") % {"when": local_day(team.decided_at)}
    return ReportData(
        title=_("Special report of the survey team"), organization_name=team.organization.name, year=team.campaign.year,
        subtitle=team.name,
        columns=[Column(_("Post on the team"), 14), Column(_("Name"), 14), Column(_("Post (职务)"), 30)],
        rows=[[m.get_role_display(), m.name, m.post] for m in members],
        notes=[_("Report status: %(s)s") % {"s": status}],
        signatures=[_("Team leader"), _("Date"), _("Seal")],
        extra={"sections": [(str(t), getattr(team, f)) for f, t, _h in TEAM_REPORT_SECTIONS], "covered": covered},
    )


register(ReportKind(key="survey_report", label=gettext_lazy("Special survey report"), build=build_survey_report,
                    pdf_template="surveys/pdf/survey_report.html", params=survey_report_params))
register(ReportKind(key="survey_summary", label=gettext_lazy("Survey report compilation"), build=build_survey_summary,
                    pdf_template="surveys/pdf/survey_summary.html", params=survey_summary_params))
register(ReportKind(key="survey_team_report", label=gettext_lazy("Special report of the survey team"),
                    build=build_survey_team_report, formats=("pdf",), pdf_template="surveys/pdf/survey_team_report.html",
                    params=survey_team_params))
