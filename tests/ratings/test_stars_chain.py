"""Services of the approval chain: the whole way for 4 and 1-3 stars, forbidden transitions, scope, quotas."""
from __future__ import annotations

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import AuditEvent
from campaigns.models import RuleSet
from ratings.stars import services as s
from ratings.stars.choices import AppState, Stage
from ratings.stars.models import ScoringTemplate, StarApproval, StarRating
from ratings.stars.scoring import Entry
from ratings.stars.selectors import county_inbox, template_with_rules

# not about the suggested level: a departure from it carries its written reason (docs/rules.md §8)
WHY = "经实地考核综合评定"


@pytest.fixture(autouse=True)
def english_messages():
    """The assertions read the services' messages by their English msgids."""
    from django.utils import translation

    with translation.override("en"):
        yield


def _sheet(demo, org=None, actor=None, key="seed004_fivestar"):
    org = org or demo.branch
    actor = actor or demo.users["branch"]
    template = template_with_rules(ScoringTemplate.objects.get(builtin_key=key).pk)
    sheet = s.sheet_create(actor=actor, organization=org, campaign=demo.ctx.campaign, template=template)
    s.sheet_save_entries(actor=actor, sheet=sheet, stage=Stage.SELF, entries={}, template=template)
    return sheet, template


def test_branch_self_scores_and_the_full_four_star_chain_ends_in_a_published_rating(demo):
    branch, township, county = demo.users["branch"], demo.users["township"], demo.users["county"]
    sheet, template = _sheet(demo)
    sheet.refresh_from_db()
    assert sheet.self_total == D(110)
    s.sheet_submit(actor=branch, sheet=sheet)
    app = s.application_create(actor=branch, organization=demo.branch, campaign=demo.ctx.campaign, requested_level=4, sheet=sheet)
    app = s.application_submit(actor=branch, application=app)
    app = s.application_assess(departure_reason=WHY, actor=township, application=app, level=4, comment="考核合格")
    assert app.state == AppState.ASSESSED
    app = s.application_inspect(actor=county, application=app, comment="验收合格")
    start = timezone.localdate() - datetime.timedelta(days=10)
    app = s.application_notice_open(actor=county, application=app, start=start)
    assert app.notice_end == start + datetime.timedelta(days=6)  # 7 days
    app = s.application_approve(actor=county, application=app, comment="批准")
    assert app.state == AppState.APPROVED and app.final_level == 4
    assert StarRating.objects.get(organization=demo.branch, campaign=demo.ctx.campaign).level == 4
    decisions = list(StarApproval.objects.filter(application=app).values_list("decision", "actor_name"))
    assert [d for d, _ in decisions] == ["submit", "assess", "inspect", "notice", "approve"]
    assert AuditEvent.objects.filter(object_type="stars.starapplication", object_id=str(app.pk)).count() >= 6


def test_a_township_cannot_approve_four_stars(demo):
    app = demo.ctx.extra["ratings.stars.applications"]["assessed"]
    with pytest.raises(ValidationError):
        s.application_approve(actor=demo.users["township"], application=app)
    with pytest.raises(ValidationError):
        s.application_inspect(actor=demo.users["township"], application=app, comment="x")


def test_the_county_cannot_approve_four_stars_before_inspection_and_notice(demo):
    app = demo.ctx.extra["ratings.stars.applications"]["assessed"]
    with pytest.raises(ValidationError):
        s.application_approve(actor=demo.users["county"], application=app)


def test_approval_waits_for_the_end_of_the_notice_and_answered_objections(demo):
    app = demo.ctx.extra["ratings.stars.applications"]["notice"]
    with pytest.raises(ValidationError, match="still open"):
        s.application_approve(actor=demo.users["county"], application=app)
    later = timezone.localdate() + datetime.timedelta(days=30)
    with pytest.raises(ValidationError, match="objection"):
        s.application_approve(actor=demo.users["county"], application=app, today=later)
    s.objection_answer(actor=demo.users["county"], objection=app.objections.first(), answer="经核实，记录齐全。")
    app = s.application_approve(actor=demo.users["county"], application=app, today=later)
    assert app.state == AppState.APPROVED


