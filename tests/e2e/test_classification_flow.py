"""A whole classification of one branch in a real browser: step 1 on paper (entered by the branch,
checked by the township), step 2, the self-rating, step 4 by anonymous phone ballots, and the
township's confirmation."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from ratings.classification.models import BallotCode, Classification


def record_meeting(pg, step: int, **fields: int) -> None:
    pg.get_by_role("link", name=re.compile("登记会议")).first.click()
    pg.fill("input[name=date]", "2026-03-20")
    pg.fill("input[name=place]", "东方村村委会会议室")
    for name, value in fields.items():
        pg.fill(f"input[name={name}]", str(value))
    pg.fill("textarea[name=minutes]", f"第{step}步会议记录")
    pg.get_by_role("button", name="保存会议").click()
    expect(pg.locator(".alert-success")).to_contain_text("人数符合要求")


def enter_paper(pg, **counts: int) -> None:
    pg.get_by_role("link", name="录入纸质计票").click()
    for name, value in counts.items():
        pg.fill(f"input[name={name}]", str(value))
    pg.get_by_role("button", name="录入计票结果").click()
    expect(pg.locator(".alert-success")).to_contain_text("第二人核对")


def check_as_township(township, detail_url: str) -> None:
    township.goto(detail_url)
    township.get_by_role("button", name="核对计票（第二人）").click()
    expect(township.locator(".alert-success")).to_contain_text("已核对")


def complete(pg, expected_state: str) -> None:
    pg.get_by_role("button", name="完成本步骤").click()
    expect(pg.locator(".alert-success")).to_contain_text(expected_state)


def vote_on_phone(phone, code: str, choice: str) -> None:
    phone.goto("/ratings/vote/")
    phone.fill("input[name=code]", f"{code[:4]}-{code[4:]}".lower())
    phone.get_by_role("button", name="下一步").click()
    expect(phone.locator("legend")).to_contain_text("先进")
    phone.locator(f"label[for=choice-{choice}]").click()
    phone.get_by_role("button", name="提交投票").click()
    expect(phone.locator("h1")).to_contain_text("您的投票已计入")


def test_a_whole_classification_from_paper_to_phone_ballots_to_confirmation(page, phone_page, browser, live_server, login, demo):
    c = Classification.objects.get(campaign=demo.ctx.campaign, organization=demo.branch)
    township_ctx = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url, locale="zh-CN")
    township = township_ctx.new_page()
    login(township, "township")
    login(page, "branch")
    detail = f"/ratings/classification/{c.pk}/"

    # Step 1 on paper: the branch enters, the township checks, the branch completes.
    page.goto("/ratings/classification/")
    page.get_by_role("link", name="东方村党支部").click()
    expect(page.locator("h1")).to_have_text("东方村党支部")
    record_meeting(page, 1, party_members=20, masses=35, expected_party_members=20, expected_masses=40)
    enter_paper(page, advanced=30, average=20, lagging=5)
    check_as_township(township, detail)
    page.goto(detail)
    complete(page, "第二步")

    # Step 2: 36 members, so a party member assembly.
    expect(page.locator("#step2")).to_contain_text("党员大会")
    record_meeting(page, 2, party_members=30, expected_party_members=36)
    enter_paper(page, advanced=20, average=9, lagging=1)
    check_as_township(township, detail)
    page.goto(detail)
    complete(page, "第三步")

    # Step 3: the self-rating beside the step 1-2 distributions.
    page.get_by_role("link", name="提出自评级次").click()
    expect(page.get_by_test_id("distribution")).to_contain_text("群众初评")  # beside it: the last three years
    page.locator("input[name=level][value=advanced]").check()
    expect(page.locator("#plurality-warning")).to_be_hidden()  # advanced is the plurality of both steps
    page.fill("textarea[name=reasons]", "群众初评和党员评议多数认为先进；近三年考核优秀。")
    page.get_by_role("button", name="提交自评").click()
    expect(page.locator(".alert-success")).to_contain_text("审议")

    # Step 4: the meeting, then an anonymous vote with one-time codes.
    record_meeting(page, 4, party_members=30, masses=30, expected_party_members=30, expected_masses=30)
    page.get_by_role("link", name="发放测评码手机投票").click()
    page.fill("input[name=party_member]", "30")
    page.fill("input[name=masses]", "30")
    page.get_by_role("button", name="生成测评码并开始投票").click()
    expect(page.locator("h1")).to_contain_text("无记名投票")
    slips = page.request.get(page.get_by_role("link", name=re.compile("打印测评票")).get_attribute("href"))
    assert slips.status == 200 and slips.headers["content-type"] == "application/pdf"

    codes = list(BallotCode.objects.filter(session__meeting__classification=c).values_list("code", flat=True)[:4])
    for code, choice in zip(codes, ["agree", "agree", "agree", "disagree"]):
        vote_on_phone(phone_page, code, choice)
    # A scanned QR code opens its address afresh. The phone still shows /ratings/vote/ (the last vote was
    # posted there), and from the same address a goto to "#code" would only move the fragment, loading nothing.
    phone_page.goto("about:blank")
    phone_page.goto(f"/ratings/vote/#{codes[0]}")  # the QR code's address (code after "#"): the code is spent
    expect(phone_page.locator(".alert-info")).to_contain_text("已使用")
    assert codes[0] not in phone_page.url

    page.reload()
    expect(page.locator("#turnout-total")).to_have_text("4")
    expect(page.locator("#totals")).to_have_count(0)  # no result while the vote is open
    questions: list[str] = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="结束投票").click()  # it asks first (data-confirm), saying who has not voted
    expect(page.locator("#totals")).to_contain_text("3")
    assert questions and questions[0].startswith("结束投票并计票？")
    expect(page.locator("body")).to_contain_text("审议通过")
    page.goto(detail)
    complete(page, "待乡镇党委审定")

    # The township confirms (审定).
    township.goto(detail)
    township.get_by_role("link", name="审定级次").click()
    township.fill("textarea[name=text]", "同意评定为先进。")
    township.get_by_role("button", name="审定级次").click()
    expect(township.locator(".alert-success")).to_contain_text("级次已审定")
    expect(township.locator("h1").locator("..")).to_contain_text("先进")
    c.refresh_from_db()
    assert c.state == "confirmed" and c.final_level == "advanced"
    township_ctx.close()
