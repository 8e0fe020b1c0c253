"""Dates printed outside templates are in the configured time zone (Asia/Shanghai): a report submitted
at 21:19 UTC on 12-04 was submitted at 05:19 on 12-05 in Beijing and prints 12-05."""
from __future__ import annotations

import datetime
import io
from types import SimpleNamespace

from openpyxl import load_workbook

from core.localtime import local_day
from core.xlsx import Column, write_table
from surveys.models import SurveyReport
from surveys.report_kinds import build_survey_report

SUBMITTED = datetime.datetime(2026, 12, 4, 21, 19, tzinfo=datetime.timezone.utc)  # 05:19 on 12-05 in Beijing


def test_local_day_is_the_beijing_day(settings):
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert local_day(SUBMITTED) == "2026-12-05"


def test_the_survey_report_pdf_prints_the_beijing_submit_date(demo):
    report, _created = SurveyReport.objects.get_or_create(organization=demo.branch, campaign=demo.ctx.campaign)
    SurveyReport.objects.filter(pk=report.pk).update(submitted_at=SUBMITTED, status="submitted")
    run = SimpleNamespace(requested_by=demo.users["branch"], organization_id=demo.branch.pk, organization=demo.branch,
                          params={"report": report.pk})
    data = build_survey_report(run, lambda _p: None)
    note = " ".join(str(n) for n in data.notes)
    assert "2026-12-05" in note and "2026-12-04" not in note


def test_an_excel_cell_holds_the_beijing_wall_time():
    buffer = io.BytesIO()
    write_table(buffer, title="t", columns=[Column("时间", 20, "yyyy-mm-dd hh:mm")], rows=[[SUBMITTED]], title_row=False)
    ws = load_workbook(io.BytesIO(buffer.getvalue())).active
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, datetime.datetime)]
    assert values == [datetime.datetime(2026, 12, 5, 5, 19)]
