"""Survey teams (调查组, seed 000 §二(三) and 附件1): the township sets up a team for its branches with a roster of
组长, 副组长 and 成员 (name and post only), the organisations it covers, and the team's own special report, which the
county approves with four eyes; approved is read-only until the county reopens it with a reason."""
from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEvent
from organizations.models import OrgRole
from surveys import rules, teams
from surveys.models import TEAM_REPORT_SECTIONS, SurveyTeam

pytestmark = pytest.mark.django_db

TEXTS = {f: f"{title}：调查组写的内容。" for f, title, _h in TEAM_REPORT_SECTIONS}


def _jinxing(demo) -> SurveyTeam:
    return SurveyTeam.objects.get(pk=demo.ctx.extra["surveys.teams"]["金星乡党委"].pk)


def _new_team(demo, name="金星乡两新组织调查组", covers=("金达机械有限公司党支部",), **roster):
    roster = {"leaders": "张永忠 乡党政办副主任", **roster}
    return teams.survey_team_create(actor=demo.users["township"], campaign=demo.ctx.campaign, organization=demo.township,
                                    name=name, covers=[demo.org(n) for n in covers], **roster)


# ---- the roster, pure -------------------------------------------------------------------------------

def test_a_roster_line_is_the_name_then_the_post_as_the_seed_lists_them():
    lines = rules.parse_roster("王旭兵 乡党委副书记\n\n周水彬：副乡长\n戴岑\u3000副局级干部\n陈涛")
    assert [(x.name, x.post) for x in lines] == [("王旭兵", "乡党委副书记"), ("周水彬", "副乡长"), ("戴岑", "副局级干部"),
                                                 ("陈涛", "")]


def test_a_too_long_post_names_its_line():
    with pytest.raises(rules.RosterProblem) as exc:
        rules.parse_roster("王旭兵 乡党委副书记\n周水彬 " + "副" * (rules.ROSTER_POST_MAX + 1))
    assert (exc.value.line, exc.value.code) == (2, "post_too_long")


def test_the_report_workflow_freezes_approved_and_only_reopen_leads_out():
    assert rules.TEAM_REPORT_WORKFLOW.final_states() == frozenset({"approved"})
    assert rules.TEAM_REPORT_WORKFLOW.next_state("approved", "reopen") == "submitted"
    assert not rules.TEAM_REPORT_WORKFLOW.allowed("approved", "submit")


# ---- setting up a team --------------------------------------------------------------------------------

def test_the_demo_team_is_the_seeds_list_and_covers_jinxings_villages(demo):
    team = _jinxing(demo)
    roster = [(m.get_role_display(), m.name, m.post) for m in team.members.all()]
    assert [r[1:] for r in roster] == [("王旭兵", "乡党委副书记"), ("周水彬", "副乡长"), ("戴岑", "副局级干部"),
                                       ("张永忠", "乡党政办副主任"), ("陈刚", "乡党政办工作人员"), ("陈涛", "乡党政办工作人员")]
    assert [m.role for m in team.members.all()][:3] == ["leader", "deputy", "member"]
    assert team.status == "submitted" and not team.is_late
    assert set(team.covers.values_list("name", flat=True)) >= {"东方村党支部", "红旗村党支部", "新塘村党支部"}


def test_the_township_sets_up_a_team_with_an_audit_row(demo):
    team = _new_team(demo, deputies="李强 副乡长", members="王芳 乡党政办工作人员")
    assert [m.role for m in team.members.all()] == ["leader", "deputy", "member"]
    event = AuditEvent.objects.get(action="survey_team.create", object_id=str(team.pk))
    assert event.organization_id == demo.township.pk and "张永忠" in " ".join(event.after["roster"])


def test_a_team_needs_a_leader_and_says_which_line_is_wrong(demo):
    with pytest.raises(ValidationError) as exc:
        _new_team(demo, leaders="")
    assert "leaders" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        _new_team(demo, members="王芳 " + "长" * 70)
    assert "第1行" in " ".join(exc.value.message_dict["members"])
    assert not SurveyTeam.objects.filter(name="金星乡两新组织调查组").exists()


def test_a_team_covers_only_organisations_under_its_township_and_each_only_once(demo):
    with pytest.raises(ValidationError) as exc:
        _new_team(demo, covers=("柳河村党支部",))
    assert "柳河村党支部" in " ".join(exc.value.message_dict["covers"])
    with pytest.raises(ValidationError) as exc:
        _new_team(demo, covers=("红旗村党支部",))  # already covered by the demo team
    assert "金星乡基层组织大调查工作调查组" in " ".join(exc.value.message_dict["covers"])
    with pytest.raises(ValidationError):
        _new_team(demo, covers=())


def test_only_the_townships_own_staff_set_up_its_team(demo):
    for actor in ("county", "branch", "township2", "outsider"):
        with pytest.raises(Http404):
            teams.survey_team_create(actor=demo.users[actor], campaign=demo.ctx.campaign, organization=demo.township,
                                     name="x", covers=[demo.org("金达机械有限公司党支部")], leaders="张三 干部")


