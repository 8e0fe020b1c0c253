"""Every organisation is rated by its superior, in a real browser (docs/rules.md §5): a township committee's
four steps end with the county's confirmation; a community 党委's with its township's — and neither the
county nor the township sees the other's button. Seed 000 附件2 "乡镇党委分类定级参考标准"; seed 001 "接近100人…
升格为…党委"."""
from __future__ import annotations

from playwright.sync_api import expect

from organizations.demo import COMMUNITY_COMMITTEE
from ratings.classification.models import Classification
from tests.ratings.test_every_org_rated import drive_to_submitted, second_staff


def confirm_in_browser(pg, detail: str, text: str) -> None:
    pg.goto(detail)
    pg.get_by_role("link", name="审定级次").click()
    pg.fill("textarea[name=text]", text)
    pg.get_by_role("button", name="审定级次").click()
    expect(pg.locator(".alert-success")).to_contain_text("级次已审定")


def test_the_county_confirms_a_township_and_the_township_its_community_committee(page, browser, live_server, login, demo):
    township = demo.township2
    c = drive_to_submitted(demo, township, demo.users["township2"], second_staff(demo, township))
    committee = Classification.objects.get(campaign=demo.ctx.campaign, organization__name=COMMUNITY_COMMITTEE)
    assert c.state == committee.state == "submitted"

    # The township's own office cannot confirm its own level: no button.
    login(page, "township2")
    page.goto(f"/ratings/classification/{c.pk}/")
    expect(page.locator("h1")).to_have_text(township.name)
    expect(page.get_by_role("link", name="审定级次")).to_have_count(0)

    # The county finds the township in the overview and confirms it.
    county_ctx = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url, locale="zh-CN")
    county = county_ctx.new_page()
    login(county, "county")
    county.goto(f"/ratings/classification/?campaign={demo.ctx.campaign.pk}&status=submitted")
    county.get_by_role("link", name=township.name).click()
    confirm_in_browser(county, f"/ratings/classification/{c.pk}/", "经县委组织部审定，同意评定为先进。")
    c.refresh_from_db()
    assert c.state == "confirmed" and c.final_level == "advanced"
    # ... but not the township's 党委: that is the township's to confirm.
    county.goto(f"/ratings/classification/{committee.pk}/")
    expect(county.get_by_role("link", name="审定级次")).to_have_count(0)
    county_ctx.close()

    # The township confirms its community 党委.
    confirm_in_browser(page, f"/ratings/classification/{committee.pk}/", "经镇党委审定，同意。")
    committee.refresh_from_db()
    assert committee.state == "confirmed"
