"""The annual summary's words (seed 000 §五(四) "总结成绩和经验，形成年度工作总结…于11月底前上报"): the township
writes 成绩, 经验, 问题, 下一步 and submits it; the county sees who has and who has not; the PDF carries both;
the figures say "未设目标" without a target and show satisfaction once a vote was held (docs/rules.md §9)."""
from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from reports import narrative
from reports.models import SummaryNarrative

pytestmark = pytest.mark.django_db


def test_a_township_writes_and_submits_and_then_it_is_read_only(demo):
    year, town, actor = demo.ctx.year, demo.township2, demo.users["township2"]
    narrative.narrative_save(actor=actor, organization=town, year=year, achievements="成绩", experience="经验")
    with pytest.raises(ValidationError):  # every part first
        narrative.narrative_submit(actor=actor, organization=town, year=year)
    narrative.narrative_save(actor=actor, organization=town, year=year, problems="问题", next_steps="下一步")
    obj = narrative.narrative_submit(actor=actor, organization=town, year=year)
    assert obj.state == "submitted" and obj.submitted_by == actor
    with pytest.raises(ValidationError):
        narrative.narrative_save(actor=actor, organization=town, year=year, achievements="改")
    with pytest.raises(Http404):  # the county reads, it does not write a township's summary
        narrative.narrative_save(actor=demo.users["county"], organization=demo.township, year=year, achievements="x")


def test_the_county_sees_who_has_submitted_and_who_has_not(demo, client_for):
    page = client_for("county").get(reverse("reports:summary-overview") + f"?year={demo.ctx.year}")
    html = page.content.decode()
    assert page.status_code == 200 and "已上报 1 个" in html and "未上报 1 个" in html
    statuses = {s.organization.name: s.submitted for s in narrative.narrative_statuses(demo.users["county"], demo.county, demo.ctx.year)}
    assert statuses == {"金星乡党委": True, "柳河镇党委": False}
    assert client_for("branch").get(reverse("reports:summary-overview")).status_code == 404


def test_the_township_submits_through_the_page(demo, client_for):
    url = reverse("reports:summary-edit", args=[demo.township2.pk]) + f"?year={demo.ctx.year}"
    data = {"achievements": "全镇后进党组织全部转化", "experience": "四步评定不走样", "problems": "两新组织覆盖不足",
            "next_steps": "明年7月底前完成半年自查", "submit": "1"}
    response = client_for("township2").post(url, data)
    assert response.status_code == 302
    assert SummaryNarrative.objects.get(organization=demo.township2, year=demo.ctx.year).state == "submitted"
    assert client_for("township").get(url).status_code == 404  # another township's


def test_the_summary_figures_and_the_pdf_carry_the_words(demo):
    from reports.models import ReportRun
    from reports.summary import build_annual_summary

    run = ReportRun(kind="annual_summary", fmt="pdf", organization=demo.county, params={"year": demo.ctx.year},
                    requested_by=demo.users["county"])
    data = build_annual_summary(run, lambda n: None)
    names = [s.organization.name for s in data.extra["narratives"]]
    assert names == ["金星乡党委", "柳河镇党委"]
    tables = {str(t.title): t for t in data.extra["tables"]}
    rates = next(t for title, t in tables.items() if "目标" in title or "target" in title.lower())
    for row in rates.rows:
        assert not (row[4] is None and row[5] == "未达到")  # no target, never "not met"
    satisfaction = next(t for title, t in tables.items() if "满意" in title or "atisfaction" in title)
    assert any(row[0] == "新塘村党支部" for row in satisfaction.rows)  # its assessment was held in the demo
    from reports.renderers import html_for_pdf

    html = html_for_pdf(data, "reports/pdf/summary.html")
    assert "年度工作总结（文字）" in html and "新塘村党支部由后进转为一般" in html  # 金星乡's submitted words
    assert "柳河镇党委 · 未开始" in html
