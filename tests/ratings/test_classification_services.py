"""Every transition of the four-step classification through its service, the forbidden ones, and the
audit trail (docs/rules.md §5)."""
from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from core.models import AuditEvent
from campaigns.models import RuleSet
from organizations.models import OrgRole
from ratings.classification import services as svc
from ratings.classification.models import Classification, ClassificationReview, Meeting

from .helpers_classification import classification_of, deliberate, meeting, paper, to_step3, to_step4

pytestmark = pytest.mark.django_db


def actions(c):
    return list(AuditEvent.objects.filter(object_type="classification.classification", object_id=str(c.pk))
                .order_by("id").values_list("action", flat=True))


def test_township_starts_a_branch_and_the_start_is_audited(demo):
    org = demo.org("金星乡中心小学党支部")
    c = svc.classification_start(actor=demo.users["township"], campaign=demo.ctx.campaign, organization=org)
    assert c.state == "step1"
    assert actions(c) == ["classification.start"]
    again = svc.classification_start(actor=demo.users["township"], campaign=demo.ctx.campaign, organization=org)
    assert again.pk == c.pk and actions(c) == ["classification.start"]


@pytest.mark.parametrize("who", ["branch2", "county", "outsider"])
def test_others_cannot_start_a_branch(demo, who):
    with pytest.raises(Http404):
        svc.classification_start(actor=demo.users[who], campaign=demo.ctx.campaign, organization=demo.org("金星乡中心小学党支部"))


def test_the_county_itself_is_not_classified(demo):
    with pytest.raises((ValidationError, Http404)):
        svc.classification_start(actor=demo.users["county"], campaign=demo.ctx.campaign, organization=demo.county)


def test_step1_short_of_people_is_a_draft_that_cannot_be_completed(demo):
    c = classification_of(demo)
    m = meeting(demo, c, 1, party_members=20, masses=27)  # 47 of 50 for a village
    assert not m.quorum_ok and "3" in m.quorum_summary
    paper(demo, m, advanced=20, average=20, lagging=7)
    with pytest.raises(ValidationError, match="3"):
        svc.classification_step_complete(actor=demo.users["branch"], classification=c)
    meeting(demo, c, 1, party_members=20, masses=30)
    c = svc.classification_step_complete(actor=demo.users["branch"], classification=c)
    assert c.state == "step2"


def test_paper_totals_count_only_after_a_second_person_checks_them(demo):
    c = classification_of(demo)
    m = meeting(demo, c, 1)
    svc.paper_result_enter(actor=demo.users["branch"], meeting=m, counts={"advanced": 30, "average": 20, "lagging": 5})
    with pytest.raises(ValidationError):
        svc.classification_step_complete(actor=demo.users["branch"], classification=c)
    with pytest.raises(ValidationError, match="另一人"):
        svc.paper_result_confirm(actor=demo.users["branch"], meeting=m)
    svc.paper_result_confirm(actor=demo.users["township"], meeting=m)
    assert svc.classification_step_complete(actor=demo.users["branch"], classification=c).state == "step2"


def test_more_ballots_than_attendees_are_refused(demo):
    c = classification_of(demo)
    m = meeting(demo, c, 1, party_members=25, masses=25)
    with pytest.raises(ValidationError):
        svc.paper_result_enter(actor=demo.users["branch"], meeting=m, counts={"advanced": 51})


def test_re_entering_totals_needs_a_new_check(demo):
    c = classification_of(demo)
    m = meeting(demo, c, 1)
    paper(demo, m, advanced=30, average=20, lagging=5)
    svc.paper_result_enter(actor=demo.users["township"], meeting=m, counts={"advanced": 31, "average": 20, "lagging": 5})
    m.result.refresh_from_db()
    assert m.result.confirmed_by is None and not m.result.counts


def test_step2_meeting_type_follows_the_member_count_and_is_enforced(demo):
    c = classification_of(demo)  # 东方村: 36 members -> assembly
    m1 = meeting(demo, c, 1)
    paper(demo, m1, advanced=30, average=20, lagging=5)
    c = svc.classification_step_complete(actor=demo.users["branch"], classification=c)
    with pytest.raises(ValidationError):
        svc.meeting_save(actor=demo.users["branch"], classification=c, step=2, kind="member_delegates",
                         date=m1.date, place="x", party_members=30)
    with pytest.raises(ValidationError):
        svc.meeting_save(actor=demo.users["branch"], classification=c, step=2, date=m1.date, place="x",
                         party_members=30, masses=5)
    m2 = svc.meeting_save(actor=demo.users["branch"], classification=c, step=2, date=m1.date, place="x",
                          party_members=18, entitled=10)
    assert m2.kind == "member_assembly" and m2.entitled == 36  # an assembly: every member is entitled
    assert not m2.quorum_ok  # 18 of 36 is not more than half


