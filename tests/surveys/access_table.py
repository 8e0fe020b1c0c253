"""Every URL of the survey app × the six actors (tests/access.py). Public code pages answer everyone."""
from __future__ import annotations

import datetime
from typing import Any

from django.core.files.base import ContentFile

from tests.access import LOGIN, Case, everyone


def _rounds(demo: Any) -> dict[str, Any]:
    return demo.ctx.extra["surveys"]["rounds"]


def open_round(demo: Any) -> dict[str, Any]:
    return {"pk": _rounds(demo)["东方村党支部"].pk}  # the branch's own round, open, below quorum


def closed_round(demo: Any) -> dict[str, Any]:
    return {"pk": _rounds(demo)["红旗村党支部"].pk}  # branch2's round, closed with quorum


def township_copy(demo: Any) -> Any:
    from surveys import services
    from surveys.models import QuestionnaireTemplate

    builtin = QuestionnaireTemplate.objects.filter(owner__isnull=True, category="village_community").first()
    return services.template_copy(actor=demo.users["township"], template=builtin, owner=demo.township, name="金星乡问卷")


def builtin_template(demo: Any) -> dict[str, Any]:
    from surveys.models import QuestionnaireTemplate

    return {"pk": QuestionnaireTemplate.objects.filter(owner__isnull=True).first().pk}


def copy_question(demo: Any) -> dict[str, Any]:
    return {"pk": township_copy(demo).questions.first().pk}


def branch_record(demo: Any) -> dict[str, Any]:
    from surveys.models import SurveyRecord

    return {"pk": SurveyRecord.objects.get(organization=demo.branch).pk}


def branch_attachment(demo: Any) -> dict[str, Any]:
    from surveys.models import SurveyAttachment, SurveyRecord

    record = SurveyRecord.objects.get(organization=demo.branch)
    attachment = SurveyAttachment(record=record, name="纪要.pdf", size=8, content_type="application/pdf")
    attachment.file.save(f"access-{datetime.datetime.now():%H%M%S%f}.pdf", ContentFile(b"%PDF-1.4"), save=False)
    attachment.save()
    return {"pk": attachment.pk}


def branch2_report(demo: Any) -> dict[str, Any]:
    from surveys.models import SurveyReport

    return {"pk": SurveyReport.objects.get(organization=demo.branch2).pk}


def unused_code(demo: Any) -> dict[str, Any]:
    from surveys.models import OneTimeCode

    return {"code": OneTimeCode.objects.filter(round_id=open_round(demo)["pk"], used=False).first().code}


def submitted_team(demo: Any) -> dict[str, Any]:
    return {"pk": demo.ctx.extra["surveys.teams"]["金星乡党委"].pk}  # 金星乡's team, report submitted to the county


def draft_team(demo: Any) -> dict[str, Any]:
    """A second 金星乡 team, still a draft, covering the township's own organ branch."""
    from surveys import teams

    team = teams.survey_team_create(actor=demo.users["township"], campaign=demo.ctx.campaign, organization=demo.township,
                                    name="金星乡机关调查组", covers=[demo.org("金星乡机关党支部")], leaders="张永忠 乡党政办副主任")
    return {"pk": team.pk}


def approved_team(demo: Any) -> dict[str, Any]:
    from surveys import teams

    team = demo.ctx.extra["surveys.teams"]["金星乡党委"]
    teams.survey_team_approve(actor=demo.users["county"], team=team)
    return {"pk": team.pk}


ENTER_OWN = {"anonymous": LOGIN, "county": 404, "township": 200, "branch": 200, "branch2": 404, "outsider": 404}
VIEW_OWN = {"anonymous": LOGIN, "county": 200, "township": 200, "branch": 200, "branch2": 404, "outsider": 404}
STAFF_ONLY = {"anonymous": LOGIN, "county": 200, "township": 200, "branch": 404, "branch2": 404, "outsider": 404}
PUBLIC = everyone(200, anonymous=200)

