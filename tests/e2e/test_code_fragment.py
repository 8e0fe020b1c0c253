"""A slip's QR code opens the entry page with the code after "#" (docs/rules.md §14): the page's own script
(static/js/code_entry.js) puts it in the form, removes it from the address, and posts it; no address the
browser requests holds the code."""
from __future__ import annotations

from playwright.sync_api import expect


def test_the_qr_addresses_post_the_code_and_leave_it_in_no_address(phone_page, demo):
    from members import services as members
    from surveys import services as surveys
    from tests.security.vote_paths import yearend_self_check
    from tests.surveys.helpers import new_round
    from upgrades import services as upgrades
    from upgrades.models import SatisfactionCode

    round_ = new_round(demo)
    survey_code = surveys.codes_generate(actor=demo.users["township"], round_=round_, counts={"masses": 1})[0].code
    yearend_self_check(demo, demo.branch2, demo.users["branch2"])  # seed 000 §五: the self-check meeting before the satisfaction ballot
    ye = upgrades.satisfaction_ballot_open(actor=demo.users["township"], campaign=demo.ctx.campaign,
                                           organization=demo.branch2, codes={"masses": 1})
    vote_code = SatisfactionCode.objects.get(year_end=ye).code
    ev = members.evaluation_open(actor=demo.users["branch"], campaign=demo.ctx.campaign, organization=demo.branch,
                                 party_codes=0, masses_codes=1)
    member_code = ev.codes.get().code
    member_ids = list(ev.members.values_list("pk", flat=True))
    requested: list[str] = []
    phone_page.on("request", lambda request: requested.append(request.url))

    phone_page.goto(f"/surveys/c/#{survey_code}")  # the code alone leads on: the questionnaire opens
    expect(phone_page.locator("h1")).to_contain_text(round_.template.name)
    assert survey_code not in phone_page.url

    phone_page.goto(f"/upgrades/vote/#{vote_code}")  # the code is filled in; the participant chooses
    expect(phone_page.locator("#code")).to_have_value(vote_code)
    assert vote_code not in phone_page.url
    phone_page.locator("label[for=c-satisfied]").click()
    phone_page.locator("form[data-code-entry] button[type=submit]").click()
    expect(phone_page.locator("#vote-done")).to_be_visible()

    phone_page.goto(f"/members/vote/#{member_code}")  # the code alone leads on: the grades of every member
    expect(phone_page.locator("fieldset legend")).to_have_count(len(member_ids))
    assert member_code not in phone_page.url
    for pk in member_ids:
        phone_page.locator(f"label[for=m{pk}-qualified]").click()
    phone_page.locator("form[data-code-entry] button[type=submit]").click()
    expect(phone_page.locator("#vote-done")).to_be_visible()

    codes = (survey_code, vote_code, member_code)
    assert requested and not [url for url in requested if any(code in url for code in codes)]
