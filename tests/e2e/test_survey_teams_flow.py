"""Browser: 金星乡's staff see their survey team (seed 000 附件1) beside the branches' reports, the county
approves the team's special report on a phone, and a branch secretary backs a case measure with a file that
the evidence library then lists with the case."""
from __future__ import annotations

from playwright.sync_api import expect


def test_the_county_approves_the_survey_teams_report_on_a_phone(page, phone_page, login, demo):
    from surveys.models import SurveyTeam

    team = SurveyTeam.objects.get(pk=demo.ctx.extra["surveys.teams"]["金星乡党委"].pk)
    login(page, "township")
    page.goto(f"/surveys/overview/?campaign={demo.ctx.campaign.pk}")
    page.click("[data-testid=team-list-link]")
    expect(page.locator("[data-testid=team-list]")).to_contain_text(team.name)
    page.click(f"text={team.name}")
    expect(page.locator("[data-testid=team-roster]")).to_contain_text("王旭兵")
    expect(page.locator("[data-testid=team-covered]")).to_contain_text("红旗村党支部")
    assert page.locator("[data-testid=team-approve]").count() == 0  # the township does not approve its own

    login(phone_page, "county")
    phone_page.goto(f"/surveys/teams/{team.pk}/")
    phone_page.fill("textarea[name=reason]", "同意")
    phone_page.click("[data-testid=team-approve]")
    expect(phone_page.locator("[data-testid=team-status]")).to_have_text("审定通过")
    expect(phone_page.locator("[data-testid=team-reopen]")).to_be_visible()
    team.refresh_from_db()
    assert team.status == "approved" and team.decided_by.username == "county"


def test_a_measure_takes_a_file_and_the_library_lists_the_case(phone_page, login, demo, tmp_path):
    from followup.models import CaseEvidence

    case = demo.ctx.extra["followup.cases"]["weak"]  # 金星社区党支部, kept by 金星乡's staff
    measure = case.measures.first()
    minutes = tmp_path / "支部会议记录.pdf"
    minutes.write_bytes(b"%PDF-1.4\n% minutes of the branch meeting\n")
    login(phone_page, "township")
    phone_page.goto(f"/followup/cases/{case.pk}/")
    form = phone_page.locator(f"form[action='/followup/measures/{measure.pk}/evidence/']")
    form.locator("input[type=file]").set_input_files(str(minutes))
    form.locator("button").click()
    expect(phone_page.locator("[data-testid=measure-evidence]").first).to_contain_text("支部会议记录.pdf")
    assert CaseEvidence.objects.filter(measure=measure).count() == 1
    phone_page.click(f"main a[href^='/library/{case.organization_id}/']")
    expect(phone_page.locator("[data-testid=library-use]").first).to_contain_text(case.organization.name)