CASES: list[Case] = [
    Case("surveys:round-list", everyone(200)),
    Case("surveys:round-create", {"anonymous": LOGIN, "county": 404, "township": 200, "branch": 200, "branch2": 200, "outsider": 404}),
    Case("surveys:round-detail", VIEW_OWN, kwargs=open_round),
    Case("surveys:round-quorum", VIEW_OWN, kwargs=open_round),
    Case("surveys:round-open", {**ENTER_OWN, "township": 302, "branch": 302}, kwargs=open_round, method="post"),
    Case("surveys:round-close", ENTER_OWN, kwargs=open_round),
    Case("surveys:round-reopen", {"anonymous": LOGIN, "county": 404, "township": 200, "branch": 404, "branch2": 200, "outsider": 404},
         kwargs=closed_round),
    Case("surveys:codes-generate", ENTER_OWN, kwargs=open_round),
    Case("surveys:codes-pdf", ENTER_OWN, kwargs=lambda demo: {**open_round(demo), "batch": 1}),
    Case("surveys:paper-entry", ENTER_OWN, kwargs=open_round),
    Case("surveys:paper-blank", ENTER_OWN, kwargs=open_round),
    Case("surveys:paper-undo", {**ENTER_OWN, "township": 302, "branch": 302}, kwargs=open_round, method="post"),
    Case("surveys:excel-template", ENTER_OWN, kwargs=open_round),
    Case("surveys:excel-import", ENTER_OWN, kwargs=open_round),
    Case("surveys:round-results", {"anonymous": LOGIN, "county": 200, "township": 200, "branch": 404, "branch2": 200, "outsider": 404},
         kwargs=closed_round),
    Case("surveys:template-list", everyone(200)),
    Case("surveys:template-detail", everyone(200), kwargs=builtin_template),
    Case("surveys:template-copy", STAFF_ONLY, kwargs=builtin_template),
    Case("surveys:template-version", {**STAFF_ONLY, "county": 302, "township": 302}, kwargs=lambda demo: {"pk": township_copy(demo).pk},
         method="post"),
    Case("surveys:question-create", STAFF_ONLY, kwargs=lambda demo: {"pk": township_copy(demo).pk}),
    Case("surveys:question-edit", STAFF_ONLY, kwargs=copy_question),
    Case("surveys:question-delete", STAFF_ONLY, kwargs=copy_question),
    Case("surveys:record-list", everyone(200)),
    Case("surveys:record-create", {"anonymous": LOGIN, "county": 404, "township": 200, "branch": 200, "branch2": 200, "outsider": 404}),
    Case("surveys:record-detail", VIEW_OWN, kwargs=branch_record),
    Case("surveys:record-attach", ENTER_OWN, kwargs=branch_record),
    Case("surveys:attachment-download", VIEW_OWN, kwargs=branch_attachment),
    Case("surveys:overview", everyone(200)),
    Case("surveys:report-edit", VIEW_OWN, kwargs=lambda demo: {"org_pk": demo.branch.pk}),
    Case("surveys:report-review", {"anonymous": LOGIN, "county": 302, "township": 302, "branch": 404, "branch2": 404, "outsider": 404},
         kwargs=branch2_report, method="post", data=lambda demo: {"decision": "accept"}),
    Case("surveys:report-reopen", {"anonymous": LOGIN, "county": 302, "township": 302, "branch": 404, "branch2": 404, "outsider": 404},
         kwargs=branch2_report, method="post", data=lambda demo: {"reason": "重新审核"}),
    # the survey pages link to the reports app's request view; the report kinds read and check their parameters
    Case("reports:run-request", {"anonymous": LOGIN, "county": 302, "township": 302, "branch": 404, "branch2": 302, "outsider": 404},
         method="post", label="special survey report of 红旗村",
         data=lambda demo: {"kind": "survey_report", "fmt": "pdf", "organization": demo.branch2.pk,
                            "report": branch2_report(demo)["pk"]}),
    Case("reports:run-request", everyone(404), method="post", label="survey report of another organisation",
         data=lambda demo: {"kind": "survey_report", "fmt": "pdf", "organization": demo.township.pk,
                            "report": branch2_report(demo)["pk"]}),
    Case("surveys:summary-edit", STAFF_ONLY, kwargs=lambda demo: {"org_pk": demo.township.pk}),
    Case("reports:run-request", {**STAFF_ONLY, "county": 302, "township": 302}, method="post",
         label="survey report compilation of the township",
         data=lambda demo: {"kind": "survey_summary", "fmt": "xlsx", "organization": demo.township.pk}),
    # survey teams: set up and written by 金星乡's staff, decided by the county, seen by both (not by branches)
    Case("surveys:team-list", everyone(200, outsider=404)),
    Case("surveys:team-create", {**STAFF_ONLY, "county": 404},
         label="金星乡 sets up a team; the county does not enter for it"),
    Case("surveys:team-detail", STAFF_ONLY, kwargs=submitted_team),
    Case("surveys:team-edit", {**STAFF_ONLY, "county": 404}, kwargs=draft_team),
    Case("surveys:team-edit", everyone(404), kwargs=submitted_team, label="a submitted team is read-only"),
    Case("surveys:team-report", {**STAFF_ONLY, "county": 404}, kwargs=draft_team),
    Case("surveys:team-decide", {**STAFF_ONLY, "county": 302, "township": 404},
         kwargs=lambda demo: {**submitted_team(demo), "transition": "approve"}, method="post"),
    Case("surveys:team-decide", {**STAFF_ONLY, "county": 302, "township": 404},
         kwargs=lambda demo: {**approved_team(demo), "transition": "reopen"}, method="post",
         data=lambda demo: {"reason": "调查范围需补充"}, label="reopen an approved team report"),
    Case("surveys:team-decide", {**STAFF_ONLY, "county": 404, "township": 404},
         kwargs=lambda demo: {**submitted_team(demo), "transition": "submit"}, method="post",
         label="no decision named submit"),
    Case("reports:run-request", {**STAFF_ONLY, "county": 302, "township": 302}, method="post",
         label="the survey team's special report",
         data=lambda demo: {"kind": "survey_team_report", "fmt": "pdf", "organization": demo.township.pk,
                            "team": submitted_team(demo)["pk"]}),
    Case("reports:run-request", everyone(404), method="post", label="a team report under another organisation",
         data=lambda demo: {"kind": "survey_team_report", "fmt": "pdf", "organization": demo.township2.pk,
                            "team": submitted_team(demo)["pk"]}),
    Case("surveys:code-entry", PUBLIC),
    Case("surveys:code-entry", PUBLIC, method="post", data=unused_code, label="a code in the POST body"),
    Case("surveys:code-entry", everyone(404, anonymous=404), method="post", data=lambda demo: {"code": "AAAAAAAA"},
         label="unknown code"),
    Case("surveys:code-done", PUBLIC),
    Case("surveys:code-in-address", everyone(302, anonymous=302), kwargs=lambda demo: {"rest": "ABCD2345"},
         location="surveys:code-entry", label="an old slip's address: the code is dropped"),
]
