"""The one import mechanism (core/imports.py, core/xlsx.py): the uploaded workbook comes back with each
bad cell red, its message as a comment and an error column; large files run in the background with
progress; the run and its file are the uploader's alone."""
from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core import imports
from core.models import ImportRun
from core.xlsx import ERROR_FILL, ERROR_HEADER, RowError, mark_workbook
from organizations.models import Organization

HEADERS = ["组织名称", "上级组织", "组织类型", "领域", "党员人数", "书记姓名", "联系电话"]
GOOD = [
    ["幸福村党支部", "金星乡党委", "党支部", "村", 23, "马红", "13900000001"],
    ["金星商会党支部", "金星乡党委", "党支部", "社会组织", 8, "牛力", "13900000002"],
    ["白沙村党总支", "金星乡党委", "党总支", "村", 0, "", ""],
    ["白沙村第一党支部", "白沙村党总支", "党支部", "村", 31, "白一", ""],
]


def xlsx(rows, headers=HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def is_red(cell) -> bool:
    return cell.fill is not None and cell.fill.fgColor.rgb.endswith(ERROR_FILL.fgColor.rgb[-6:])


def test_marking_fills_bad_cells_red_with_the_message_as_comment_and_adds_an_error_column():
    data = xlsx([GOOD[0], GOOD[1], GOOD[2]])
    marked = mark_workbook(data, [
        RowError(3, "党员人数", "不是数字"), RowError(3, "领域", "须为：村、社区"),
        RowError(4, None, "这是模板中的示例行"), RowError(None, None, "文件中有问题"),
    ])
    ws = load_workbook(io.BytesIO(marked)).worksheets[0]
    assert ws.cell(row=1, column=8).value.startswith(ERROR_HEADER) and "文件中有问题" in ws.cell(row=1, column=8).value
    members, domain = ws.cell(row=3, column=5), ws.cell(row=3, column=4)
    assert is_red(members) and members.comment.text == "不是数字"
    assert is_red(domain) and domain.comment.text == "须为：村、社区"
    assert ws.cell(row=3, column=8).value == "党员人数：不是数字；领域：须为：村、社区"
    assert ws.cell(row=4, column=8).value == "这是模板中的示例行"
    assert ws.cell(row=2, column=8).value is None and not is_red(ws.cell(row=2, column=5))
    assert ws.cell(row=2, column=5).comment is None
    assert members.value == 8 and ws.cell(row=2, column=1).value == "幸福村党支部"  # the data is left as it was


def test_a_marked_file_marked_again_reuses_its_error_column_and_drops_old_marks():
    first = mark_workbook(xlsx(GOOD[:2]), [RowError(2, "党员人数", "旧问题")])
    second = mark_workbook(first, [RowError(3, "组织名称", "新问题")])
    ws = load_workbook(io.BytesIO(second)).worksheets[0]
    headers = [c.value for c in ws[1]]
    assert headers.count(ERROR_HEADER) == 1 and ws.max_column == 8
    assert ws.cell(row=2, column=5).comment is None and not is_red(ws.cell(row=2, column=5))
    assert ws.cell(row=2, column=8).value is None
    assert ws.cell(row=3, column=1).comment.text == "新问题" and ws.cell(row=3, column=8).value == "组织名称：新问题"


def test_bytes_that_are_no_workbook_cannot_be_marked():
    assert mark_workbook(b"not a zip", [RowError(2, "x", "y")]) is None


def _post_org_import(client, demo, rows):
    upload = SimpleUploadedFile("我的组织.xlsx", xlsx(rows))
    return client.post(reverse("organizations:org-import", kwargs={"pk": demo.township.pk}), {"file": upload})


def test_the_organisation_import_page_offers_the_marked_file_and_only_to_the_uploader(demo, client_for):
    rows = [list(r) for r in GOOD]
    rows[1][4] = "abc"
    rows[2][1] = "不存在党委"
    client = client_for("township")
    response = _post_org_import(client, demo, rows)
    html = response.content.decode()
    run = ImportRun.objects.get(kind="organizations")
    marked_url = reverse("core:import-run-marked", args=[run.pk])
    assert marked_url in html and "第 3 行，“党员人数”列" in html and "第 4 行，“上级组织”列" in html
    download = client.get(marked_url)
    from urllib.parse import unquote

    assert download.status_code == 200 and "我的组织-错误标注.xlsx" in unquote(download["Content-Disposition"])
    ws = load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets[0]
    assert is_red(ws["E3"]) and "整数" in ws["E3"].comment.text
    assert is_red(ws["B4"]) and "不存在党委" in ws["B4"].comment.text
    assert ws["H1"].value == ERROR_HEADER and ws["H3"].value and ws["H4"].value and ws["H2"].value is None
    for other in ("branch", "branch2", "outsider", "county"):
        assert client_for(other).get(marked_url).status_code == 404, other
        assert client_for(other).get(reverse("core:import-run", args=[run.pk])).status_code == 404, other
    assert not Organization.objects.filter(name="幸福村党支部").exists()


def test_a_run_is_hidden_once_the_uploader_no_longer_holds_the_scope(demo, client_for):
    from organizations.models import OrgRole

    rows = [list(GOOD[0])]
    rows[0][4] = "abc"
    client = client_for("township")
    _post_org_import(client, demo, rows)
    run = ImportRun.objects.get(kind="organizations")
    assert client.get(reverse("core:import-run", args=[run.pk])).status_code == 200
    OrgRole.objects.filter(user=demo.users["township"]).delete()
    from organizations.scope import forget_grants

    forget_grants(demo.users["township"])
    assert client_for("township").get(reverse("core:import-run", args=[run.pk])).status_code == 404


# --- Background ------------------------------------------------------------------------------------

def test_a_file_above_the_threshold_runs_in_the_background_and_reports_progress(demo, client_for, settings, monkeypatch,
                                                                               django_capture_on_commit_callbacks):
    settings.IMPORT_BACKGROUND_ROWS = 3
    seen: list[int] = []
    real = imports._set_progress

    def record(run_id: int, value: int) -> None:
        seen.append(value)
        real(run_id, value)

    monkeypatch.setattr(imports, "_set_progress", record)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_org_import(client_for("township"), demo, GOOD)
    run = ImportRun.objects.get(kind="organizations")
    assert run.background and run.row_count == 4
    assert response.status_code == 302 and response["Location"] == reverse("core:import-run", args=[run.pk])
    run.refresh_from_db()
    assert run.status == "done" and run.progress == 100 and "4" in run.summary
    assert seen == sorted(seen) and len(seen) >= 3 and 0 < seen[0] and seen[-1] < 100
    assert Organization.objects.filter(name="白沙村第一党支部").exists()
    page = client_for("township").get(response["Location"]).content.decode()
    assert run.summary in page and reverse("organizations:org-detail", args=[demo.township.pk]) in page


def test_a_queued_import_shows_a_polling_progress_bar_until_a_worker_has_run_it(demo, client_for, settings, monkeypatch,
                                                                                django_capture_on_commit_callbacks):
    import core.tasks

    settings.IMPORT_BACKGROUND_ROWS = 1
    queued: list[int] = []

    class HeldTask:
        @staticmethod
        def delay(run_id: int) -> None:
            queued.append(run_id)

    monkeypatch.setattr(core.tasks, "execute_import_run", HeldTask)
    client = client_for("township")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_org_import(client, demo, GOOD)
    assert len(queued) == 1
    status_url = reverse("core:import-run-status", args=[queued[0]])
    page = client.get(response["Location"]).content.decode()
    assert 'role="progressbar"' in page and status_url in page and 'hx-trigger="every 1s"' in page
    assert not Organization.objects.filter(name="幸福村党支部").exists()
    imports.import_run_execute(queued[0])  # the worker
    fragment = client.get(status_url).content.decode()
    assert "hx-get" not in fragment and "导入完成" in fragment
    assert Organization.objects.filter(name="幸福村党支部").exists()


def test_a_background_file_with_errors_ends_refused_with_its_marked_file(demo, client_for, settings,
                                                                         django_capture_on_commit_callbacks):
    settings.IMPORT_BACKGROUND_ROWS = 1
    rows = [list(r) for r in GOOD]
    rows[3][4] = -3
    client = client_for("township")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_org_import(client, demo, rows)
    run = ImportRun.objects.get(kind="organizations")
    assert run.status == "refused" and run.error_count == 1 and run.errors[0]["row"] == 5
    page = client.get(response["Location"]).content.decode()
    assert "未导入任何数据" in page and reverse("core:import-run-marked", args=[run.pk]) in page


def test_without_a_broker_a_background_import_runs_in_a_thread_of_the_process(settings, monkeypatch):
    settings.CELERY_BROKER_URL = ""
    settings.IMPORT_THREADS = True
    started: list[tuple] = []

    class FakeThread:
        def __init__(self, target, args, daemon, name):
            started.append((target, args, daemon))

        def start(self) -> None:
            started.append("started")

    monkeypatch.setattr(imports.threading, "Thread", FakeThread)
    imports._dispatch(42)
    assert started == [(imports._in_thread, (42,), True), "started"]


def test_sheet_rows_reads_the_dimension_of_the_first_sheet():
    assert imports.sheet_rows(xlsx(GOOD)) == 4
    assert imports.sheet_rows(b"junk") == 0


def test_reading_a_long_sheet_reports_the_share_read():
    from core.xlsx import read_table

    shares: list[float] = []
    rows = [[f"支部{i}", "金星乡党委", "党支部", "村", i, "", ""] for i in range(1200)]
    table = read_table(xlsx(rows), required=HEADERS[:5], optional=HEADERS[5:], max_rows=2000, progress=shares.append)
    assert len(table.rows) == 1200
    assert len(shares) == 2 and 0 < shares[0] < shares[1] <= 1


def test_a_large_organisation_import_moves_its_progress_while_reading(demo, monkeypatch):
    from organizations.importers import organizations_import

    seen: list[int] = []
    rows = [[f"进度{i:04d}村党支部", "金星乡党委", "党支部", "村", i, "", ""] for i in range(1100)]
    result = organizations_import(actor=demo.users["township"], root=demo.township, upload=xlsx(rows), progress=seen.append)
    assert result.created == 1100
    assert seen == sorted(seen) and seen[-1] == 99 and len([v for v in seen if v < 50]) == 2
