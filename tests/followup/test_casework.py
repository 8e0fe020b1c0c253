"""Lagging-branch casework (docs/rules.md §9): opening, measures, notes, the exit and its scope."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from core.models import AuditEvent
from followup import rules
from followup import services as s
from followup.models import Case, CaseEvent
from followup.selectors import case_counts
from organizations.models import OrgRole

pytestmark = pytest.mark.django_db


def _secretary(org):
    return OrgRole.objects.get(organization=org, role="branch_secretary").user


def _open_xintang(demo, **kw):
    org = demo.org("新塘村党支部")
    values = dict(problems=s.problem_choices(demo.ctx.campaign, org)[:1], situations=[],
                  deadline=demo.ctx.campaign.upgrade_due, leader="乡党委副书记 周建国", first_secretary="县财政局 王强")
    values.update(kw)
    return s.case_open(actor=demo.users["township"], campaign=demo.ctx.campaign, organization=org, **values)


def test_the_township_opens_a_case_for_a_lagging_branch_with_problems_picked_from_its_record(demo):
    org = demo.org("新塘村党支部")
    choices = s.problem_choices(demo.ctx.campaign, org)
    case = _open_xintang(demo)
    assert case.start_level == "lagging" and case.state == "open"
    assert case.problems == choices[:1]
    assert CaseEvent.objects.filter(case=case, transition="open").exists()
    assert AuditEvent.objects.filter(action="case.open", object_id=str(case.pk)).exists()


def test_a_problem_typed_in_instead_of_picked_is_refused(demo):
    with pytest.raises(ValidationError) as exc:
        _open_xintang(demo, problems=["随便写的问题"])
    assert "problems" in exc.value.error_dict


def test_an_average_branch_needs_a_weak_situation_from_the_checklist(demo):
    org = demo.branch  # 东方村: average
    base = dict(problems=[], deadline=demo.ctx.campaign.upgrade_due, leader="周建国", first_secretary="王强")
    with pytest.raises(ValidationError):
        s.case_open(actor=demo.users["township"], campaign=demo.ctx.campaign, organization=org, situations=[], **base)
    with pytest.raises(ValidationError):
        s.case_open(actor=demo.users["township"], campaign=demo.ctx.campaign, organization=org, situations=["不在清单里"], **base)
    item = rules.checklist(demo.ctx.campaign.ruleset.setting("weak_situations"))[0]
    case = s.case_open(actor=demo.users["township"], campaign=demo.ctx.campaign, organization=org, situations=[item], **base)
    assert case.situations == [item]


def test_a_first_secretary_or_a_helper_organisation_is_required(demo):
    with pytest.raises(ValidationError) as exc:
        _open_xintang(demo, first_secretary="")
    assert "first_secretary" in exc.value.error_dict
    case = _open_xintang(demo, first_secretary="", helper_organization=demo.branch2)
    assert case.helper_organization == demo.branch2


def test_only_the_superior_opens_a_case_and_only_once(demo):
    org = demo.org("新塘村党支部")
    for actor in ("branch", "township2", "outsider"):
        with pytest.raises(Http404):
            s.case_open(actor=demo.users[actor], campaign=demo.ctx.campaign, organization=org, problems=[], situations=[],
                        deadline=datetime.date.today(), leader="x", first_secretary="y")
    _open_xintang(demo)
    with pytest.raises(ValidationError):
        _open_xintang(demo)


def test_measures_progress_and_one_note_a_month(demo):
    case = _open_xintang(demo)
    sec = _secretary(case.organization)
    m = s.case_measure_add(actor=sec, case=case, what="规范三会一课", responsible="书记", due=datetime.date.today())
    m = s.case_measure_progress(actor=sec, measure=m, progress=100, evidence_note="会议记录")
    assert m.status == "done" and m.evidence_note == "会议记录"
    with pytest.raises(ValidationError):
        s.case_measure_progress(actor=sec, measure=m, progress=120)
    s.case_note_add(actor=sec, case=case, month=datetime.date(2026, 5, 17), text="召开组织生活会")
    with pytest.raises(ValidationError):
        s.case_note_add(actor=sec, case=case, month=datetime.date(2026, 5, 2), text="again")
    with pytest.raises(Http404):
        s.case_note_add(actor=demo.users["branch"], case=case, month=datetime.date(2026, 6, 1), text="not mine")


def test_exit_after_the_year_end_rerating_is_accepted_by_another_person_and_closes_the_case(demo):
    case = _open_xintang(demo)  # 新塘村 was re-rated average at year-end in the demo
    sec = _secretary(case.organization)
    case = s.case_request_exit(actor=sec, case=case, basis="rerating", record="年终重新定级为一般，整顿转化完成。")
    assert case.state == "exit_requested" and case.exit_level == "average"
    with pytest.raises(Http404):
        s.case_decide_exit(actor=sec, case=case, accept=True, comment="")
    case = s.case_decide_exit(actor=demo.users["township"], case=case, accept=True, comment="同意摘帽")
    assert case.state == "closed"
    with pytest.raises(ValidationError):
        s.case_note_add(actor=sec, case=case, month=datetime.date(2026, 7, 1), text="after closing")
    assert AuditEvent.objects.filter(action="case.accept_exit", object_id=str(case.pk)).exists()


def test_the_one_who_requested_the_exit_does_not_accept_it(demo):
    case = _open_xintang(demo)
    case = s.case_request_exit(actor=demo.users["township"], case=case, basis="rerating", record="定为一般")
    with pytest.raises(ValidationError):
        s.case_decide_exit(actor=demo.users["township"], case=case, accept=True, comment="")
    assert s.case_decide_exit(actor=demo.users["county"], case=case, accept=True, comment="").state == "closed"


def test_a_refusal_needs_reasons_and_reopens_the_case(demo):
    case = s.case_request_exit(actor=_secretary(demo.org("新塘村党支部")), case=_open_xintang(demo), basis="masses", record="群众满意")
    with pytest.raises(ValidationError):
        s.case_decide_exit(actor=demo.users["township"], case=case, accept=False, comment=" ")
    case = s.case_decide_exit(actor=demo.users["township"], case=case, accept=False, comment="群众满意度需复核")
    assert case.state == "open"


def test_exit_refused_while_still_lagging_or_the_masses_below_the_mark(demo):
    case = Case.objects.get(organization=demo.org("柳河村党支部"))  # no year-end yet
    sec = _secretary(case.organization)
    with pytest.raises(ValidationError):
        s.case_request_exit(actor=sec, case=case, basis="rerating", record="x")
    with pytest.raises(ValidationError):
        s.case_request_exit(actor=sec, case=case, basis="masses", record="x")
    rs = demo.ctx.campaign.ruleset
    rs.values = {**(rs.values or {}), "case_exit_masses_rate": "99"}
    rs.save()
    xintang = _open_xintang(demo)  # masses: (15+8)/25 = 92% < 99%
    with pytest.raises(ValidationError):
        s.case_request_exit(actor=_secretary(xintang.organization), case=xintang, basis="masses", record="x")


def test_the_transformation_rate_reads_the_cases(demo):
    counts = case_counts(demo.users["county"], demo.ctx.campaign)
    assert (counts.total, counts.closed, counts.overdue) == (3, 0, 1)
    case = s.case_request_exit(actor=demo.users["township"], case=_open_xintang(demo), basis="rerating", record="定为一般")
    s.case_decide_exit(actor=demo.users["county"], case=case, accept=True, comment="")
    counts = case_counts(demo.users["county"], demo.ctx.campaign)
    assert (counts.total, counts.closed) == (4, 1) and counts.rate.rate == 25
    assert case_counts(demo.users["township2"], demo.ctx.campaign).total == 2


def test_the_pages_show_cases_in_scope_and_the_record_prints(demo, client_for):
    html = client_for("township2").get(reverse("followup:case-list")).content.decode()
    assert "柳河村党支部" in html and "金星社区党支部" not in html
    html = client_for("township").get(reverse("followup:case-list")).content.decode()
    assert "新塘村党支部" in html and reverse("followup:case-open") in html
    case = Case.objects.get(organization=demo.org("柳河村党支部"))
    response = client_for("township2").get(reverse("followup:case-pdf", args=[case.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_open_form_says_what_is_wrong_in_chinese(demo, client_for):
    org = demo.org("新塘村党支部")
    url = reverse("followup:case-open") + f"?org={org.pk}"
    response = client_for("township").post(url, {"org": org.pk, "deadline": "not a date", "leader": ""})
    assert response.status_code == 200
    assert not Case.objects.filter(organization=org).exists()
    assert "这个字段是必填项" in response.content.decode() or "必填" in response.content.decode()


def test_problems_are_offered_one_by_one_from_the_survey_report_and_the_commitment(demo):
    xintang = s.problem_choices(demo.ctx.campaign, demo.org("新塘村党支部"))  # no survey report; its commitment quotes one
    assert xintang[:3] == ["组织生活不够规范，“三会一课”记录不全", "带领群众增收致富的办法不多", "党员队伍老化，发展党员后继乏人"]
    community = s.problem_choices(demo.ctx.campaign, demo.org("金星社区党支部"))
    assert "党员队伍老龄化，年轻党员外出务工多，流动党员管理难" in community and "后备干部储备不足" in community


def test_a_weak_township_gets_its_case_from_the_county_not_from_itself(demo):
    """Every rated organisation can be lagging (docs/rules.md §5, §9): a township's case is opened by the
    county, its superior; the township's own staff cannot open one for it."""
    township = demo.township
    item = rules.checklist(demo.ctx.campaign.ruleset.setting("weak_situations"))[0]
    base = dict(campaign=demo.ctx.campaign, organization=township, problems=[], situations=[item],
                deadline=demo.ctx.campaign.upgrade_due, leader="县委组织部副部长 李明", first_secretary="县委办 张华")
    with pytest.raises(Http404):
        s.case_open(actor=demo.users["township"], **base)
    case = s.case_open(actor=demo.users["county"], **base)
    assert case.organization == township and case.situations == [item]
    assert AuditEvent.objects.filter(action="case.open", object_id=str(case.pk)).exists()
