"""Star records people can trust (docs/rules.md §13): whoever entered or submitted a self-score or an application
does not score or decide it; approved, public and final scores are read-only; the way back is a reopening by the
level that decided, with a reason, audited."""
from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core.models import AuditEvent
from ratings.stars import services as s
from ratings.stars.choices import AppState, Stage
from ratings.stars.models import ScoringTemplate, StarRating
from ratings.stars.scoring import Entry
from ratings.stars.selectors import template_with_rules
from ratings.stars.services_reopen import application_reopen, may_reopen, sheet_reopen

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
#: the branch's application below has no score sheet, so the rules suggest one star: assessing three stars is a
#: departure and needs a written reason (docs/rules.md §8); the four-eyes tests give it so that only the actor differs
WHY = "经实地考核综合评定"


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


def _apps(demo):
    return demo.ctx.extra["ratings.stars.applications"]


def _sheets(demo):
    return demo.ctx.extra["ratings.stars.sheets"]


def _four_eyes(demo, on: bool) -> None:
    ruleset = demo.ctx.campaign.ruleset
    ruleset.values = {**(ruleset.values or {}), "four_eyes": on}
    ruleset.save(update_fields=["values"])


def _township_self_scores(demo):
    """The township enters and submits the branch's self-score itself."""
    township = demo.users["township"]
    template = template_with_rules(ScoringTemplate.objects.get(builtin_key="seed004_fivestar").pk)
    sheet = s.sheet_create(actor=township, organization=demo.branch, campaign=demo.ctx.campaign, template=template)
    s.sheet_save_entries(actor=township, sheet=sheet, stage=Stage.SELF, entries={}, template=template)
    return s.sheet_submit(actor=township, sheet=sheet), template


# ---- frozen records -------------------------------------------------------------------------------

def test_posting_a_final_score_after_county_approval_changes_nothing_and_says_why(demo, client_for):
    sheet = _sheets(demo)["final"]
    sheet.refresh_from_db()
    assert _apps(demo)["approved"].state == AppState.APPROVED and sheet.status == "final"
    before, events = sheet.final_total, AuditEvent.objects.filter(action="score_sheet.final").count()
    client = client_for("county")
    response = client.post(f"/ratings/stars/sheets/{sheet.pk}/enter/final/", {})
    assert response.status_code == 302 and response["Location"].endswith(f"/ratings/stars/sheets/{sheet.pk}/")
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]
    assert client.get(f"/ratings/stars/sheets/{sheet.pk}/enter/final/").status_code == 302
    sheet.refresh_from_db()
    assert sheet.final_total == before
    assert AuditEvent.objects.filter(action="score_sheet.final").count() == events
    template = template_with_rules(sheet.template_id)
    # the client's requests left the site's language (Chinese) active through LocaleMiddleware: read the English msgid
    with translation.override("en"), pytest.raises(ValidationError, match="approved"):
        s.sheet_save_entries(actor=demo.users["county"], sheet=sheet, stage=Stage.FINAL, entries={}, template=template)
    detail = client.get(f"/ratings/stars/sheets/{sheet.pk}/").content.decode()
    assert f"/ratings/stars/sheets/{sheet.pk}/enter/final/" not in detail


def test_reviewer_scores_do_not_change_during_the_public_notice(demo, client_for):
    sheet = _sheets(demo)["school"]
    assert _apps(demo)["notice"].state == AppState.NOTICE
    sheet.refresh_from_db()
    before = sheet.reviewer_total
    template = template_with_rules(sheet.template_id)
    with pytest.raises(ValidationError, match="public notice"):
        s.sheet_save_entries(actor=demo.users["township"], sheet=sheet, stage=Stage.REVIEWER, entries={}, template=template)
    response = client_for("township").post(f"/ratings/stars/sheets/{sheet.pk}/enter/reviewer/", {})
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.reviewer_total == before


def test_no_evidence_is_added_to_a_final_sheet(demo, client_for):
    sheet = _sheets(demo)["final"]
    rule = template_with_rules(sheet.template_id).sections.first().rules.first()
    count = sheet.evidence.count()
    with pytest.raises(ValidationError, match="final"):
        s.evidence_upload(actor=demo.users["county"], sheet=sheet, upload=SimpleUploadedFile("a.pdf", PDF), rules=[rule])
    client = client_for("county")
    assert client.get(f"/ratings/stars/sheets/{sheet.pk}/evidence/").status_code == 302
    response = client.post(f"/ratings/stars/sheets/{sheet.pk}/evidence/",
                           {"file": SimpleUploadedFile("a.pdf", PDF), "rules": [rule.pk]})
    assert response.status_code == 302
    assert sheet.evidence.count() == count


# ---- four eyes ------------------------------------------------------------------------------------

