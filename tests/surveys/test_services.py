"""Survey services: rounds, quorum on close, codes, paper entry, templates, reports, records."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from core.models import AuditEvent
from surveys import services
from surveys.models import Answer, OneTimeCode, Question, Response, SurveyReport
from surveys.selectors import questions_for, round_quorum

from .helpers import add_paper, builtin, full_answers, new_round

pytestmark = pytest.mark.django_db


def test_a_round_takes_its_quorum_rule_from_the_rule_set_by_group(demo):
    village = round_quorum(new_round(demo))
    assert village.group == "A" and village.rule.min_total == 60
    school = round_quorum(new_round(demo, demo.org("金星乡中心小学党支部")))
    assert school.group == "B" and school.rule.min_total == 20


def test_a_school_round_asks_the_school_topic_and_not_the_health_topic(demo):
    round_ = new_round(demo, demo.org("金星乡中心小学党支部"))
    topics = {q.topic for q in questions_for(round_)}
    assert topics == {"", "school"}


def test_close_below_quorum_is_refused_with_the_shortfall_in_words(demo):
    round_ = new_round(demo)
    add_paper(demo, round_, "party_member", 40)
    add_paper(demo, round_, "masses", 17)
    with pytest.raises(ValidationError) as exc:
        services.survey_round_close(actor=demo.users["township"], round_=round_)
    text = " ".join(exc.value.messages)
    assert "3" in text and "30%" in text
    round_.refresh_from_db()
    assert round_.status == "open"


def test_close_with_sixty_and_thirty_percent_masses_succeeds_and_is_audited(demo):
    round_ = new_round(demo)
    add_paper(demo, round_, "party_member", 42)
    add_paper(demo, round_, "masses", 18)
    codes = services.codes_generate(actor=demo.users["township"], round_=round_, counts={"masses": 3})
    services.survey_round_close(actor=demo.users["township"], round_=round_)
    round_.refresh_from_db()
    assert round_.status == "closed"
    # unused slips stop working: kept, so their holders are told the round is closed (not "unknown")
    assert OneTimeCode.objects.filter(pk__in=[c.pk for c in codes], used=False).count() == 3
    with pytest.raises(services.CodeProblem) as problem:
        services.code_submit(code=codes[0].code, answers=full_answers(round_))
    assert problem.value.reason == "closed"
    event = AuditEvent.objects.filter(action="survey_round.close", object_id=str(round_.pk)).get()
    assert event.after["counts"]["masses"] == 18


def test_branch_secretary_of_another_branch_cannot_enter_answers(demo):
    round_ = new_round(demo)
    with pytest.raises(Http404):
        services.response_enter_paper(actor=demo.users["branch2"], round_=round_, category="masses", label="",
                                      answers=full_answers(round_))
    with pytest.raises(Http404):
        services.survey_round_close(actor=demo.users["county"], round_=round_)


def test_paper_entry_stores_who_entered_it_and_missing_required_answers_are_refused(demo):
    round_ = new_round(demo)
    response = services.response_enter_paper(actor=demo.users["branch"], round_=round_, category="masses", label="old_member",
                                             answers=full_answers(round_))
    assert response.channel == "paper" and response.entered_by == demo.users["branch"]
    assert Answer.objects.filter(response=response).count() >= len(questions_for(round_))
    with pytest.raises(ValidationError) as exc:
        services.response_enter_paper(actor=demo.users["branch"], round_=round_, category="masses", label="", answers={})
    assert len(exc.value.message_dict) == sum(q.required for q in questions_for(round_))


def test_closed_round_takes_no_more_paper(demo):
    round_ = new_round(demo, demo.org("金达机械有限公司党支部"))
    add_paper(demo, round_, "masses", 20)
    services.survey_round_close(actor=demo.users["township"], round_=round_)
    with pytest.raises(ValidationError):
        add_paper(demo, round_, "masses", 1)


def test_codes_carry_only_a_category_and_response_has_no_link_to_the_code(demo):
    round_ = new_round(demo)
    code = services.codes_generate(actor=demo.users["township"], round_=round_, counts={"masses": 1}, label="deputy")[0]
    services.code_submit(code=code.code.lower(), answers=full_answers(round_))
    code.refresh_from_db()
    assert code.used
    response = Response.objects.get(round=round_)
    assert response.category == "masses" and response.label == "deputy" and response.channel == "online"
    assert response.entered_by is None
    assert {f.name for f in Response._meta.get_fields()} & {"code", "user", "ip", "created"} == set()


def test_a_code_cannot_be_used_twice(demo):
    round_ = new_round(demo)
    code = services.codes_generate(actor=demo.users["township"], round_=round_, counts={"party_member": 1})[0]
    services.code_submit(code=code.code, answers=full_answers(round_))
    with pytest.raises(services.CodeProblem) as exc:
        services.code_submit(code=code.code, answers=full_answers(round_))
    assert exc.value.reason == "used"
    assert Response.objects.filter(round=round_).count() == 1


def test_unknown_and_closed_round_codes_are_refused(demo):
    with pytest.raises(services.CodeProblem) as exc:
        services.code_submit(code="AAAA-AAAA", answers={})
    assert exc.value.reason == "unknown"
    round_ = new_round(demo, status="draft")
    code = services.codes_generate(actor=demo.users["township"], round_=round_, counts={"masses": 1})[0]
    with pytest.raises(services.CodeProblem) as exc:
        services.code_submit(code=code.code, answers=full_answers(round_))
    assert exc.value.reason == "closed"


def test_an_invalid_submission_does_not_use_up_the_code(demo):
    round_ = new_round(demo)
    code = services.codes_generate(actor=demo.users["township"], round_=round_, counts={"masses": 1})[0]
    with pytest.raises(ValidationError):
        services.code_submit(code=code.code, answers={})
    code.refresh_from_db()
    assert not code.used


def test_too_many_codes_at_once_are_refused(demo):
    round_ = new_round(demo)
    with pytest.raises(ValidationError):
        services.codes_generate(actor=demo.users["township"], round_=round_, counts={"masses": services.MAX_CODES_PER_BATCH + 1})


def test_builtin_template_is_read_only_and_a_copy_is_editable_until_answered(demo):
    template = builtin("village_community")
    with pytest.raises(ValidationError):
        services.question_save(actor=demo.users["township"], template=template, text="新问题", kind="text")
    copy = services.template_copy(actor=demo.users["township"], template=template, owner=demo.township, name="金星乡问卷")
    q = services.question_save(actor=demo.users["township"], template=copy, text="您对乡党委的建议", kind="text", required=False)
    assert copy.questions.count() == template.questions.count() + 1
    with pytest.raises(ValidationError):
        services.question_save(actor=demo.users["township"], template=copy, text="选择", kind="single", options=["唯一"])
    round_ = services.survey_round_create(actor=demo.users["township"], organization=demo.branch, campaign=demo.ctx.campaign,
                                          activity="questionnaire", template=copy)
    add_paper(demo, round_, "masses", 1)
    copy.refresh_from_db()
    assert copy.is_frozen
    with pytest.raises(ValidationError):
        services.question_delete(actor=demo.users["township"], question=q)
    new = services.template_new_version(actor=demo.users["township"], template=copy)
    assert new.version == 2 and new.previous == copy and new.questions.count() == copy.questions.count()
    copy.refresh_from_db()
    assert not copy.is_current
    services.question_delete(actor=demo.users["township"], question=new.questions.get(text=q.text))
    assert Question.objects.filter(pk=q.pk).exists()  # old answers keep their question


def test_branch_secretary_cannot_copy_templates(demo):
    with pytest.raises(Http404):
        services.template_copy(actor=demo.users["branch"], template=builtin("village_community"), owner=demo.branch, name="x")


def _report(demo, org=None):
    org = org or demo.branch
    report = services.survey_report_get_or_create(organization=org, campaign=demo.ctx.campaign)
    return services.survey_report_save(actor=demo.users["branch"], report=report, overview="概况", strengths="优势",
                                       problems="问题", bottlenecks="瓶颈", evaluation="评价", suggestions="建议")


def _at(day: datetime.date) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 0)))


def test_report_submitted_on_the_due_day_is_on_time(demo):
    SurveyReport.objects.filter(organization=demo.branch).delete()
    report = services.survey_report_submit(actor=demo.users["branch"], report=_report(demo), now=_at(demo.ctx.campaign.survey_due))
    assert report.status == "submitted" and not report.is_late


def test_report_submitted_after_the_due_day_is_flagged_late(demo):
    SurveyReport.objects.filter(organization=demo.branch).delete()
    report = services.survey_report_submit(actor=demo.users["branch"], report=_report(demo),
                                           now=_at(demo.ctx.campaign.survey_due + datetime.timedelta(days=1)))
    assert report.is_late
    assert AuditEvent.objects.filter(action="survey_report.submit", object_id=str(report.pk)).exists()


def test_report_with_an_empty_section_cannot_be_submitted(demo):
    SurveyReport.objects.filter(organization=demo.branch).delete()
    report = _report(demo)
    services.survey_report_save(actor=demo.users["branch"], report=report, bottlenecks="")
    with pytest.raises(ValidationError):
        services.survey_report_submit(actor=demo.users["branch"], report=report)


def test_township_returns_with_a_reason_and_branch_resubmits_then_township_accepts(demo):
    SurveyReport.objects.filter(organization=demo.branch).delete()
    report = services.survey_report_submit(actor=demo.users["branch"], report=_report(demo))
    with pytest.raises(ValidationError):
        services.survey_report_review(actor=demo.users["branch"], report=report, accept=True)
    with pytest.raises(ValidationError):
        services.survey_report_review(actor=demo.users["township"], report=report, accept=False, comment="")
    report = services.survey_report_review(actor=demo.users["township"], report=report, accept=False, comment="问题写得不具体")
    assert report.status == "returned"
    report = services.survey_report_save(actor=demo.users["branch"], report=report, problems="具体问题")
    report = services.survey_report_submit(actor=demo.users["branch"], report=report)
    report = services.survey_report_review(actor=demo.users["township"], report=report, accept=True)
    assert report.status == "accepted"
    with pytest.raises(ValidationError):
        services.survey_report_save(actor=demo.users["branch"], report=report, problems="再改")


def test_record_attachments_are_limited_by_type(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = dict(kind="interview", title="访谈", held_on=datetime.date(2026, 3, 5), content="内容", heard_masses=1)
    with pytest.raises(ValidationError):
        services.survey_record_save(actor=demo.users["branch"], organization=demo.branch, campaign=demo.ctx.campaign,
                                    files=[SimpleUploadedFile("a.exe", b"MZ")], **data)
    record = services.survey_record_save(actor=demo.users["branch"], organization=demo.branch, campaign=demo.ctx.campaign,
                                         files=[SimpleUploadedFile("纪要.pdf", b"%PDF-1.4", content_type="application/pdf")], **data)
    assert record.attachments.get().name == "纪要.pdf"


def test_record_attachments_are_limited_by_size(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError):
        services.survey_record_save(actor=demo.users["branch"], organization=demo.branch, campaign=demo.ctx.campaign,
                                    files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4 more than ten")], kind="interview",
                                    title="t", held_on=datetime.date(2026, 3, 5), content="c")


def test_a_county_organ_committee_is_group_a_for_the_masses_assessment_but_b_for_questionnaires(demo):
    from surveys.selectors import quorum_rules, status_from_counts

    organ = demo.org("县教育局机关党委")
    campaign = demo.ctx.campaign
    assessment = status_from_counts(organ, {"party_member": 42, "masses": 18}, quorum_rules(campaign, "masses_assessment"))
    assert assessment.group == "A" and assessment.rule.min_total == 60 and assessment.result.ok
    questionnaire = status_from_counts(organ, {"party_member": 16, "masses": 4}, quorum_rules(campaign, "questionnaire"))
    assert questionnaire.group == "B" and questionnaire.result.ok


def test_service_recipient_codes_only_where_the_rule_allows_them(demo):
    village = new_round(demo)  # questionnaire, group A: no service recipients [seed 000 §二(一)2]
    with pytest.raises(ValidationError):
        services.codes_generate(actor=demo.users["township"], round_=village, counts={"service_recipient": 2})
    school = new_round(demo, demo.org("金星乡中心小学党支部"))  # group B: may invite when short
    assert len(services.codes_generate(actor=demo.users["township"], round_=school, counts={"service_recipient": 2})) == 2
