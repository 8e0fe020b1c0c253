"""The overview grid and the detail page show what the rules say, scoped to the user."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_overview_filters_by_status_and_domain(client_for):
    township = client_for("township")
    page = township.get("/ratings/classification/?status=confirmed").content.decode()
    assert "金星社区党支部" in page and "东方村党支部" not in page
    page = township.get("/ratings/classification/?domain=school").content.decode()
    assert "金星乡中心小学党支部" in page and "东方村党支部" not in page
    page = township.get("/ratings/classification/?status=not_started").content.decode()
    assert "金星乡卫生院党支部" in page and "石桥村党支部" not in page


def test_overview_shows_quorum_problems_and_the_level_distribution(client_for):
    page = client_for("township").get("/ratings/classification/").content.decode()
    assert "还差 5 人" in page  # 金星乡机关党支部: 15 of the 20 required
    distribution = client_for("township").get("/ratings/classification/").context["distribution"]
    # every organisation below the county is rated (docs/rules.md §5): the township's own level, confirmed by the
    # county, is inside its staff's scope and counts under its domain next to its branches'
    assert distribution == [{"domain": "agri_community", "advanced": 0, "average": 1, "lagging": 0, "total": 1},
                            {"domain": "township", "advanced": 0, "average": 1, "lagging": 0, "total": 1}]


def test_overview_of_a_branch_secretary_shows_only_their_branch(client_for):
    rows = client_for("branch").get("/ratings/classification/").context["rows"]
    assert [r["org"].name for r in rows] == ["东方村党支部"]


def test_other_townships_branches_are_not_in_the_township_overview(client_for):
    page = client_for("township").get("/ratings/classification/").content.decode()
    assert "柳河村党支部" not in page


def test_step2_meeting_page_shows_the_meeting_type_and_the_rule(demo, client_for):
    from ratings.classification.models import Classification

    c = Classification.objects.get(campaign=demo.ctx.campaign, organization=demo.branch2)  # 52 members
    page = client_for("branch2").get(f"/ratings/classification/{c.pk}/meeting/2/").content.decode()
    assert "党员代表会议" in page and "应到党员代表人数" in page


def test_a_not_adopted_deliberation_is_kept_in_the_history(demo, client_for):
    from ratings.classification.models import Classification

    c = Classification.objects.get(campaign=demo.ctx.campaign, organization__name="新塘村党支部")
    page = client_for("township").get(f"/ratings/classification/{c.pk}/").content.decode()
    assert "以往审议" in page and "不同意 32" in page
