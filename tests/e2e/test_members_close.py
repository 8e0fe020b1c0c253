"""The member evaluation's "close and count" asks first, from static/js/jinwei.js (data-confirm): the CSP
allows no inline onsubmit handler, which the browser would drop, closing both ballots without a question."""
from __future__ import annotations

from playwright.sync_api import expect


def test_closing_both_ballots_asks_first_and_a_no_keeps_them_open(page, login, demo):
    from members import services

    ev = services.evaluation_open(actor=demo.users["branch"], campaign=demo.ctx.campaign, organization=demo.branch,
                                  party_codes=1, masses_codes=1)
    login(page, "branch")
    page.goto(f"/members/org/{demo.branch.pk}/")
    questions: list[str] = []

    def answer(dialog, accept: bool) -> None:
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.locator("#close-eval").click()
    page.wait_for_timeout(500)  # a submit would have started a navigation by now
    assert len(questions) == 1 and questions[0].startswith("现在结束两票测评？")
    assert "2 个码中还有 2 个未使用" in questions[0]  # one party-member and one masses code, neither used
    ev.refresh_from_db()
    assert ev.state == "open"

    page.once("dialog", lambda dialog: answer(dialog, True))
    page.locator("#close-eval").click()
    expect(page.locator("#close-eval")).to_have_count(0)
    ev.refresh_from_db()
    assert len(questions) == 2 and ev.state != "open"
