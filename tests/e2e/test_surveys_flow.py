"""Browser test of the survey: staff create a round and print codes, a participant answers on a phone
through a code, the quorum status changes, the round closes and the township compilation is produced."""
from __future__ import annotations

import re

from playwright.sync_api import expect


def test_survey_round_from_codes_to_report(page, phone_page, login, demo):
    from reports.models import ReportRun
    from surveys.models import OneTimeCode, SurveyRound
    from tests.surveys.helpers import add_paper

    org = demo.org("金星乡卫生院党支部")  # group B: at least 20 respondents, masses at least 20%
    login(page, "township")
    page.goto(f"/surveys/rounds/new/?org={org.pk}")
    page.get_by_role("button", name="创建调查").click()
    expect(page.get_by_test_id("round-status")).to_have_text("草稿")
    expect(page.get_by_test_id("quorum-missing")).to_contain_text("还差 20 人")
    page.get_by_role("button", name="开始答题").click()
    expect(page.get_by_test_id("round-status")).to_have_text("进行中")

    page.get_by_role("link", name="生成一次性答题码").click()
    page.fill("input[name=masses]", "2")
    page.fill("input[name=party_member]", "1")
    page.get_by_role("button", name="生成答题码").click()
    expect(page.locator(".alert-success")).to_contain_text("已生成 3 个答题码")
    slips = page.get_by_role("link", name=re.compile("打印答题卡"))
    pdf = page.request.get(slips.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")

    round_ = SurveyRound.objects.get(organization=org)
    code = OneTimeCode.objects.filter(round=round_, category="masses").first().code

    phone_page.goto("/surveys/c/")
    phone_page.fill("#code", f"{code[:4].lower()}-{code[4:]}")
    phone_page.get_by_role("button", name="开始答题").click()
    expect(phone_page.locator("h1")).to_contain_text("机关事业单位党组织现状调查问卷")
    for fieldset in phone_page.locator("fieldset.jw-q").all():
        choice = fieldset.locator("label.jw-choice")
        if choice.count():
            choice.first.click()
    phone_page.get_by_test_id("submit").click()
    expect(phone_page.get_by_test_id("thanks")).to_be_visible()
    phone_page.goto(f"/surveys/c/#{code}")  # the QR code's address: the code after "#", posted by the page's script
    expect(phone_page.get_by_test_id("problem")).to_contain_text("已经使用")
    assert code not in phone_page.url  # the code is in no address, not even the browser's history

    page.goto(f"/surveys/rounds/{round_.pk}/")
    expect(page.get_by_test_id("count-masses")).to_have_text("1")
    expect(page.get_by_test_id("quorum-missing")).to_contain_text("还差 19 人")

    add_paper(demo, round_, "party_member", 15)
    add_paper(demo, round_, "masses", 4)
    page.reload()
    expect(page.get_by_test_id("quorum-state")).to_have_text("人数要求已满足")
    page.get_by_role("link", name="结束调查").click()
    page.get_by_role("button", name="结束调查").click()
    expect(page.locator(".jw-result svg").first).to_be_visible()
    expect(page.get_by_test_id("overall-rate")).to_contain_text("%")

    page.goto(f"/surveys/summary/{demo.township.pk}/?campaign={demo.ctx.campaign.pk}")
    page.get_by_test_id("summary-pdf").click()
    page.wait_for_url(re.compile("/reports/"))
    run = ReportRun.objects.get(kind="survey_summary")
    assert run.status == "done", run.error
    assert run.file.read().startswith(b"%PDF")
    page.reload()
    expect(page.locator("body")).to_contain_text("专题调研报告汇总")
