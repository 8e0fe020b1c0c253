"""Before what cannot be undone, the page says what happens (issue #19): closing a vote asks first with the
count of unused codes and, when early, who has not voted yet by category only, never by person, and never
split when a category is smaller than the rule set's ``small_group_threshold`` (core.secrecy)."""
from __future__ import annotations

import html
import re

import pytest

from ratings.classification import services as svc

from .test_classification_ballots import codes_of, open_session


def _question(page: str, form_id: str = "ballot-close") -> str:
    match = re.search(r'<form[^>]*data-confirm="([^"]*)"[^>]*>(?:(?!</form>).)*id="%s"' % form_id, page, re.S)
    assert match, "the close button's form asks first (data-confirm)"
    return html.unescape(match.group(1))


@pytest.mark.django_db
def test_closing_a_vote_early_says_the_unused_codes_and_who_has_not_voted_by_category(demo, client_for):
    session = open_session(demo, party_member=40, masses=30)
    for code in codes_of(session, "party_member")[:25] + codes_of(session, "masses")[:10]:
        svc.ballot_cast(code=code, choice="agree")
    question = _question(client_for("branch").get(f"/ratings/ballots/{session.pk}/").content.decode())
    assert question.startswith("结束投票并计票？此操作不能撤销")
    assert "70 个码中还有 35 个未使用" in question
    assert "尚未投票（按类别）：党员 15 人、普通群众 20 人。" in question


@pytest.mark.django_db
def test_a_category_below_the_small_group_threshold_is_not_split_out(demo, client_for):
    session = open_session(demo, party_member=40, masses=3)  # 3 masses: fewer than the default threshold of 5
    for code in codes_of(session, "party_member")[:30]:
        svc.ballot_cast(code=code, choice="agree")
    question = _question(client_for("branch").get(f"/ratings/ballots/{session.pk}/").content.decode())
    assert "43 个码中还有 13 个未使用" in question
    assert "尚未投票：13 人（有的类别不足 5 人，不按类别显示）。" in question
    assert "党员 10" not in question and "普通群众 3" not in question


@pytest.mark.django_db
def test_when_every_code_was_used_the_question_says_so(demo, client_for):
    session = open_session(demo, party_member=5, masses=5)
    for code in codes_of(session):
        svc.ballot_cast(code=code, choice="agree")
    question = _question(client_for("branch").get(f"/ratings/ballots/{session.pk}/").content.decode())
    assert "全部 10 个码都已使用。" in question and "尚未投票" not in question


@pytest.mark.django_db
def test_opening_the_star_notice_says_it_is_published_for_anyone_to_read(demo, client_for):
    app = demo.ctx.extra["ratings.stars.applications"]["inspected"]
    page = client_for("county").get(f"/ratings/stars/applications/{app.pk}/notice/").content.decode()
    assert 'id="consequence"' in page and "开始公示后，组织名称、星级和得分将在公示期内发布在公开页面上" in page


@pytest.mark.django_db
def test_confirming_a_level_says_the_classification_becomes_read_only(demo, client_for):
    from .helpers_classification import classification_of, deliberate, to_step4

    c = deliberate(demo, to_step4(demo, classification_of(demo)), agree=40, disagree=20, abstain=5)
    assert c.state == "submitted"
    page = client_for("township").get(f"/ratings/classification/{c.pk}/confirm/").content.decode()
    assert 'id="consequence"' in page and "确认后本年度等次即确定：分类评定变为只读" in page
