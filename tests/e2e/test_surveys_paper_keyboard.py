"""Paper questionnaires are typed in with the keyboard only: number keys, Enter, Ctrl+Enter."""
from __future__ import annotations

from playwright.sync_api import expect


def test_a_paper_questionnaire_is_entered_without_the_mouse(page, login, demo):
    from surveys.models import Response
    from surveys.selectors import questions_for
    from tests.surveys.helpers import new_round

    round_ = new_round(demo, demo.org("金达机械有限公司党支部"))
    login(page, "township")
    page.goto(f"/surveys/rounds/{round_.pk}/paper/")
    expect(page.locator("input[name=category]").first).to_be_focused()
    page.keyboard.press("2")  # 普通群众, then the focus goes to question 1
    for q in questions_for(round_):
        if q.kind == "text":
            page.keyboard.type("建议多组织职工活动")
            page.keyboard.press("Tab")
        elif q.kind == "multiple":
            page.keyboard.press("1")
            page.keyboard.press("2")
            page.keyboard.press("Enter")
        else:
            page.keyboard.press("2" if q.kind != "scale" else "4")
    page.keyboard.press("Control+Enter")
    expect(page.locator(".alert-success")).to_contain_text("问卷已保存")
    expect(page.get_by_test_id("entered-total")).to_have_text("1")
    response = Response.objects.get(round=round_)
    assert response.category == "masses" and response.channel == "paper"
    values = {a.question_id: [] for a in response.answers.all()}
    for a in response.answers.all():
        values[a.question_id].append(a.value or a.text)
    for q in questions_for(round_):
        if q.kind == "satisfaction":
            assert values[q.pk] == ["basic"]
        elif q.kind == "scale":
            assert values[q.pk] == ["4"]
        elif q.kind == "single":
            assert values[q.pk] == [q.options[1]]
        elif q.kind == "multiple":
            assert sorted(values[q.pk]) == sorted(q.options[:2])
