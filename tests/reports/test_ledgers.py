"""The classification ledger, annual summary, cadre pay and filing list: the printed rows equal the database
state of the demo county, the PDFs carry the expected Chinese text in the shipped font (no missing glyph),
and the xlsx cells are typed."""
from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from fontTools.ttLib import TTFont
from openpyxl import load_workbook
from pypdf import PdfReader

from organizations.models import Organization
from ratings.classification.models import Classification
from ratings.stars.models import StarRating
from reports.ledgers import LEDGER_KINDS, ledger_for
from reports.models import ReportRun
from reports.services import report_run_execute


def _run(demo, kind: str, fmt: str, org=None, user: str = "county") -> bytes:
    run = ReportRun.objects.create(kind=kind, fmt=fmt, organization=org or demo.county, requested_by=demo.users[user])
    run = report_run_execute(run.pk)
    assert run.status == "done", run.error
    return run.file.read()


def _pdf_text(data: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(p.extract_text() for p in reader.pages), len(reader.pages)


def _assert_every_glyph_in_the_shipped_font(data: bytes, text: str) -> None:
    reader = PdfReader(io.BytesIO(data))
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("JinweiSans" in f.replace("-", "") for f in fonts), fonts  # no fallback font was needed
    cmap = TTFont(settings.PDF_FONT_DIR / "JinweiSans-Regular.ttf").getBestCmap()
    missing = {ch for ch in text if not ch.isspace() and ord(ch) not in cmap}
    assert not missing, f"characters without a glyph: {missing}"


def _year() -> int:
    return timezone.localdate().year


def _ledger_rows(sheet) -> dict[str, dict]:
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[1])
    return {r[1]: dict(zip(header, r)) for r in rows[2:] if isinstance(r[0], int)}


def test_county_ledger_rows_equal_the_database_state(demo):
    book = load_workbook(io.BytesIO(_run(demo, "classification_ledger", "xlsx")))
    rows = _ledger_rows(book.active)
    branches = Organization.objects.filter(path__startswith=demo.county.path, is_active=True, kind__in=LEDGER_KINDS)
    assert set(rows) == {o.name for o in branches}
    levels = {"advanced": "先进", "average": "一般", "lagging": "后进"}
    classified = {c.organization_id: c for c in Classification.objects.filter(campaign__year=_year())}
    stars = dict(StarRating.objects.filter(year=_year()).values_list("organization_id", "level"))
    assert classified and stars  # the demo has both, so the comparison below means something
    for org in branches:
        row = rows[org.name]
        assert row["领域"] == org.get_domain_display()
        assert row["党员数"] == org.member_count and isinstance(row["党员数"], int)
        assert (row["书记"] or "") == org.secretary_name
        c = classified.get(org.pk)
        expected_level = levels[c.final_level] if c and c.state == "confirmed" else None
        assert row["评定级次"] == expected_level
        assert row["第三步 自评"] == (levels[c.self_level] if c and c.self_level else None)
        assert row["星级"] == stars.get(org.pk)
        if expected_level:
            assert isinstance(row["审定日期"], datetime.datetime)  # a date cell, not text


def test_ledger_is_grouped_by_township_with_subtotals_and_a_grand_total(demo):
    sheet = load_workbook(io.BytesIO(_run(demo, "classification_ledger", "xlsx"))).active
    values = [r for r in sheet.iter_rows(min_row=3, values_only=True)]
    labels = [r[1] for r in values if r[0] is None]
    assert demo.township.name in labels and demo.township2.name in labels
    assert any(str(label).startswith("小计 村") for label in labels)
    total = next(r for r in values if str(r[1]).startswith("总计："))
    rated = list(Organization.objects.filter(path__startswith=demo.county.path, is_active=True, kind__in=LEDGER_KINDS))
    assert {"township", "committee"} <= {o.kind for o in rated}  # every rated organisation has its row (§5)
    # each member once: a township's or committee's members are those of its rows below it
    parents = {o.parent_id for o in rated}
    assert total[3] == sum(o.member_count for o in rated if o.pk not in parents)
    # a subtotal of parents only (the township's own line) is blank, not a misleading 0
    township_at = next(i for i, r in enumerate(values) if r[1] == demo.township.name and r[0] is not None)
    own_subtotal = next(r for r in values[township_at + 1:] if r[0] is None)
    assert own_subtotal[3] is None and not any(r[3] == 0 for r in values if r[0] is None)


def test_township_ledger_holds_only_the_township(demo):
    rows = _ledger_rows(load_workbook(io.BytesIO(_run(demo, "classification_ledger", "xlsx", org=demo.township,
                                                       user="township"))).active)
    inside = set(Organization.objects.filter(path__startswith=demo.township.path, kind__in=LEDGER_KINDS, is_active=True)
                 .values_list("name", flat=True))
    assert set(rows) == inside and demo.other_township_branch.name not in rows