def test_objections_only_while_the_notice_is_open(demo):
    app = demo.ctx.extra["ratings.stars.applications"]["assessed"]
    with pytest.raises(ValidationError):
        s.objection_create(application=app, text="不同意")


def test_one_to_three_stars_are_determined_by_the_township_and_confirmed_by_the_county(demo):
    app = demo.ctx.extra["ratings.stars.applications"]["submitted"]  # 红旗村, 3 stars
    app = s.application_assess(departure_reason=WHY, actor=demo.users["township"], application=app, level=3, comment="评定三星")
    assert app.state == AppState.ASSESSED
    assert any(r.application.pk == app.pk and r.waiting_for == "approve" for r in county_inbox(demo.users["county"]))
    app = s.application_approve(actor=demo.users["county"], application=app)
    assert app.state == AppState.APPROVED


def test_a_rule_set_that_lets_the_township_decide_publishes_at_assessment(demo):
    rs = RuleSet.objects.create(name="乡镇定一至三星", values={"star_county_confirms_low": False})
    campaign = demo.ctx.campaign
    campaign.ruleset = rs
    campaign.save()
    app = demo.ctx.extra["ratings.stars.applications"]["submitted"]
    app = s.application_assess(departure_reason=WHY, actor=demo.users["township"], application=app, level=2, comment="二星")
    assert app.state == AppState.APPROVED and app.final_level == 2


def test_a_branch_cannot_score_itself_as_reviewer_nor_assess_itself(demo):
    sheet = demo.ctx.extra["ratings.stars.sheets"]["submitted"]  # 红旗村 = branch2
    template = template_with_rules(sheet.template_id)
    with pytest.raises(ValidationError):
        s.sheet_save_entries(actor=demo.users["branch2"], sheet=sheet, stage=Stage.REVIEWER, entries={}, template=template)
    app = demo.ctx.extra["ratings.stars.applications"]["submitted"]
    with pytest.raises(ValidationError):
        s.application_assess(departure_reason=WHY, actor=demo.users["branch2"], application=app, level=5, comment="自评五星")


def test_a_township_cannot_touch_another_townships_branch(demo):
    sheet, template = _sheet(demo, demo.org("杨庄村党支部"), demo.users["township2"])
    s.sheet_submit(actor=demo.users["township2"], sheet=sheet)
    with pytest.raises(ValidationError):
        s.sheet_save_entries(actor=demo.users["township"], sheet=sheet, stage=Stage.REVIEWER, entries={}, template=template)


@pytest.mark.parametrize("decision", ["inspect", "notice", "approve"])
def test_forbidden_transitions_from_submitted(demo, decision):
    app = demo.ctx.extra["ratings.stars.applications"]["submitted"]
    kwargs = {"comment": "x"}
    with pytest.raises(ValidationError):
        s.SERVICES[decision](actor=demo.users["county"], application=app, **kwargs)


def test_any_step_can_return_with_reasons_and_the_branch_applies_again(demo):
    app = demo.ctx.extra["ratings.stars.applications"]["inspected"]
    with pytest.raises(ValidationError):
        s.application_return(actor=demo.users["county"], application=app, reason=" ")
    with pytest.raises(ValidationError):
        s.application_return(actor=demo.users["township"], application=app, reason="township cannot after assessing")
    app = s.application_return(actor=demo.users["county"], application=app, reason="验收发现台账不全")
    assert app.state == AppState.RETURNED
    assert app.approvals.last().comment == "验收发现台账不全"
    sec = app.organization.roles.first().user
    app = s.application_submit(actor=sec, application=app)
    assert app.state == AppState.SUBMITTED


def test_five_stars_need_a_recognised_innovation_project(demo):
    app = demo.ctx.extra["ratings.stars.applications"]["submitted"]
    with pytest.raises(ValidationError, match="innovation"):
        s.application_assess(departure_reason=WHY, actor=demo.users["township"], application=app, level=5, comment="五星", innovation_recognised=False)