def test_fifty_members_hold_a_delegates_meeting_with_a_given_number_of_delegates(demo):
    org = demo.org("金星乡中心小学党支部")
    org.member_count = 50
    org.save()
    c = svc.classification_start(actor=demo.users["township"], campaign=demo.ctx.campaign, organization=org)
    m1 = meeting(demo, c, 1, actor="township", party_members=10, masses=15)
    svc.paper_result_enter(actor=demo.users["township"], meeting=m1, counts={"advanced": 20, "average": 5})
    other = demo.users["township_b"]  # the demo's second staff member of the township checks (four eyes)
    assert OrgRole.objects.filter(user=other, organization=demo.township, role="township_staff").exists()
    svc.paper_result_confirm(actor=other, meeting=m1)
    c = svc.classification_step_complete(actor=demo.users["township"], classification=c)
    with pytest.raises(ValidationError):
        svc.meeting_save(actor=demo.users["township"], classification=c, step=2, date=m1.date, place="x", party_members=20)
    m2 = svc.meeting_save(actor=demo.users["township"], classification=c, step=2, date=m1.date, place="x",
                          party_members=20, entitled=30)
    assert m2.kind == "member_delegates" and m2.quorum_ok


def test_self_rating_needs_reasons_and_flags_a_level_above_the_plurality(demo):
    c = to_step3(demo, classification_of(demo), s1=(5, 30, 5), s2=(4, 20, 2))
    with pytest.raises(ValidationError):
        svc.classification_self_rate(actor=demo.users["branch"], classification=c, level="advanced", reasons="  ")
    c = svc.classification_self_rate(actor=demo.users["branch"], classification=c, level="advanced", reasons="理由")
    assert c.state == "step4" and c.self_flagged


def test_self_rating_at_the_plurality_is_not_flagged(demo):
    c = to_step3(demo, classification_of(demo), s1=(5, 30, 5), s2=(4, 20, 2))
    c = svc.classification_self_rate(actor=demo.users["branch"], classification=c, level="average", reasons="理由")
    assert not c.self_flagged


def test_adopted_level_goes_to_the_township_which_confirms_it(demo):
    c = deliberate(demo, to_step4(demo, classification_of(demo)), agree=40, disagree=20, abstain=5)
    assert c.state == "submitted"
    with pytest.raises(Http404):
        svc.classification_confirm(actor=demo.users["branch"], classification=c)
    with pytest.raises(ValidationError, match="上级|superior"):  # the county rates townships, not a township's branches
        svc.classification_confirm(actor=demo.users["county"], classification=c)
    c = svc.classification_confirm(actor=demo.users["township"], classification=c, comment="同意")
    assert c.state == "confirmed" and c.final_level == "advanced"
    review = ClassificationReview.objects.get(classification=c)
    assert review.kind == "confirm" and review.actor == demo.users["township"]
    assert actions(c) == ["classification.step1_complete", "classification.step2_complete", "classification.self_rate",
                          "classification.step4_complete", "classification.confirm"]
    event = AuditEvent.objects.get(object_id=str(c.pk), action="classification.step4_complete")
    assert event.before["state"] == "step4" and event.after["state"] == "submitted" and event.after["adopted"] is True


def test_exactly_half_agree_goes_back_to_step3_by_default(demo):
    c = deliberate(demo, to_step4(demo, classification_of(demo)), agree=30, disagree=20, abstain=10, spoiled=3)
    assert c.state == "step3" and c.rounds == 1
    assert Meeting.objects.filter(classification=c, step=4, superseded=True).count() == 1
    # a new round: self-rate again, a new deliberation meeting
    c = svc.classification_self_rate(actor=demo.users["branch"], classification=c, level="average", reasons="调整")
    c = deliberate(demo, c, agree=50, disagree=10)
    assert c.state == "submitted"


def test_not_adopted_goes_to_the_township_when_the_rule_set_says_so(demo):
    ruleset = RuleSet.objects.create(name="试点规则", values={"deliberation_not_adopted": "township_decides"})
    for rule in RuleSet.objects.get(pk=1).quorum_rules.all():
        rule.pk, rule.ruleset = None, ruleset
        rule.save()
    campaign = demo.ctx.campaign
    campaign.ruleset = ruleset
    campaign.save()
    c = deliberate(demo, to_step4(demo, classification_of(demo)), agree=10, disagree=50)
    assert c.state == "township_decides"
    with pytest.raises(Http404):
        svc.classification_township_decide(actor=demo.users["branch"], classification=c, level="average", reason="x")
    with pytest.raises(ValidationError):
        svc.classification_township_decide(actor=demo.users["township"], classification=c, level="average", reason="")
    c = svc.classification_township_decide(actor=demo.users["township"], classification=c, level="average", reason="综合研判")
    assert c.state == "confirmed" and c.final_level == "average"


