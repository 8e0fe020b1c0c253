"""Browser: the township opens a transformation case for a lagging branch, the branch secretary records a
measure, its progress and a monthly note, prints the record, asks for the exit after the year-end
re-rating, and the township accepts it (摘帽); the case list then counts it as transformed."""
from __future__ import annotations

from playwright.sync_api import expect


def test_a_case_from_opening_to_the_exit(page, phone_page, login, demo, browser, live_server):
    from followup.models import Case
    from organizations.models import OrgRole

    campaign = demo.ctx.campaign
    org = demo.org("新塘村党支部")
    secretary = OrgRole.objects.get(organization=org, role="branch_secretary").user.username

    login(page, "township")
    page.goto(f"/followup/cases/?campaign={campaign.pk}")
    page.click(f"a[href*='org={org.pk}']")
    page.locator("input[name=problems]").first.check()
    page.fill("input[name=leader]", "金星乡党委副书记 周建国")
    page.fill("input[name=first_secretary]", "县财政局 王强")
    page.click("input[type=submit]")
    page.wait_for_url("**/followup/cases/*/")
    case = Case.objects.get(organization=org, campaign=campaign)
    assert case.state == "open" and case.start_level == "lagging" and len(case.problems) == 1

    sec = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url, is_mobile=True).new_page()
    login(sec, secretary)
    sec.goto(f"/followup/cases/{case.pk}/")
    sec.fill("textarea[name=what]", "规范“三会一课”，每月15日开展主题党日")
    sec.fill("input[name=responsible]", "刘海生")
    sec.fill("input[name=due]", f"{campaign.year}-12-20")
    sec.click("#add-measure")
    expect(sec.locator("#case-measures")).to_contain_text("每月15日开展主题党日")
    sec.fill("#case-measures input[name=progress]", "100")
    sec.fill("#case-measures input[name=evidence_note]", "会议记录12份")
    sec.locator("#case-measures button").first.click()
    expect(sec.locator("#case-measures")).to_contain_text("会议记录12份")
    sec.fill("input[name=month]", f"{campaign.year}-11")
    sec.fill("textarea[name=text]", "召开专题组织生活会，制定整改清单")
    sec.click("#add-note")
    expect(sec.locator("#case-notes")).to_contain_text("整改清单")
    pdf = sec.request.get(f"/followup/cases/{case.pk}/record.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    sec.click(f"a[href$='/followup/cases/{case.pk}/exit/']")
    sec.check("input[name=basis][value=rerating]")
    sec.fill("textarea[name=record]", "年终重新定级为一般，组织生活规范，整顿转化完成。")
    sec.click("input[type=submit]")
    sec.wait_for_url(f"**/followup/cases/{case.pk}/")
    expect(sec.locator("#case-state")).to_have_text("已申请摘帽")

    page.goto(f"/followup/cases/{case.pk}/")
    page.click(f"a[href$='/followup/cases/{case.pk}/decide/']")
    page.check("input[name=decision][value=accept]")
    page.fill("textarea[name=reason]", "经核查，同意摘帽。")
    page.click("input[type=submit]")
    page.wait_for_url(f"**/followup/cases/{case.pk}/")
    expect(page.locator("#case-state")).to_have_text("已摘帽")
    case.refresh_from_db()
    assert case.state == "closed" and case.exit_level == "average"

    page.goto(f"/followup/cases/?campaign={campaign.pk}")
    expect(page.locator("#case-rate")).to_have_text("50.0%")  # 金星乡: 新塘村 exited, 金星社区 still open
