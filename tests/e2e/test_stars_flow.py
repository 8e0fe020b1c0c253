"""Browser: a branch self-scores and applies for four stars, the township assesses, the county inspects,
the notice is public (no login, phone), the county approves."""
from __future__ import annotations

import datetime

from django.utils import timezone
from playwright.sync_api import expect


def test_four_star_application_through_the_whole_chain(page, phone_page, login, demo, browser, live_server):
    from ratings.stars.models import ScoringTemplate, StarApplication

    template = ScoringTemplate.objects.get(builtin_key="seed004_fivestar")
    # the branch creates its score sheet and self-scores with the keyboard; the total updates as it types
    login(page, "branch")
    page.goto("/ratings/stars/sheets/new/")
    page.select_option("select[name=template]", str(template.pk))
    page.click("input[type=submit]")
    page.wait_for_url("**/enter/self/")
    total = page.locator("[data-total]")
    assert total.inner_text() == "110.00"
    first_amount = page.locator("input[name^=a_]").first
    first_amount.fill("2")
    page.locator("input[name^=m_]").first.fill("谈心谈话记录不全")
    expect(page.locator("[data-total]")).to_have_text("108.00")  # htmx re-rendered the totals
    page.locator("#sheet-form button[type=submit]").click()
    page.wait_for_url("**/stars/sheets/*/")
    page.click("form[action$='/submit/'] button")
    page.wait_for_load_state()

    # the branch applies for four stars with that sheet
    page.goto("/ratings/stars/applications/new/")
    page.select_option("select[name=requested_level]", "4")
    page.click("input[type=submit]")
    page.wait_for_url("**/stars/applications/*/")
    page.click("a[data-decision=submit]")
    page.fill("textarea[name=comment]", "申请评定四星级党组织")
    page.click("input[type=submit]")
    page.wait_for_url("**/stars/applications/*/")
    app = StarApplication.objects.get(organization=demo.branch, campaign=demo.ctx.campaign)
    assert app.state == "submitted" and app.sheet.self_total == 108

    # the township assesses and proposes four stars
    town = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url).new_page()
    login(town, "township")
    town.goto(f"/ratings/stars/applications/{app.pk}/")
    town.click("a[data-decision=assess]")
    town.select_option("select[name=level]", "4")
    town.fill("textarea[name=comment]", "经考核，符合四星级标准")
    town.click("input[type=submit]")
    town.wait_for_url(f"**/stars/applications/{app.pk}/")
    assert town.locator("a[data-decision=approve]").count() == 0  # a township cannot approve four stars

    # the county inspects and opens the public notice
    county = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url).new_page()
    login(county, "county")
    county.goto("/ratings/stars/inbox/")
    county.click(f"a[href='/ratings/stars/applications/{app.pk}/'] >> nth=0")
    county.click("a[data-decision=inspect]")
    county.fill("textarea[name=comment]", "验收合格")
    county.click("input[type=submit]")
    county.wait_for_url(f"**/stars/applications/{app.pk}/")
    county.click("a[data-decision=notice]")
    county.click("input[type=submit]")
    county.wait_for_url(f"**/stars/applications/{app.pk}/")

    # the notice is public: no login, on a phone
    phone_page.goto(f"/ratings/public/stars/{demo.ctx.campaign.public_token}/")
    assert "东方村党支部" in phone_page.content()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 400

    # seven days pass
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    StarApplication.objects.filter(pk=app.pk).update(notice_start=yesterday - datetime.timedelta(days=6), notice_end=yesterday)
    county.goto(f"/ratings/stars/applications/{app.pk}/")
    county.click("a[data-decision=approve]")
    county.click("input[type=submit]")
    county.wait_for_url(f"**/stars/applications/{app.pk}/")
    app.refresh_from_db()
    assert app.state == "approved" and app.final_level == 4
