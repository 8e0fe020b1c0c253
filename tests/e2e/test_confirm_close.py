"""Closing a classification vote asks first in the browser (static/js/jinwei.js data-confirm), with the unused
codes and who has not voted yet by category; a "no" keeps the vote open (issue #19)."""
from __future__ import annotations

from playwright.sync_api import expect


def test_closing_a_classification_vote_asks_with_the_counts_and_a_no_keeps_it_open(page, login, demo):
    from ratings.classification import services as svc
    from ratings.classification.models import BallotCode, BallotSession

    from tests.ratings.helpers_classification import classification_of, meeting, to_step4

    c = to_step4(demo, classification_of(demo))
    m = meeting(demo, c, 4, party_members=40, masses=30)
    session = svc.ballot_session_open(actor=demo.users["branch"], meeting=m, codes={"party_member": 40, "masses": 30})
    for code in BallotCode.objects.filter(session=session, category="party_member").values_list("code", flat=True)[:30]:
        svc.ballot_cast(code=code, choice="agree")
    login(page, "branch")
    page.goto(f"/ratings/ballots/{session.pk}/")
    questions: list[str] = []

    def answer(dialog, accept: bool) -> None:
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.locator("#ballot-close").click()
    page.wait_for_timeout(500)  # a submit would have started a navigation by now
    assert len(questions) == 1
    assert questions[0].startswith("结束投票并计票？此操作不能撤销")
    assert "70 个码中还有 40 个未使用" in questions[0] and "党员 10 人、普通群众 30 人" in questions[0]
    session.refresh_from_db()
    assert session.state == BallotSession.State.OPEN

    page.once("dialog", lambda dialog: answer(dialog, True))
    page.locator("#ballot-close").click()
    expect(page.locator("#ballot-close")).to_have_count(0)
    session.refresh_from_db()
    assert len(questions) == 2 and session.state == BallotSession.State.CLOSED
