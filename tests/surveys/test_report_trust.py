"""A special survey report people can trust (docs/rules.md §13): whoever wrote or submitted it does not accept
it; an accepted report is reopened only by the superior, with a reason."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from core.models import AuditEvent
from surveys import services
from surveys.models import SurveyReport

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


def _submitted_by(demo, who: str) -> SurveyReport:
    SurveyReport.objects.filter(organization=demo.branch).delete()
    report = services.survey_report_get_or_create(organization=demo.branch, campaign=demo.ctx.campaign)
    services.survey_report_save(actor=demo.users[who], report=report, overview="概况", strengths="优势", problems="问题",
                                bottlenecks="瓶颈", evaluation="评价", suggestions="建议")
    return services.survey_report_submit(actor=demo.users[who], report=report)


def _page(demo, client) -> str:
    url = f"{reverse('surveys:report-edit', args=[demo.branch.pk])}?campaign={demo.ctx.campaign.pk}"
    return client.get(url).content.decode()


def test_the_township_that_wrote_and_submitted_a_report_may_not_accept_it(demo, client_for):
    report = _submitted_by(demo, "township")
    with pytest.raises(ValidationError, match="four eyes"):
        services.survey_report_review(actor=demo.users["township"], report=report, accept=True)
    report.refresh_from_db()
    assert report.status == "submitted"
    page = _page(demo, client_for("township"))
    assert 'value="accept"' not in page and 'value="return"' in page  # only returning is offered
    response = client_for("township").post(reverse("surveys:report-review", args=[report.pk]), {"decision": "accept"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    # another person with the superior's role accepts it
    assert services.survey_report_review(actor=demo.users["county"], report=report, accept=True).status == "accepted"


def test_with_four_eyes_off_the_single_clerk_accepts(demo):
    ruleset = demo.ctx.campaign.ruleset
    ruleset.values = {**(ruleset.values or {}), "four_eyes": False}
    ruleset.save(update_fields=["values"])
    report = _submitted_by(demo, "township")
    assert services.survey_report_review(actor=demo.users["township"], report=report, accept=True).status == "accepted"


def test_the_branchs_report_is_accepted_by_the_township_and_reopened_only_with_a_reason(demo, client_for):
    report = _submitted_by(demo, "branch")
    assert 'value="accept"' in _page(demo, client_for("township"))
    report = services.survey_report_review(actor=demo.users["township"], report=report, accept=True)
    with pytest.raises(ValidationError):  # accepted: read-only
        services.survey_report_save(actor=demo.users["branch"], report=report, problems="再改")
    with pytest.raises(ValidationError):  # the branch does not reopen its own accepted report
        services.survey_report_reopen(actor=demo.users["branch"], report=report, reason="想改")
    with pytest.raises(ValidationError):
        services.survey_report_reopen(actor=demo.users["township"], report=report, reason=" ")
    with pytest.raises(ValidationError):  # no submit ever starts from "accepted"
        services.survey_report_submit(actor=demo.users["branch"], report=report)
    client = client_for("township")
    assert reverse("surveys:report-reopen", args=[report.pk]) in _page(demo, client)
    client.post(reverse("surveys:report-reopen", args=[report.pk]), {"reason": "统计数据有误，重新审核"})
    report.refresh_from_db()
    assert report.status == "submitted"
    assert AuditEvent.objects.get(action="survey_report.reopen").reason == "统计数据有误，重新审核"
