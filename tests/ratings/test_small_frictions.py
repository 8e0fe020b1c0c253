"""Small frictions of a township clerk's day (issue #19, item 7)."""
from __future__ import annotations

import re

import pytest

from ratings.classification import services as svc

from .helpers_classification import classification_of, meeting


@pytest.mark.django_db
def test_the_tally_check_button_is_not_shown_to_the_person_who_entered_the_tally(demo, client_for):
    c = classification_of(demo)
    m = meeting(demo, c, 1)
    svc.paper_result_enter(actor=demo.users["branch"], meeting=m, counts={"advanced": 30, "average": 20, "lagging": 5})
    own = client_for("branch").get(f"/ratings/classification/{c.pk}/").content.decode()
    assert 'data-testid="tally-check"' not in own and f"/meetings/{m.pk}/tally/confirm/" not in own
    assert 'data-testid="tally-check-by-other"' in own and "另一人核对" in own
    other = client_for("township").get(f"/ratings/classification/{c.pk}/").content.decode()
    assert 'data-testid="tally-check"' in other


@pytest.mark.django_db
def test_a_new_meetings_expected_party_members_start_at_the_member_count(demo, client_for):
    c = classification_of(demo)
    form = client_for("branch").get(f"/ratings/classification/{c.pk}/meeting/1/").context["form"]
    assert demo.branch.member_count > 0
    assert form["expected_party_members"].value() == demo.branch.member_count


@pytest.mark.django_db
def test_a_recorded_meetings_expected_party_members_stay_as_recorded(demo, client_for):
    c = classification_of(demo)
    m = meeting(demo, c, 1)
    form = client_for("branch").get(f"/ratings/classification/{c.pk}/meeting/1/").context["form"]
    assert form["expected_party_members"].value() == m.expected_party_members


@pytest.mark.django_db
def test_the_reviewer_form_shows_the_branchs_notes_beside_and_does_not_take_them_as_its_own(demo, client_for):
    sheet = demo.ctx.extra["ratings.stars.sheets"]["submitted"]
    entry = sheet.entries.filter(stage="self").first()
    entry.comment = "支部自述：三会一课记录齐全"
    entry.save(update_fields=["comment"])
    page = client_for("township").get(f"/ratings/stars/sheets/{sheet.pk}/enter/reviewer/").content.decode()
    assert f'name="m_{entry.rule_id}"' in page
    comment_input = re.search(r'<input[^>]*name="m_%d"[^>]*>' % entry.rule_id, page).group(0)
    assert 'value=""' in comment_input  # the reviewer's own comment starts empty
    note = re.search(r'data-testid="earlier-note">(.*?)</div>', page, re.S).group(1)
    assert "自评" in note and "支部自述：三会一课记录齐全" in note


@pytest.mark.django_db
def test_star_evidence_rules_are_tick_boxes_with_a_hint(demo, client_for):
    sheet = demo.ctx.extra["ratings.stars.sheets"]["submitted"]
    page = client_for("township").get(f"/ratings/stars/sheets/{sheet.pk}/evidence/").content.decode()
    assert '<select name="rules"' not in page
    assert len(re.findall(r'<input type="checkbox"[^>]*name="rules"', page)) >= 2
    assert "勾选本文件佐证的每一个评分项" in page


@pytest.mark.django_db
def test_the_public_notice_pages_title_is_plain_text(demo, client):
    campaign = demo.ctx.campaign
    page = client.get(f"/ratings/public/stars/{campaign.public_token}/").content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "<" not in title and "&lt;" not in title and "&" not in title
    assert campaign.scope.name in title and "公示" in title
