"""Paper parity in a real browser: one vote of each kind through printed papers and the fast keyboard
entry — a questionnaire, a classification step's ballots, the year-end satisfaction ballots, the member
evaluation's two ballots — plus the
satisfaction phone page that names the organisation being rated. Pages are also saved as screenshots
at desktop and phone width (tests/e2e/artifacts/paper-*.png) for a person to look at."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_classification_flow import record_meeting


def _shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"paper-{name}.png"), full_page=True)


def _pdf(pg, href: str) -> bytes:
    response = pg.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    return response.body()


def test_a_questionnaire_on_paper_is_printed_blank_and_typed_in(page, login, demo):
    from surveys.models import Response
    from surveys.selectors import questions_for
    from tests.surveys.helpers import new_round

    round_ = new_round(demo, demo.org("金达机械有限公司党支部"))
    login(page, "township")
    page.goto(f"/surveys/rounds/{round_.pk}/")
    expect(page.get_by_test_id("paper-count")).to_be_visible()
    assert _pdf(page, f"/surveys/rounds/{round_.pk}/paper/blank.pdf?copies=2")[:4] == b"%PDF"
    _shot(page, "survey-round")
    page.goto(f"/surveys/rounds/{round_.pk}/paper/")
    page.keyboard.press("2")  # 普通群众 (the number printed before the box on the blank paper)
    for q in questions_for(round_):
        if q.kind == "text":
            page.keyboard.type("多组织职工活动")
            page.keyboard.press("Tab")
        elif q.kind == "multiple":
            page.keyboard.press("1")
            page.keyboard.press("2")
            page.keyboard.press("Enter")
        else:
            page.keyboard.press("2" if q.kind != "scale" else "4")
    page.keyboard.press("Control+Enter")
    expect(page.locator(".alert-success")).to_contain_text("问卷已保存")
    assert Response.objects.filter(round=round_, channel="paper", category="masses").count() == 1
    page.goto(f"/surveys/rounds/{round_.pk}/")
    expect(page.get_by_test_id("papers-entered")).to_have_text("1")


def test_a_classification_step_on_paper_is_counted_with_the_number_keys(page, login, demo):
    from ratings.classification.models import Classification, MeetingResult

    c = Classification.objects.get(campaign=demo.ctx.campaign, organization=demo.branch)
    login(page, "branch")
    page.goto(f"/ratings/classification/{c.pk}/")
    record_meeting(page, 1, party_members=20, masses=35, expected_party_members=20, expected_masses=40)
    blank = page.get_by_test_id("ballot-blank").get_attribute("href")
    assert _pdf(page, blank)[:4] == b"%PDF"
    page.get_by_role("link", name="录入纸质计票").click()
    pad = page.get_by_test_id("tally-pad")
    pad.click()
    for key in "1112132":  # four advanced, two average, one lagging
        page.keyboard.press(key)
    page.keyboard.press("1")
    page.keyboard.press("Backspace")  # the last paper was misread: taken back
    expect(pad.get_by_test_id("tally-count")).to_have_text("7")
    expect(page.locator("input[name=advanced]")).to_have_value("4")
    expect(page.locator("input[name=average]")).to_have_value("2")
    expect(page.locator("input[name=lagging]")).to_have_value("1")
    _shot(page, "classification-tally")
    page.keyboard.press("Control+Enter")
    expect(page.locator(".alert-success")).to_contain_text("第二人核对")
    result = MeetingResult.objects.get(meeting__classification=c, meeting__step=1)
    assert (result.advanced, result.average, result.lagging, result.source) == (4, 2, 1, "paper")


def test_satisfaction_on_paper_and_on_the_phone(page, phone_page, login, demo):
    from tests.security.vote_paths import yearend_self_check
    from upgrades import services
    from upgrades.models import SatisfactionCode, YearEnd

    # seed 000 §五: each branch's self-check meeting gives its initial re-rating before the superior's assessment
    yearend_self_check(demo, demo.branch)
    yearend_self_check(demo, demo.branch2, demo.users["branch2"])
    login(page, "township")
    # Paper: the blank ballot, then the counted papers typed in with one pad per category.
    page.goto(f"/upgrades/yearend/{demo.branch.pk}/?campaign={demo.ctx.campaign.pk}")
    # the year-end exists (its self-check is done): the paper card's form asks how many blank papers to print
    blank = page.get_by_test_id("paper-count").locator("form:has([data-testid=paper-blank])").get_attribute("action")
    assert _pdf(page, f"{blank}?copies=2")[:4] == b"%PDF"
    pads = page.get_by_test_id("tally-pad")
    expect(pads).to_have_count(3)
    pads.nth(0).click()
    for key in "11112":
        page.keyboard.press(key)
    pads.nth(1).click()
    for key in "12333":  # five: a category under small_group_threshold (5) would be stored only pooled (§14)
        page.keyboard.press(key)
    _shot(page, "satisfaction-paper")
    page.fill("input[name='t-att_party_member']", "5")
    page.fill("input[name='t-att_masses']", "5")
    page.locator("form:has(input[name=form][value=sat]) button").click()
    ye = YearEnd.objects.get(campaign=demo.ctx.campaign, organization=demo.branch)
    assert ye.sat_counts["party_member"] == {"satisfied": 4, "basically": 1, "dissatisfied": 0}
    assert ye.sat_counts["masses"] == {"satisfied": 1, "basically": 1, "dissatisfied": 3}

    # Phone: QR slips and a printable list of codes; the vote page names the branch being rated.
    services.satisfaction_ballot_open(actor=demo.users["township"], campaign=demo.ctx.campaign, organization=demo.branch2,
                                      codes={"party_member": 6, "masses": 2})
    page.goto(f"/upgrades/yearend/{demo.branch2.pk}/codes/?campaign={demo.ctx.campaign.pk}")
    assert _pdf(page, page.get_by_test_id("ballot-slips").get_attribute("href"))[:4] == b"%PDF"
    expect(page.get_by_test_id("print-page")).to_be_visible()
    expect(page.get_by_test_id("papers-out")).to_have_text("8")
    _shot(page, "satisfaction-codes")
    code = SatisfactionCode.objects.filter(year_end__organization=demo.branch2).first().code
    phone_page.goto("/upgrades/vote/")
    phone_page.fill("input[name=code]", f"{code[:4]}-{code[4:]}".lower())
    expect(phone_page.get_by_test_id("vote-subject")).to_contain_text(demo.branch2.name)
    _shot(phone_page, "satisfaction-phone")
    phone_page.locator("label[for=c-satisfied]").click()
    phone_page.get_by_role("button", name=re.compile("投票")).click()
    expect(phone_page.locator("#vote-done")).to_contain_text(demo.branch2.name)


def test_member_evaluation_on_paper_slips_and_fast_entry(page, phone_page, login, demo):
    from members import services
    from members.models import EvaluationCode

    ev = services.evaluation_open(actor=demo.users["branch"], campaign=demo.ctx.campaign, organization=demo.branch,
                                  party_codes=6, masses_codes=2)
    login(page, "branch")
    page.goto(f"/members/org/{demo.branch.pk}/?campaign={demo.ctx.campaign.pk}")
    card = page.get_by_test_id("paper-count")
    expect(card.get_by_test_id("papers-out")).to_have_text("8")
    # the blank paper of either ballot, several copies, and the QR slips
    card.get_by_test_id("paper-blank-which").select_option("masses")
    blank = card.locator("form:has([data-testid=paper-blank])").get_attribute("action")
    assert _pdf(page, f"{blank}?ballot=masses&copies=2")[:4] == b"%PDF"
    assert _pdf(page, page.get_by_test_id("member-slips").get_attribute("href"))[:4] == b"%PDF"
    _shot(page, "members-branch")

    # one slip voted on a phone: the count of slips back moves
    code = EvaluationCode.objects.filter(evaluation=ev, category="party_member").first().code
    phone_page.goto("/members/vote/")
    phone_page.fill("input[name=code]", code)
    phone_page.get_by_role("button", name=re.compile("下一步")).click()
    for m in ev.members.all():
        phone_page.locator(f"label[for='m{m.pk}-qualified']").click()
    _shot(phone_page, "members-phone")
    phone_page.get_by_role("button", name=re.compile("投票")).click()
    expect(phone_page.locator("#vote-done")).to_be_visible()

    # the papers typed in with the number keys: one pad per member, key n = the nth grade's box
    page.goto(f"/members/eval/{ev.pk}/paper/")
    pads = page.get_by_test_id("tally-pad")
    expect(pads).to_have_count(ev.members.count())
    page.select_option("select[name=ballot]", "party_member")
    page.fill("input[name=papers]", "3")
    first, second = list(ev.members.all())[:2]
    pads.nth(0).click()
    for key in "1125":
        page.keyboard.press(key)
    page.keyboard.press("Backspace")  # misread: taken back
    expect(pads.nth(0).get_by_test_id("tally-count")).to_have_text("3")
    expect(page.locator(f"input[name=m{first.pk}_excellent]")).to_have_value("2")
    expect(page.locator(f"input[name=m{first.pk}_qualified]")).to_have_value("1")
    pads.nth(1).click()
    for key in "233":
        page.keyboard.press(key)
    _shot(page, "members-tally")
    pads.nth(1).press("Control+Enter")
    expect(page.locator(".alert-success")).to_be_visible()
    counts = services.tallies_of(ev)  # the phone slip's "qualified" for everyone, plus the papers
    assert counts[first.pk]["party_member"] == {"excellent": 2, "qualified": 2, "basic": 0, "basic_not": 0, "not": 0}
    assert counts[second.pk]["party_member"] == {"excellent": 0, "qualified": 2, "basic": 2, "basic_not": 0, "not": 0}
    expect(page.get_by_test_id("papers-entered")).to_have_text("3")
    expect(page.get_by_test_id("papers-back")).to_have_text("1")
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page, "members-branch-phone")
    page.goto(f"/members/eval/{ev.pk}/paper/")
    _shot(page, "members-tally-phone")
