"""The commitment workflow, its scope, and the year-end re-rating (docs/rules.md §9)."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from core.models import AuditEvent
from upgrades import services as s
from upgrades.models import Commitment, CommitmentReview, YearEnd
from upgrades.selectors import org_years, rates_for

pytestmark = pytest.mark.django_db


def _new(demo, target="advanced"):
    c = s.commitment_create(actor=demo.users["branch"], campaign=demo.ctx.campaign, organization=demo.branch,
                            target_level=target)
    s.measure_add(actor=demo.users["branch"], commitment=c, what="规范三会一课", responsible="书记",
                  due=datetime.date.today() + datetime.timedelta(days=30))
    return c


def test_a_branch_starts_from_last_years_final_level_when_not_confirmed_this_year(demo):
    c = _new(demo)
    # demo: 东方村 was fixed average last year, with last year's approved rating of 3 stars
    assert c.start_level == "average" and c.start_stars == 3


def test_submit_approve_writes_review_rows_and_audit_events(demo):
    c = _new(demo)
    c = s.commitment_submit(actor=demo.users["branch"], commitment=c)
    assert c.state == "submitted"
    c = s.commitment_approve(actor=demo.users["township"], commitment=c, comment="同意")
    assert c.state == "approved"
    assert list(CommitmentReview.objects.filter(commitment=c).values_list("transition", "to_state")) == [
        ("submit", "submitted"), ("approve", "approved")]
    assert AuditEvent.objects.filter(action="commitment.approve").exists()


def test_return_needs_a_reason_and_the_branch_can_resubmit(demo):
    c = s.commitment_submit(actor=demo.users["branch"], commitment=_new(demo))
    with pytest.raises(ValidationError):
        s.commitment_return(actor=demo.users["township"], commitment=c, reason=" ")
    c = s.commitment_return(actor=demo.users["township"], commitment=c, reason="措施不具体")
    assert c.state == "returned" and c.reviews.last().text == "措施不具体"
    s.commitment_update(actor=demo.users["branch"], commitment=c, target_level="average")
    assert s.commitment_submit(actor=demo.users["branch"], commitment=c).state == "submitted"


def test_a_commitment_without_measures_cannot_be_submitted(demo):
    c = s.commitment_create(actor=demo.users["branch"], campaign=demo.ctx.campaign, organization=demo.branch,
                            target_level="advanced")
    with pytest.raises(ValidationError):
        s.commitment_submit(actor=demo.users["branch"], commitment=c)


def test_the_branch_cannot_approve_its_own_commitment_and_another_branch_cannot_touch_it(demo):
    c = s.commitment_submit(actor=demo.users["branch"], commitment=_new(demo))
    with pytest.raises(Http404):
        s.commitment_approve(actor=demo.users["branch"], commitment=c)
    with pytest.raises(Http404):
        s.measure_add(actor=demo.users["branch2"], commitment=c, what="x", responsible="y", due=datetime.date.today())
    c2 = demo.ctx.extra["upgrades.commitments"]["submitted"]
    assert s.commitment_approve(actor=demo.users["township"], commitment=c2).state == "approved"


def test_another_townships_staff_cannot_review(demo):
    c = s.commitment_submit(actor=demo.users["branch"], commitment=_new(demo))
    with pytest.raises(Http404):
        s.commitment_approve(actor=demo.users["township2"], commitment=c)


def test_states_follow_the_table_only(demo):
    c = _new(demo)
    with pytest.raises(ValidationError):
        s.commitment_approve(actor=demo.users["township"], commitment=c)
    approved = demo.ctx.extra["upgrades.commitments"]["approved"]
    with pytest.raises(ValidationError):
        s.commitment_return(actor=demo.users["township"], commitment=approved, reason="x")
    with pytest.raises(ValidationError):
        s.measure_add(actor=demo.users["branch2"], commitment=approved, what="x", responsible="y", due=datetime.date.today())


def test_only_an_approved_commitment_goes_public(demo):
    with pytest.raises(ValidationError):
        s.commitment_publish(actor=demo.users["branch"], commitment=_new(demo))


def test_evidence_checks_type_and_one_file_backs_several_measures(demo):
    c = demo.ctx.extra["upgrades.commitments"]["approved"]
    ms = list(c.measures.all())
    with pytest.raises(ValidationError):
        s.evidence_add(actor=demo.users["branch2"], commitment=c, upload=SimpleUploadedFile("a.exe", b"MZ"), measures=ms)
    with pytest.raises(ValidationError):
        s.evidence_add(actor=demo.users["branch2"], commitment=c, upload=SimpleUploadedFile("a.pdf", b"not a pdf"), measures=ms)
    ev = s.evidence_add(actor=demo.users["branch2"], commitment=c, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"),
                        measures=ms[:2])
    assert ev.measures.count() == 2


def test_year_end_quorum_satisfaction_and_the_superior_fixing_the_level_update_the_rates(demo):
    campaign, org = demo.ctx.campaign, demo.branch
    before = {r.key: r for r in rates_for(demo.users["township"], campaign)}
    # the member evaluation meeting: 10 of 36 entitled is short of "more than half"
    ye = s.yearend_self_check(actor=demo.users["branch"], campaign=campaign, organization=org, report="自查",
                              meeting_date=datetime.date.today(), party_members=10, entitled=36, initial_level="advanced")
    assert not ye.meeting_quorum_ok and ye.initial_level == ""
    ye = s.yearend_self_check(actor=demo.users["branch"], campaign=campaign, organization=org, report="自查",
                              meeting_date=datetime.date.today(), party_members=30, entitled=36, initial_level="advanced")
    assert ye.meeting_quorum_ok and ye.initial_level == "advanced"
    with pytest.raises(Http404):  # the satisfaction assessment is run by the superior
        s.yearend_satisfaction(actor=demo.users["branch"], campaign=campaign, organization=org, attendance={}, counts={})
    ye = s.yearend_satisfaction(actor=demo.users["township"], campaign=campaign, organization=org,
                                attendance={"party_member": 40, "masses": 17, "service_recipient": 3},
                                counts={"masses": {"satisfied": 10, "basically": 5, "dissatisfied": 2}})
    assert not ye.sat_quorum_ok  # 60 people but 17 masses < 30%
    with pytest.raises(ValidationError):  # the satisfaction quorum is not met: the level cannot be fixed
        s.yearend_fix_level(actor=demo.users["township"], campaign=campaign, organization=org, level="advanced",
                            stars=4, reason="群众满意")
    ye = s.yearend_satisfaction(actor=demo.users["township"], campaign=campaign, organization=org,
                                attendance={"party_member": 40, "masses": 18, "service_recipient": 2},
                                counts={"masses": {"satisfied": 10, "basically": 6, "dissatisfied": 2}})
    assert ye.sat_quorum_ok
    with pytest.raises(ValidationError):
        s.yearend_fix_level(actor=demo.users["township"], campaign=campaign, organization=org, level="advanced",
                            stars=4, reason="")
    with pytest.raises(Http404):
        s.yearend_fix_level(actor=demo.users["branch"], campaign=campaign, organization=org, level="advanced",
                            stars=4, reason="x")
    s.yearend_fix_level(actor=demo.users["township"], campaign=campaign, organization=org, level="advanced",
                        reason="群众满意，成效突出")
    assert AuditEvent.objects.filter(action="yearend.fix_level", reason="群众满意，成效突出").exists()
    data = org_years([org], type(org).objects.filter(pk=org.pk), campaign)[org.pk]
    assert (data["start_level"], data["end_level"], data["change"]) == ("average", "advanced", "up")
    after = {r.key: r for r in rates_for(demo.users["township"], campaign)}
    assert after["upgrade"].denominator == before["upgrade"].denominator


def test_rates_for_a_township_user_cover_only_their_township(demo):
    rows = rates_for(demo.users["township"], demo.ctx.campaign)
    assert {r.scope_name for r in rows} == {demo.township.name}
    assert {r.key for r in rows} >= {"upgrade", "transformation", "improvement"}
    county_rows = rates_for(demo.users["county"], demo.ctx.campaign)
    assert {r.scope_name for r in county_rows} == {demo.township.name, demo.township2.name, demo.county.name}


def test_demo_seed_is_idempotent(demo):
    from upgrades.demo import seed

    n = (Commitment.objects.count(), YearEnd.objects.count())
    seed(demo.ctx)
    assert (Commitment.objects.count(), YearEnd.objects.count()) == n
    assert set(Commitment.objects.values_list("state", flat=True)) == {"draft", "submitted", "returned", "approved"}