# ---- the report's workflow ----------------------------------------------------------------------------

def test_submit_needs_every_section_and_marks_a_late_report(demo):
    team = _new_team(demo)
    with pytest.raises(ValidationError) as exc:
        teams.survey_team_submit(actor=demo.users["township"], team=team)
    assert "调查开展情况" in " ".join(exc.value.messages)
    teams.survey_team_report_save(actor=demo.users["township"], team=team, **TEXTS)
    late = datetime.datetime.combine(demo.ctx.campaign.survey_due + datetime.timedelta(days=3), datetime.time(10),
                                     tzinfo=datetime.timezone.utc)
    team = teams.survey_team_submit(actor=demo.users["township"], team=team, now=late)
    assert team.status == "submitted" and team.is_late and team.submitted_by == demo.users["township"]


def test_the_county_approves_and_the_team_is_then_read_only(demo):
    team = teams.survey_team_approve(actor=demo.users["county"], team=_jinxing(demo), reason="同意")
    assert team.status == "approved" and team.decided_by == demo.users["county"]
    with pytest.raises(ValidationError):
        teams.survey_team_report_save(actor=demo.users["township"], team=team, problems="改一改")
    with pytest.raises(ValidationError):
        teams.survey_team_update(actor=demo.users["township"], team=team, name="新名字",
                                 covers=list(team.covers.all()), leaders="王旭兵 乡党委副书记")
    assert SurveyTeam.objects.get(pk=team.pk).name == "金星乡基层组织大调查工作调查组"
    assert AuditEvent.objects.filter(action="survey_team.approve", object_id=str(team.pk)).exists()


def test_the_township_does_not_decide_on_its_own_teams_report(demo):
    for actor in ("township", "branch", "township2"):
        with pytest.raises(Http404):
            teams.survey_team_approve(actor=demo.users[actor], team=_jinxing(demo))
    assert "approve" not in teams.actions_for(demo.users["township"], _jinxing(demo))
    assert {"approve", "return"} <= teams.actions_for(demo.users["county"], _jinxing(demo))


def test_four_eyes_whoever_submitted_does_not_approve(demo):
    """A person holding both the township's and the county's role submitted the report: another must approve."""
    from django.contrib.auth import get_user_model

    both = get_user_model().objects.create_user("both", password="x")
    OrgRole.objects.create(user=both, organization=demo.township, role="township_staff")
    OrgRole.objects.create(user=both, organization=demo.county, role="county_reviewer")
    team = _new_team(demo)
    teams.survey_team_report_save(actor=both, team=team, **TEXTS)
    team = teams.survey_team_submit(actor=both, team=team)
    assert "approve" not in teams.actions_for(both, team) and "return" in teams.actions_for(both, team)
    with pytest.raises(ValidationError):
        teams.survey_team_approve(actor=both, team=team)
    rs = demo.ctx.campaign.ruleset
    rs.values = {**(rs.values or {}), "four_eyes": False}
    rs.save()
    team = SurveyTeam.objects.get(pk=team.pk)
    assert teams.survey_team_approve(actor=both, team=team).status == "approved"


def test_return_and_reopen_need_a_reason_and_are_audited(demo):
    team = _jinxing(demo)
    with pytest.raises(ValidationError):
        teams.survey_team_return(actor=demo.users["county"], team=team, reason=" ")
    team = teams.survey_team_return(actor=demo.users["county"], team=team, reason="典型案例剖析不够具体")
    assert team.status == "returned" and team.review_comment == "典型案例剖析不够具体"
    teams.survey_team_report_save(actor=demo.users["township"], team=team, cases="补充了新塘村的剖析。")
    teams.survey_team_submit(actor=demo.users["township"], team=team)
    team = teams.survey_team_approve(actor=demo.users["county"], team=team)
    with pytest.raises(ValidationError):
        teams.survey_team_reopen(actor=demo.users["county"], team=team, reason="")
    with pytest.raises(Http404):
        teams.survey_team_reopen(actor=demo.users["township"], team=team, reason="想改")
    team = teams.survey_team_reopen(actor=demo.users["county"], team=team, reason="覆盖范围需补充")
    assert team.status == "submitted"
    event = AuditEvent.objects.get(action="survey_team.reopen", object_id=str(team.pk))
    assert event.reason == "覆盖范围需补充" and event.before == {"status": "approved"}


# ---- pages --------------------------------------------------------------------------------------------

