"""Browser: a branch writes a commitment, the township approves it, the agreement PDF downloads, the public
page shows it (no login, phone), the year-end re-rating changes the level and the rates update."""
from __future__ import annotations

from playwright.sync_api import expect


def _rate(pg, key: str) -> str:
    return pg.locator(f"tr[data-rate={key}] .rate-value").first.inner_text().strip()


def test_commitment_to_year_end_rerating(page, phone_page, login, demo, browser, live_server):
    from upgrades.models import Commitment, YearEnd

    campaign = demo.ctx.campaign
    login(page, "branch")
    page.goto(f"/upgrades/?campaign={campaign.pk}")
    page.click(f"a[href*='org={demo.branch.pk}']")
    page.select_option("select[name=target_level]", "advanced")
    page.fill("textarea[name=opinions_heard]", "召开党员大会和群众座谈会各一次")
    page.click("input[type=submit]")
    page.wait_for_url("**/upgrades/c/*/")
    page.fill("textarea[name=what]", "每月开展一次主题党日活动")
    page.fill("input[name=responsible]", "陈立新")
    page.fill("input[name=due]", f"{campaign.year}-10-31")
    page.click("#add-measure")
    expect(page.locator("table")).to_contain_text("每月开展一次主题党日活动")
    page.click("a[href$='/do/submit/']")
    page.click("input[type=submit]")
    page.wait_for_url("**/upgrades/c/*/")
    c = Commitment.objects.get(organization=demo.branch, campaign=campaign)
    assert c.state == "submitted" and c.start_level == "average"

    town = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url).new_page()
    login(town, "township")
    town.goto(f"/upgrades/c/{c.pk}/")
    town.click("a[href$='/do/approve/']")
    town.fill("textarea[name=reason]", "同意")
    town.click("input[type=submit]")
    town.wait_for_url(f"**/upgrades/c/{c.pk}/")
    c.refresh_from_db()
    assert c.state == "approved" and c.reviews.count() == 2

    # the agreement PDF downloads for the branch
    pdf = page.request.get(f"/upgrades/c/{c.pk}/agreement.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf" and pdf.body()[:4] == b"%PDF"

    # the branch publishes; the public page shows it on a phone, without login
    page.goto(f"/upgrades/c/{c.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())  # publishing asks first (data-confirm)
    page.click("form[action$='/publish/'] button")
    public = page.locator("#public-link").get_attribute("href")
    phone_page.goto(public)
    expect(phone_page.locator("body")).to_contain_text("每月开展一次主题党日活动")
    expect(phone_page.locator("body")).to_contain_text(demo.branch.name)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390

    # year-end in order (seed 000 §五): the branch's self-check meeting, the township's satisfaction assessment,
    # then the township fixes the level; the branch's history shows the rise
    import datetime

    from upgrades import services as ys

    ys.yearend_self_check(actor=demo.users["branch"], campaign=campaign, organization=demo.branch, report="自查报告",
                          meeting_date=datetime.date.today(), party_members=30, initial_level="advanced")
    ys.yearend_satisfaction(actor=demo.users["township"], campaign=campaign, organization=demo.branch,
                            attendance={"party_member": 40, "masses": 20}, counts={"masses": {"satisfied": 18, "basically": 2}})
    town.goto(f"/upgrades/rates/?campaign={campaign.pk}")
    assert _rate(town, "transformation") == "100.0%"  # demo: 新塘村 was lagging, re-rated average
    town.goto(f"/upgrades/yearend/{demo.branch.pk}/?campaign={campaign.pk}")
    town.select_option("select[name=f-level]", "advanced")
    town.fill("textarea[name=f-reason]", "争创措施全部完成，群众满意")
    fix_questions: list[str] = []
    town.on("dialog", lambda dialog: (fix_questions.append(dialog.message), dialog.accept()))  # fixing asks first
    town.click("#fix-level")
    town.wait_for_load_state()
    assert YearEnd.objects.get(organization=demo.branch, campaign=campaign).final_level == "advanced"
    expect(town.locator("#history")).to_contain_text("↑")
    assert fix_questions and demo.branch.name in fix_questions[0]  # the question names what is fixed

    # at the end of the branch's year its history page reads as sentences: who did what to which thing, in words
    page.goto(f"/org/{demo.branch.pk}/history/")
    history = page.locator("main").inner_text()
    for sentence in ("提交承诺", "审核通过承诺", "公开承诺", "重新划定年终等次", "争创措施全部完成，群众满意", "先进"):
        assert sentence in history, sentence
    for raw in ("yearend.fix_level", "commitment.approve", "YearEnd object", "Commitment object", "final_level", "{'", "advanced"):
        assert raw not in history, raw
    assert page.locator(f"main a[href*='/upgrades/c/{c.pk}/']").count() >= 1  # a sentence links to the commitment
    new_tang = demo.org("新塘村党支部")
    town.goto(f"/upgrades/yearend/{new_tang.pk}/?campaign={campaign.pk}")
    town.select_option("select[name=f-level]", "lagging")
    town.fill("textarea[name=f-reason]", "复核后整改未到位")
    town.click("#fix-level")
    town.wait_for_load_state()
    town.goto(f"/upgrades/rates/?campaign={campaign.pk}")
    assert _rate(town, "transformation") == "0.0%"
    town.click("tr[data-rate=upgrade] a")
    expect(town.locator("table")).to_contain_text(demo.branch.name)