def test_township_returns_with_reasons_to_step3(demo):
    c = deliberate(demo, to_step4(demo, classification_of(demo)), agree=40, disagree=20)
    with pytest.raises(ValidationError):
        svc.classification_return(actor=demo.users["township"], classification=c, reason="")
    c = svc.classification_return(actor=demo.users["township"], classification=c, reason="自评依据不足")
    assert c.state == "step3" and c.rounds == 1
    assert not Meeting.objects.filter(classification=c, step=4, superseded=False).exists()
    assert ClassificationReview.objects.get(classification=c).text == "自评依据不足"


def test_county_may_comment_and_others_may_not(demo):
    c = classification_of(demo)
    svc.classification_comment(actor=demo.users["county"], classification=c, text="请注意群众代表比例")
    assert c.reviews.get().kind == "comment"
    for who in ("township", "branch"):
        with pytest.raises(Http404):
            svc.classification_comment(actor=demo.users[who], classification=c, text="x")


@pytest.mark.parametrize("state,call", [
    ("step1", lambda d, c: svc.classification_self_rate(actor=d.users["branch"], classification=c, level="average", reasons="x")),
    ("step1", lambda d, c: svc.classification_confirm(actor=d.users["township"], classification=c)),
    ("step1", lambda d, c: svc.classification_return(actor=d.users["township"], classification=c, reason="x")),
    ("step1", lambda d, c: svc.classification_township_decide(actor=d.users["township"], classification=c, level="average", reason="x")),
    ("step1", lambda d, c: svc.meeting_save(actor=d.users["branch"], classification=c, step=2, date=d.ctx.campaign.survey_due, place="x", party_members=30)),
    ("step3", lambda d, c: svc.classification_step_complete(actor=d.users["branch"], classification=c)),
    ("step4", lambda d, c: svc.classification_confirm(actor=d.users["township"], classification=c)),
    ("confirmed", lambda d, c: svc.classification_self_rate(actor=d.users["branch"], classification=c, level="average", reasons="x")),
    ("confirmed", lambda d, c: svc.classification_step_complete(actor=d.users["branch"], classification=c)),
])
def test_forbidden_transitions_are_refused_and_change_nothing(demo, state, call):
    c = classification_of(demo)
    Classification.objects.filter(pk=c.pk).update(state=state)
    c.refresh_from_db()
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        call(demo, c)
    c.refresh_from_db()
    assert c.state == state and AuditEvent.objects.count() == before


def test_a_branch_secretary_cannot_act_on_another_branch(demo):
    c = classification_of(demo)
    with pytest.raises(Http404):
        meeting(demo, c, 1, actor="branch2")
    with pytest.raises(Http404):
        svc.classification_step_complete(actor=demo.users["branch2"], classification=c)


def test_attachments_check_type_size_and_content(demo, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    c = classification_of(demo)
    m = meeting(demo, c, 1)
    att = svc.meeting_attachment_add(actor=demo.users["branch"], meeting=m,
                                     upload=SimpleUploadedFile("签到表.pdf", b"%PDF-1.4 test"))
    assert att.size == 13 and att.name == "签到表.pdf"
    with pytest.raises(ValidationError):
        svc.meeting_attachment_add(actor=demo.users["branch"], meeting=m, upload=SimpleUploadedFile("x.exe", b"MZ"))
    with pytest.raises(ValidationError):
        svc.meeting_attachment_add(actor=demo.users["branch"], meeting=m, upload=SimpleUploadedFile("x.pdf", b"not a pdf"))
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError):
        svc.meeting_attachment_add(actor=demo.users["branch"], meeting=m, upload=SimpleUploadedFile("y.pdf", b"%PDF-1.4 too long"))


def test_demo_seed_is_idempotent_and_has_every_step(demo):
    from core.demo import seed_demo

    counts = (Classification.objects.count(), Meeting.objects.count(), AuditEvent.objects.count())
    seed_demo()
    assert (Classification.objects.count(), Meeting.objects.count(), AuditEvent.objects.count()) == counts
    states = set(Classification.objects.values_list("state", flat=True))
    assert {"step1", "step2", "step3", "step4", "submitted", "confirmed"} <= states
    not_adopted = Classification.objects.get(organization__name="新塘村党支部")
    assert not_adopted.rounds == 1 and not_adopted.meetings.filter(step=4, superseded=True).exists()


def test_township_starts_all_its_remaining_branches_at_once(demo):
    from organizations.models import Organization

    n = svc.classification_start_all(actor=demo.users["township"], campaign=demo.ctx.campaign)
    branches = Organization.objects.filter(path__startswith=demo.township.path, kind__in=svc.CLASSIFIED_KINDS)
    assert n > 0 and Classification.objects.filter(organization__in=branches).count() == branches.count()
    assert not Classification.objects.filter(organization=demo.other_township_branch).exists()
    assert AuditEvent.objects.filter(action="classification.start").count() == n
    assert svc.classification_start_all(actor=demo.users["township"], campaign=demo.ctx.campaign) == 0