def test_a_veto_on_the_sheet_caps_the_assessment_at_three(demo):
    sheet, template = _sheet(demo)
    veto = next(r for sec in template.sections.all() for r in sec.rules.all() if r.method == "veto")
    s.sheet_save_entries(actor=demo.users["branch"], sheet=sheet, stage=Stage.SELF, entries={veto.pk: Entry(flag=True)}, template=template)
    app = s.application_create(actor=demo.users["branch"], organization=demo.branch, campaign=demo.ctx.campaign, requested_level=4, sheet=sheet)
    s.application_submit(actor=demo.users["branch"], application=app)
    with pytest.raises(ValidationError, match="veto"):
        s.application_assess(departure_reason=WHY, actor=demo.users["township"], application=app, level=4, comment="四星")


def test_approving_over_quota_needs_a_written_reason_or_is_blocked(demo):
    app = demo.ctx.extra["ratings.stars.applications"]  # this year's campaign has no quotas: the demo's is last year
    last_app = app["approved"].__class__.objects.get(campaign=demo.ctx.extra["ratings.stars.last_campaign"], over_quota=True)
    county = demo.users["county"]
    with pytest.raises(ValidationError, match="reason"):
        s.application_approve(actor=county, application=last_app)
    rs = last_app.campaign.ruleset
    blocked = RuleSet.objects.create(name="配额阻断", values={**rs.values, "star_quota_blocks": True})
    last_app.campaign.ruleset = blocked
    last_app.campaign.save()
    with pytest.raises(ValidationError, match="blocks"):
        s.application_approve(actor=county, application=last_app, over_quota_reason="成绩突出")
    last_app.campaign.ruleset = rs
    last_app.campaign.save()
    done = s.application_approve(actor=county, application=last_app, over_quota_reason="全县唯一医疗系统五星，成绩突出")
    assert done.state == AppState.APPROVED and done.over_quota


def test_spot_check_lowers_a_rating_with_reasons_and_never_raises(demo):
    rating = StarRating.objects.filter(organization=demo.org("石桥村党支部")).first()
    with pytest.raises(ValidationError):
        s.rating_spot_check(actor=demo.users["township"], rating=rating, new_level=3, reason="x")
    with pytest.raises(ValidationError):
        s.rating_spot_check(actor=demo.users["county"], rating=rating, new_level=5, reason="x")
    rating = s.rating_spot_check(actor=demo.users["county"], rating=rating, new_level=3, reason="抽查发现党员活动记录缺失")
    assert rating.level == 3 and rating.approved_level == 4
    assert rating.spot_checks.get().reason == "抽查发现党员活动记录缺失"


def test_a_frozen_template_edit_makes_a_new_version(demo):
    county = demo.users["county"]
    copy = s.template_copy(actor=county, template=ScoringTemplate.objects.get(builtin_key="seed000_township"),
                           owner=demo.county, name="乡镇党委评分表（县）", year=demo.ctx.year)
    rule = copy.sections.first().rules.first()
    same = s.template_rule_update(actor=county, rule=rule, points=D(4))
    assert same.section.template_id == copy.pk
    s.sheet_create(actor=demo.users["township"], organization=demo.branch, campaign=demo.ctx.campaign, template=copy)
    new = s.template_rule_update(actor=county, rule=same, points=D(3))
    assert new.section.template_id != copy.pk
    copy.refresh_from_db()
    assert not copy.is_active and new.section.template.previous_id == copy.pk and new.section.template.version == 2
    assert copy.sections.first().rules.first().points == D(4)


def test_built_in_templates_are_read_only(demo):
    rule = ScoringTemplate.objects.get(builtin_key="seed000_township").sections.first().rules.first()
    with pytest.raises(ValidationError):
        s.template_rule_update(actor=demo.users["county"], rule=rule, points=D(1))


def test_discretionary_deduction_without_comment_is_refused(demo):
    sheet, template = _sheet(demo)
    disc = next(r for sec in template.sections.all() for r in sec.rules.all() if r.method == "discretionary")
    with pytest.raises(ValidationError, match="comment"):
        s.sheet_save_entries(actor=demo.users["branch"], sheet=sheet, stage=Stage.SELF, entries={disc.pk: Entry(amount=D(2))}, template=template)