def test_the_team_shows_beside_the_branches_reports(demo, client_for):
    team = _jinxing(demo)
    overview = client_for("township").get(reverse("surveys:overview")).content.decode()
    assert reverse("surveys:team-list") in overview and reverse("surveys:team-detail", args=[team.pk]) in overview
    report = client_for("county").get(reverse("surveys:report-edit", args=[demo.branch2.pk])).content.decode()
    assert 'data-testid="report-team"' in report and team.name in report
    # the branch does not see the township's team
    assert 'data-testid="report-team"' not in client_for("branch2").get(
        reverse("surveys:report-edit", args=[demo.branch2.pk])).content.decode()
    detail = client_for("county").get(reverse("surveys:team-detail", args=[team.pk])).content.decode()
    assert "王旭兵" in detail and "红旗村党支部" in detail and 'data-testid="team-approve"' in detail
    assert 'data-testid="team-approve"' not in client_for("township").get(
        reverse("surveys:team-detail", args=[team.pk])).content.decode()


def test_the_pages_set_up_write_submit_and_approve(demo, client_for):
    client = client_for("township")
    response = client.post(reverse("surveys:team-create") + f"?org={demo.township.pk}", {
        "name": "金星乡机关事业单位调查组", "covers": [demo.org("金星乡机关党支部").pk, demo.org("金星乡卫生院党支部").pk],
        "leaders": "周水彬 副乡长", "deputies": "", "members": "陈刚 乡党政办工作人员"})
    team = SurveyTeam.objects.get(name="金星乡机关事业单位调查组")
    assert response.status_code == 302 and team.covers.count() == 2
    response = client.post(reverse("surveys:team-report", args=[team.pk]), {**TEXTS, "submit": "1"})
    assert response.status_code == 302 and SurveyTeam.objects.get(pk=team.pk).status == "submitted"
    county = client_for("county")
    county.post(reverse("surveys:team-decide", args=[team.pk, "approve"]), {"reason": ""})
    assert SurveyTeam.objects.get(pk=team.pk).status == "approved"
    # a returned report without a reason: said in Chinese, nothing changed
    county.post(reverse("surveys:team-decide", args=[team.pk, "reopen"]), {"reason": ""})
    assert SurveyTeam.objects.get(pk=team.pk).status == "approved"


def test_the_form_says_what_is_wrong_in_chinese(demo, client_for):
    response = client_for("township").post(reverse("surveys:team-create") + f"?org={demo.township.pk}", {
        "name": "金星乡另一调查组", "covers": [demo.org("红旗村党支部").pk], "leaders": "王五 干部"})
    assert response.status_code == 200
    assert "已由其他调查组覆盖" in response.content.decode()


def test_the_team_report_prints_as_pdf(demo, client_for, settings, tmp_path, django_capture_on_commit_callbacks):
    from pypdf import PdfReader

    from reports.models import ReportRun

    settings.MEDIA_ROOT = tmp_path
    team = _jinxing(demo)
    with django_capture_on_commit_callbacks(execute=True):
        client_for("county").post("/reports/request/", {"kind": "survey_team_report", "fmt": "pdf",
                                                        "organization": demo.township.pk, "team": team.pk})
    run = ReportRun.objects.get(kind="survey_team_report")
    assert run.status == "done", run.error
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(run.file.read())).pages)
    for word in ("王旭兵", "乡党委副书记", "红旗村党支部", "调查组于3月上旬"):
        assert word in text


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("actor,page", [("county", "list"), ("township", "list"), ("county", "detail"),
                                        ("township", "overview")])
def test_team_pages_cost_the_same_queries_at_40_and_800_organisations(demo, client_for, actor, page):
    """The county's list is county-wide: every township grows, and so do the teams and what they cover."""
    from tests.followup.test_alerts import _grow_named
    from tests.test_query_counts import grow

    client = client_for(actor)
    team = _jinxing(demo)
    url = {"list": reverse("surveys:team-list"), "detail": reverse("surveys:team-detail", args=[team.pk]),
           "overview": reverse("surveys:overview")}[page]
    grow(demo, 40 - 33)
    small = _count(client, url)
    _grow_named(demo, 800 - 40)
    from organizations.models import Organization

    team.covers.add(*Organization.objects.filter(name__startswith="增补村", parent=demo.township))
    teams.survey_team_create(actor=demo.users["township"], campaign=demo.ctx.campaign, organization=demo.township,
                             name="金星乡扩展调查组", leaders="张永忠 乡党政办副主任",
                             covers=list(Organization.objects.filter(name__startswith="扩展村", parent=demo.township)))
    assert Organization.objects.count() >= 800
    assert _count(client, url) == small


def test_the_dashboards_say_who_must_act_on_a_team_report(demo, client_for):
    team = _jinxing(demo)
    county = client_for("county").get("/").content.decode()
    assert "1 份调查组专题调研报告待您审定" in county
    assert "调查组专题调研报告待您审定" not in client_for("township").get("/").content.decode()
    teams.survey_team_return(actor=demo.users["county"], team=team, reason="请补充典型案例")
    township = client_for("township").get("/").content.decode()
    assert f"{team.name}：报告被退回，请修改" in township and "请补充典型案例" in township