def test_ledger_pdf_is_chinese_with_page_numbers_and_no_missing_glyph(demo):
    data = _run(demo, "classification_ledger", "pdf")
    text, pages = _pdf_text(data)
    flat = "".join(text.split())
    assert "分类管理台账" in flat and demo.county.name in flat and f"{_year()}年度" in flat
    assert f"第1页共{pages}页" in flat and f"第{pages}页共{pages}页" in flat
    assert "制表人" in flat and "盖章" in flat
    for org in Organization.objects.filter(path__startswith=demo.township.path, kind__in=LEDGER_KINDS, is_active=True):
        assert org.name in flat
    if pages > 1:  # the table header is repeated on every page
        second = "".join(PdfReader(io.BytesIO(data)).pages[1].extract_text().split())
        assert "党员数" in second and "书记" in second
    _assert_every_glyph_in_the_shipped_font(data, text)


def test_ledger_costs_the_same_queries_for_a_township_and_the_county(demo):
    with CaptureQueriesContext(connection) as small:
        ledger_for(demo.township, demo.users["county"], _year())
    with CaptureQueriesContext(connection) as large:
        ledger = ledger_for(demo.county, demo.users["county"], _year())
    assert len(ledger.rows) > 10
    assert len(small) == len(large)


def test_annual_summary_pdf_has_distributions_charts_and_the_rates_section(demo):
    data = _run(demo, "annual_summary", "pdf")
    text, _pages = _pdf_text(data)
    flat = "".join(text.split())
    for heading in ("年度工作总结", "年初各领域分类级次", "各领域星级", "目标完成率", "星级比例控制", "满意度", "调查覆盖"):
        assert heading in flat, heading
    assert "先进" in flat and "一般" in flat and "后进" in flat  # the chart legend and table headers
    assert "一般党组织升级率" in flat and "后进党组织转化率" in flat  # the rates come from the upgrades capability
    _assert_every_glyph_in_the_shipped_font(data, text)


def test_annual_summary_xlsx_counts_confirmed_levels_by_domain(demo):
    sheet = load_workbook(io.BytesIO(_run(demo, "annual_summary", "xlsx"))).active
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] and "年初" in str(r[0]))
    total = next(r for r in rows[start + 1:] if r[1] == "合计")
    confirmed = Classification.objects.filter(campaign__year=_year(), state="confirmed").count()
    assert isinstance(total[2], int) and total[2] + total[3] + total[4] == confirmed


def test_cadre_pay_floats_each_community_around_three_stars(demo):
    community = Organization.objects.get(name="金星社区党支部")
    StarRating.objects.create(organization=community, campaign=demo.ctx.campaign, year=_year(), level=5, approved_level=5)
    sheet = load_workbook(io.BytesIO(_run(demo, "cadre_pay", "xlsx"))).active
    rows = {r[2]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    per_star = demo.ctx.campaign.ruleset.setting("cadre_pay_float_per_star")
    assert rows[community.name][4] == 5
    assert Decimal(str(rows[community.name][5])) == per_star * 2 and rows[community.name][6] == float(100 + per_star * 2)
    communities = Organization.objects.filter(path__startswith=demo.county.path, is_active=True, kind__in=LEDGER_KINDS,
                                              domain__in=("urban_community", "agri_community"))
    assert set(rows) == {o.name for o in communities}
    text, _pages = _pdf_text(_run(demo, "cadre_pay", "pdf"))
    assert "三星级为基准" in "".join(text.split())


def test_filing_list_pdf_names_the_new_four_star_organisation_with_seal_block(demo):
    text, _pages = _pdf_text(_run(demo, "star_filing", "pdf"))
    flat = "".join(text.split())
    assert "新晋四星、五星基层党组织备案名单" in flat and "新塘村党支部" in flat and "盖章" in flat


@pytest.mark.parametrize("kind", ["star_ledger", "classification_ledger", "annual_summary", "cadre_pay", "star_filing"])
def test_branch_secretary_ledger_shows_only_their_branch(demo, kind):
    run = ReportRun.objects.create(kind=kind, fmt="xlsx", organization=demo.branch, requested_by=demo.users["branch"])
    run = report_run_execute(run.pk)
    assert run.status == "done", run.error
    cells = {c for r in load_workbook(run.file).active.iter_rows(values_only=True) for c in r if isinstance(c, str)}
    assert demo.branch2.name not in cells and demo.other_township_branch.name not in cells
