"""The classification's items on the dashboard."""
from __future__ import annotations

import pytest

from ratings.classification.dashboard import classification_todo

pytestmark = pytest.mark.django_db


def titles(demo, who):
    return [item.title for item in classification_todo(demo.users[who], {"campaign": demo.ctx.campaign})]


def test_township_sees_what_awaits_its_confirmation(demo):
    assert any("待审定" in t for t in titles(demo, "township"))


def test_branch_secretary_sees_its_own_step(demo):
    mine = titles(demo, "branch")
    assert any("东方村党支部" in t for t in mine) and not any("红旗村" in t for t in mine)


def test_unchecked_paper_totals_are_shown_to_the_others_who_may_check_them(demo, client_for):
    from ratings.classification import services as svc

    from .helpers_classification import classification_of, meeting

    m = meeting(demo, classification_of(demo), 1)
    svc.paper_result_enter(actor=demo.users["branch"], meeting=m, counts={"advanced": 10})
    assert any("核对" in t for t in titles(demo, "township"))
    assert not any("核对" in t for t in titles(demo, "branch"))  # the one who entered cannot check
    assert client_for("township").get("/").status_code == 200


def test_no_campaign_no_items(demo):
    assert classification_todo(demo.users["township"], {"campaign": None}) == []
