"""Seed 002's results for the county (组织工作目标管理考核办法 三): "次年1月20日前组织统一检查考核", "评出一、二、三等奖
各1名", "综合考核结果在80分以下的，予以通报批评" — page, PDF and dashboard deadlines (docs/rules.md §7)."""
from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from ratings.stars.selectors import assessment_deadlines, assessment_results_for

pytestmark = pytest.mark.django_db


def test_the_demo_township_committees_are_ranked_with_prizes_and_criticism(demo):
    rows = {r.organization.name: r for r in assessment_results_for(demo.users["county"], demo.ctx.campaign)}
    jx, lh = rows["金星乡党委"], rows["柳河镇党委"]
    assert jx.row.rank == 1 and jx.row.prize == 1 and not jx.row.criticised
    assert lh.row.rank == 2 and lh.row.prize == 2 and lh.row.criticised  # ≤ 80 on the hundred-point scale
    assert lh.row.score <= 80 and lh.raw < lh.sheet_max


def test_the_deadlines_are_rule_set_settings_with_the_seed_defaults(demo):
    campaign = demo.ctx.campaign
    assert assessment_deadlines(campaign) == (datetime.date(campaign.year, 7, 31), datetime.date(campaign.year + 1, 1, 20))
    rs = campaign.ruleset
    assert [rs.setting(k) for k in ("assessment_prizes_first", "assessment_prizes_second", "assessment_prizes_third")] == [1, 1, 1]
    assert rs.setting("assessment_criticised_at_or_below") == 80


def test_the_county_sees_the_page_and_the_pdf_a_township_only_itself_a_branch_nothing(demo, client_for):
    url = reverse("stars:assessment-results") + f"?campaign={demo.ctx.campaign.pk}"
    page = client_for("county").get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "金星乡党委" in html and "柳河镇党委" in html and "通报批评" in html
    pdf = client_for("county").get(reverse("stars:assessment-results-pdf") + f"?campaign={demo.ctx.campaign.pk}")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    own = client_for("township").get(url).content.decode()
    assert "金星乡党委" in own and "柳河镇党委" not in own
    assert client_for("branch").get(url).status_code == 404


def test_the_dashboards_carry_the_two_dates(demo, client_for):
    county = client_for("county").get(reverse("campaigns:dashboard")).content.decode()
    assert "统一检查考核" in county
    township = client_for("township").get(reverse("campaigns:dashboard")).content.decode()
    # the self-check (due 31 July) stays on the township's list until the unified check of 20 January
    assert "半年自查" in township