def test_the_township_that_self_scored_a_sheet_does_not_give_the_reviewer_score(demo, client_for):
    sheet, template = _township_self_scores(demo)
    with pytest.raises(ValidationError, match="four eyes"):
        s.sheet_save_entries(actor=demo.users["township"], sheet=sheet, stage=Stage.REVIEWER, entries={}, template=template)
    assert not s.may_enter_stage(demo.users["township"], sheet, Stage.REVIEWER)
    page = client_for("township").get(f"/ratings/stars/sheets/{sheet.pk}/").content.decode()
    assert f"/ratings/stars/sheets/{sheet.pk}/enter/reviewer/" not in page
    assert s.may_enter_stage(demo.users["county"], sheet, Stage.REVIEWER)
    s.sheet_save_entries(actor=demo.users["county"], sheet=sheet, stage=Stage.REVIEWER, entries={}, template=template)


def test_with_four_eyes_off_the_single_clerk_gives_the_reviewer_score(demo):
    _four_eyes(demo, False)
    sheet, template = _township_self_scores(demo)
    result = s.sheet_save_entries(actor=demo.users["township"], sheet=sheet, stage=Stage.REVIEWER, entries={}, template=template)
    assert result.sheet.status == "reviewed"


def test_the_township_that_submitted_an_application_does_not_assess_it(demo, client_for):
    township = demo.users["township"]
    app = s.application_create(actor=township, organization=demo.branch, campaign=demo.ctx.campaign, requested_level=3)
    app = s.application_submit(actor=township, application=app)
    assert "assess" not in s.allowed_decisions(township, app)
    assert "return" in s.allowed_decisions(township, app)
    with pytest.raises(ValidationError, match="four eyes"):
        s.application_assess(actor=township, application=app, level=3, comment="考核合格", departure_reason=WHY)
    assert client_for("township").get(f"/ratings/stars/applications/{app.pk}/assess/").status_code == 404
    app.refresh_from_db()
    assert app.state == AppState.SUBMITTED and not app.approvals.filter(decision="assess").exists()
    assert "assess" in s.allowed_decisions(demo.users["county"], app)


def test_with_four_eyes_off_the_same_township_assesses(demo):
    _four_eyes(demo, False)
    township = demo.users["township"]
    app = s.application_create(actor=township, organization=demo.branch, campaign=demo.ctx.campaign, requested_level=3)
    app = s.application_submit(actor=township, application=app)
    assert s.application_assess(actor=township, application=app, level=3, comment="考核合格",
                                departure_reason=WHY).proposed_level == 3


# ---- reopening ------------------------------------------------------------------------------------

def test_only_the_county_that_approved_reopens_with_a_reason_and_the_rating_is_withdrawn(demo, client_for):
    app = _apps(demo)["approved"]
    county, township = demo.users["county"], demo.users["township"]
    assert StarRating.objects.filter(campaign=app.campaign, organization=app.organization).exists()
    assert not may_reopen(township, app) and "reopen" not in s.allowed_decisions(township, app)
    assert "reopen" in s.allowed_decisions(county, app)
    with pytest.raises(ValidationError):
        application_reopen(actor=county, application=app, reason="  ")
    with pytest.raises(ValidationError):
        application_reopen(actor=township, application=app, reason="重新审定")
    response = client_for("county").post(f"/ratings/stars/applications/{app.pk}/reopen/", {"comment": "群众举报，重新审定"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == AppState.NOTICE and app.final_level is None
    assert not StarRating.objects.filter(campaign=app.campaign, organization=app.organization).exists()
    assert app.approvals.last().decision == "reopen" and app.approvals.last().comment == "群众举报，重新审定"
    assert AuditEvent.objects.filter(action="star_application.reopen", reason="群众举报，重新审定").exists()
    assert AuditEvent.objects.filter(action="star_rating.withdraw").exists()


def test_a_final_sheet_is_reopened_by_the_county_after_its_application(demo):
    app, sheet = _apps(demo)["approved"], _sheets(demo)["final"]
    county = demo.users["county"]
    with pytest.raises(ValidationError, match="application first"):
        sheet_reopen(actor=county, sheet=sheet, reason="复核")
    application_reopen(actor=county, application=app, reason="复核")
    s.application_return(actor=county, application=app, reason="重新评分")
    with pytest.raises(ValidationError):
        sheet_reopen(actor=demo.users["township"], sheet=sheet, reason="复核")
    sheet = sheet_reopen(actor=county, sheet=sheet, reason="复核")
    assert sheet.status == "reviewed"
    template = template_with_rules(sheet.template_id)
    s.sheet_save_entries(actor=county, sheet=sheet, stage=Stage.FINAL, entries={}, template=template)
    assert AuditEvent.objects.filter(action="score_sheet.reopen", reason="复核").exists()


def test_a_final_sheet_without_an_application_is_not_typed_over(demo):
    """A sheet is frozen once final even without an application; the county reopens it to change it."""
    county = demo.users["county"]
    sheet, template = _township_self_scores(demo)
    s.sheet_save_entries(actor=county, sheet=sheet, stage=Stage.REVIEWER, entries={}, template=template)
    s.sheet_save_entries(actor=county, sheet=sheet, stage=Stage.FINAL, entries={}, template=template)
    rule = template.sections.first().rules.first()
    with pytest.raises(ValidationError, match="final score is fixed"):
        s.sheet_save_entries(actor=county, sheet=sheet, stage=Stage.FINAL, entries={rule.pk: Entry(flag=True)}, template=template)