def test_evidence_type_and_size_limits(demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    sheet, template = _sheet(demo)
    with pytest.raises(ValidationError, match="type"):
        s.evidence_upload(actor=demo.users["branch"], sheet=sheet, upload=SimpleUploadedFile("x.exe", b"MZ"), rules=[])
    big = SimpleUploadedFile("big.pdf", b"0" * (11 * 1024 * 1024), "application/pdf")
    with pytest.raises(ValidationError, match="MB"):
        s.evidence_upload(actor=demo.users["branch"], sheet=sheet, upload=big, rules=[])
    rules = [r for sec in template.sections.all() for r in sec.rules.all()][:3]
    ev = s.evidence_upload(actor=demo.users["branch"], sheet=sheet, upload=SimpleUploadedFile("台账.pdf", b"%PDF-1.4 ...", "application/pdf"), rules=rules)
    assert ev.rules.count() == 3


def test_demo_seed_is_idempotent(demo):
    from core.demo import seed_demo
    from ratings.stars.models import ScoreSheet, StarApplication

    before = (StarApplication.objects.count(), ScoreSheet.objects.count(), StarApproval.objects.count())
    seed_demo()
    assert (StarApplication.objects.count(), ScoreSheet.objects.count(), StarApproval.objects.count()) == before
    states = set(StarApplication.objects.values_list("state", flat=True))
    assert states == set(AppState.values)
    assert StarApplication.objects.filter(over_quota=True).exists()


def test_dashboard_shows_the_county_its_waiting_and_over_quota_items(demo, client_for):
    from ratings.stars.todo import star_todo

    titles = [t.title for t in star_todo(demo.users["county"], {})]
    assert any("wait for the county" in t for t in titles)
    assert any("over quota" in t for t in titles)
    assert any("to assess" in t for t in (x.title for x in star_todo(demo.users["township"], {})))
    assert client_for("county").get("/").status_code == 200


def test_seed_004_rule_set_gives_the_school_deadline_of_6_september(demo):
    from ratings.stars.selectors import application_due

    campaign = demo.ctx.extra["ratings.stars.last_campaign"]
    assert application_due(campaign) == datetime.date(campaign.year, 9, 6)
    assert application_due(demo.ctx.campaign) is None


def test_star_to_three_class_mapping_where_the_schemes_meet(demo):
    from organizations.models import Organization
    from organizations.rules import RATED_KINDS
    from ratings.stars.selectors import star_class_for

    last = demo.ctx.extra["ratings.stars.last_campaign"]
    assert star_class_for(demo.org("金星村第二党支部"), last.year) == "advanced"
    assert star_class_for(demo.org("石桥村党支部"), last.year) == "average"
    assert star_class_for(demo.org("柳河村党支部"), last.year) == "lagging"
    # the demo records last year's stars of its branches (upgrades.demo.LAST_YEAR): take one it left unrated
    unrated = (Organization.objects.filter(path__startswith=last.scope.path, kind__in=RATED_KINDS)
               .exclude(star_ratings__year=last.year).order_by("pk").first())
    assert unrated is not None and not StarRating.objects.filter(organization=unrated, year=last.year).exists()
    assert star_class_for(unrated, last.year) is None


def test_filing_lists_new_four_and_five_star_organisations_as_xlsx(demo, client_for):
    import io

    from openpyxl import load_workbook

    last = demo.ctx.extra["ratings.stars.last_campaign"]
    response = client_for("county").get(f"/ratings/stars/filing.xlsx?campaign={last.pk}")
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = [row[1] for row in ws.iter_rows(min_row=3, values_only=True)]
    assert {"金星村第二党支部", "柳河社区党支部", "滨河社区党支部", "石桥村党支部"} <= set(names)
    assert "新塘村党支部" not in names  # three stars are not filed upward
    township_names = client_for("township").get(f"/ratings/stars/filing/?campaign={last.pk}").content.decode()
    assert "柳河社区党支部" not in township_names  # another township's branch stays outside the scope


def test_criteria_rule_set_decides_the_level_from_seed_001_checklists(demo, client_for):
    from ratings.stars.rules import SEED001_CRITERIA
    from ratings.stars.views import _suggestion

    campaign = demo.ctx.campaign
    campaign.ruleset = RuleSet.objects.get(pk=2)
    campaign.save()
    data = {"organization": demo.branch.pk, "requested_level": 3}
    for level in (1, 2, 3):
        for i in range(len(SEED001_CRITERIA[level])):
            data[f"crit_{level}_{i}"] = "on"
    response = client_for("branch").post("/ratings/stars/applications/new/", data)
    assert response.status_code == 302
    from ratings.stars.models import StarApplication

    app = StarApplication.objects.get(organization=demo.branch, campaign=campaign)
    assert _suggestion(app)[1].level == 3


def test_sheet_entry_page_previews_totals_with_htmx(demo, client_for):
    sheet, template = _sheet(demo)
    per_failure = next(r for sec in template.sections.all() for r in sec.rules.all() if r.method == "per_failure")
    response = client_for("branch").post(f"/ratings/stars/sheets/{sheet.pk}/enter/self/preview/", {f"q_{per_failure.pk}": "3"})
    assert response.status_code == 200
    assert "107.00" in response.content.decode()


def test_star_ledger_report_renders_rows_of_the_subtree_as_xlsx_and_pdf(demo):
    from reports.services import report_run_execute, report_run_request

    for fmt in ("xlsx", "pdf"):
        run = report_run_request(actor=demo.users["township"], kind="star_ledger", fmt=fmt, organization=demo.township,
                                 params={"year": demo.ctx.year - 1})
        run = report_run_execute(run.pk)
        assert run.status == "done", run.error
    from ratings.stars.report_kinds import build_star_ledger

    data = build_star_ledger(run, lambda v: None)
    names = [row[1] for row in data.rows]
    assert "金星村第二党支部" in names and "柳河社区党支部" not in names
    assert next(row for row in data.rows if row[1] == "金星村第二党支部")[9] == 5


def test_township_self_scores_the_seed_000_sheet_and_the_county_reviews_it_with_spot_check_weighting(demo):
    township, county = demo.users["township"], demo.users["county"]
    template = template_with_rules(ScoringTemplate.objects.get(builtin_key="seed000_township").pk)
    sheet = s.sheet_create(actor=township, organization=demo.township, campaign=demo.ctx.campaign, template=template)
    rules = {r.text: r for sec in template.sections.all() for r in sec.rules.all()}
    venue = rules["村级组织活动场所未全覆盖的扣10分；有活动场所但不足90平方米扣5分"]
    s.sheet_save_entries(actor=township, sheet=sheet, stage=Stage.SELF, entries={venue.pk: Entry(choice=1)}, template=template)
    sheet.refresh_from_db()
    assert sheet.self_total == D(55)  # 60 points as far as seed 000 goes, minus 5 for a venue under 90 m²
    s.sheet_submit(actor=township, sheet=sheet)
    with pytest.raises(ValidationError):  # nobody reviews their own organisation
        s.sheet_save_entries(actor=township, sheet=sheet, stage=Stage.REVIEWER, entries={}, template=template)
    s.sheet_save_entries(actor=county, sheet=sheet, stage=Stage.REVIEWER, entries={venue.pk: Entry(choice=0)},
                         template=template, spot_check_score=D(60))
    sheet.refresh_from_db()
    assert sheet.reviewer_total == D("51.00")  # 10% × 60 + 90% × 50
    s.sheet_save_entries(actor=county, sheet=sheet, stage=Stage.FINAL, entries={venue.pk: Entry(choice=0)}, template=template)
    sheet.refresh_from_db()
    assert sheet.final_total == D("51.00") and sheet.status == "final"


def test_staff_add_a_rule_and_change_a_sections_points_in_a_copy(demo, client_for):
    county = demo.users["county"]
    copy = s.template_copy(actor=county, template=ScoringTemplate.objects.get(builtin_key="seed004_fivestar"),
                           owner=demo.county, name="五星创评（县）", year=demo.ctx.year)
    section = copy.sections.get(title="工作业绩")
    s.template_section_update(actor=county, section=section, max_points=D(25))
    rule = s.template_rule_add(actor=county, section=section, text="受到县级以上表彰的加分", method="bonus", points=D(2))
    assert rule.order == section.rules.count()
    response = client_for("county").post(f"/ratings/stars/sections/{section.pk}/add-rule/", {
        "text": "未完成上级交办任务的扣3分", "method": "flat_penalty", "points": "3", "source": "县委组织部"})
    assert response.status_code == 302
    assert section.rules.filter(method="flat_penalty").exists()


def test_rule_form_reads_tiers_and_documents_as_lines(demo, client_for):
    county = demo.users["county"]
    copy = s.template_copy(actor=county, template=ScoringTemplate.objects.get(builtin_key="seed000_township"),
                           owner=demo.county, name="乡镇党委评分表（分档）", year=demo.ctx.year)
    rule = copy.sections.get(title="活动阵地").rules.filter(method="tiered").first()
    client = client_for("county")
    assert "有活动场所但不足90平方米=5" in client.get(f"/ratings/stars/rules/{rule.pk}/edit/").content.decode()
    response = client.post(f"/ratings/stars/rules/{rule.pk}/edit/", {
        "text": rule.text, "method": "tiered", "points": "0", "source": rule.source,
        "tiers_text": "活动场所未全覆盖=10\n不足90平方米=4", "checklist_text": ""})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.tiers == [["活动场所未全覆盖", "10"], ["不足90平方米", "4"]]
    bad = client.post(f"/ratings/stars/rules/{rule.pk}/edit/", {"text": rule.text, "method": "tiered", "points": "0",
                                                               "tiers_text": "没有分值"})
    assert bad.status_code == 200


def test_public_notice_needs_no_login_and_lists_proposals_and_published_results(demo, client):
    from pypdf import PdfReader
    import io

    campaign = demo.ctx.campaign
    assert client.get(f"/ratings/public/stars/{campaign.pk}/").status_code == 404  # never by the sequential id
    html = client.get(f"/ratings/public/stars/{campaign.public_token}/").content.decode()
    assert "金星乡中心小学党支部" in html  # four stars under notice
    assert "柳河村党支部" in html  # two stars approved: every level's result is published
    assert "红旗村党支部" not in html  # only applied, nothing to publish
    pdf = client.get(f"/ratings/public/stars/{campaign.public_token}/notice.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "金星乡中心小学党支部" in text
    notice_app = demo.ctx.extra["ratings.stars.applications"]["notice"]
    assert client.post(f"/ratings/public/stars/objection/{notice_app.pk}/", {"text": "x"}).status_code == 404
    response = client.post(f"/ratings/public/stars/objection/{notice_app.public_token}/",
                           {"text": "请核实该支部党员大会记录", "contact": ""})
    assert response.status_code == 302
    assert demo.ctx.extra["ratings.stars.applications"]["notice"].objections.count() == 2


def test_printed_sheet_and_application_form_are_a4_pdfs_in_chinese(demo, client_for):
    import io

    from pypdf import PdfReader

    sheets, apps = demo.ctx.extra["ratings.stars.sheets"], demo.ctx.extra["ratings.stars.applications"]
    client = client_for("township")
    sheet_pdf = PdfReader(io.BytesIO(client.get(f"/ratings/stars/sheets/{sheets['school'].pk}/sheet.pdf").content))
    text = "".join(p.extract_text() for p in sheet_pdf.pages)
    assert "金星乡中心小学党支部" in text and "领导班子" in text and "第 1 页" in text
    box = sheet_pdf.pages[0].mediabox
    assert round(float(box.width)) == 842 and round(float(box.height)) == 595  # A4 landscape, like the paper sheet
    form = PdfReader(io.BytesIO(client.get(f"/ratings/stars/applications/{apps['approved'].pk}/form.pdf").content))
    text = "".join(p.extract_text() for p in form.pages)
    assert "星级评定申请表" in text and "新塘村党支部" in text and "乡镇考核评定意见" in text


def test_township_records_a_seed_001_veto_case_and_four_stars_are_refused(demo):
    from ratings.stars.rules import SEED001_VETOES

    app = demo.ctx.extra["ratings.stars.applications"]["submitted"]
    with pytest.raises(ValidationError, match="veto"):
        s.application_assess(departure_reason=WHY, actor=demo.users["township"], application=app, level=4, comment="四星",
                             vetoes=[SEED001_VETOES[1]])
    app = s.application_assess(departure_reason=WHY, actor=demo.users["township"], application=app, level=3, comment="一票否决，最高三星",
                               vetoes=[SEED001_VETOES[1]])
    assert app.vetoes == ["受到上级党委通报批评及以上组织措施"] and app.proposed_level == 3
