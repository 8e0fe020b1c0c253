"""The download centre: re-run, retention of old files, runs left behind by a dead worker."""
from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from reports.models import ReportRun, RunStatus
from reports.services import report_run_execute, report_runs_fail_stale, report_runs_purge


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _done_run(demo, **fields) -> ReportRun:
    run = ReportRun.objects.create(kind="roster", fmt="xlsx", organization=demo.township,
                                   requested_by=demo.users["township"], title="roster", **fields)
    report_run_execute(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    return run


def test_run_again_makes_a_new_run_with_the_same_report_and_organisation(demo, client_for, django_capture_on_commit_callbacks):
    run = _done_run(demo)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("township").post(f"/reports/{run.pk}/rerun/")
    assert response.status_code == 302
    new = ReportRun.objects.exclude(pk=run.pk).get()
    assert (new.kind, new.fmt, new.organization_id, new.status) == ("roster", "xlsx", demo.township.pk, RunStatus.DONE)


def test_files_older_than_the_retention_period_are_removed_with_their_runs(demo, settings):
    settings.REPORT_RETENTION_DAYS = 30
    old = _done_run(demo)
    recent = _done_run(demo)
    ReportRun.objects.filter(pk=old.pk).update(created=timezone.now() - datetime.timedelta(days=31))
    path = old.file.path
    assert report_runs_purge() == 1
    assert not ReportRun.objects.filter(pk=old.pk).exists()
    assert ReportRun.objects.filter(pk=recent.pk).exists()
    import os

    assert not os.path.exists(path)


def test_a_run_left_running_past_the_redelivery_window_is_marked_failed_with_its_reason(demo, settings):
    run = ReportRun.objects.create(kind="roster", fmt="pdf", organization=demo.township, requested_by=demo.users["township"],
                                   status=RunStatus.RUNNING, started=timezone.now())
    assert report_runs_fail_stale() == 0
    # Past the time limit but within the visibility timeout: the broker may still hand the task to another worker.
    soon = timezone.now() + datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 61)
    assert report_runs_fail_stale(now=soon) == 0
    later = timezone.now() + datetime.timedelta(
        seconds=settings.CELERY_VISIBILITY_TIMEOUT + settings.CELERY_TASK_TIME_LIMIT + 61)
    assert report_runs_fail_stale(now=later) == 1
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "重新" in run.error or "again" in run.error


def test_the_download_centre_page_lists_a_failed_run_with_its_reason(demo, client_for):
    ReportRun.objects.create(kind="roster", fmt="pdf", organization=demo.township, requested_by=demo.users["township"],
                             status=RunStatus.FAILED, error="报表生成失败：磁盘已满", title="花名册")
    page = client_for("township").get("/reports/").content.decode()
    assert "报表生成失败：磁盘已满" in page
    assert "失败" in page


def test_the_request_keeps_the_parameters_the_report_kind_reads_and_refuses_bad_ones(demo, client_for):
    client = client_for("county")
    response = client.post("/reports/request/", {"kind": "classification_ledger", "fmt": "xlsx",
                                                 "organization": demo.county.pk, "year": "2025", "other": "x"})
    assert response.status_code == 302
    assert ReportRun.objects.get().params == {"year": 2025}  # only what the kind reads
    response = client.post("/reports/request/", {"kind": "classification_ledger", "fmt": "xlsx",
                                                 "organization": demo.county.pk, "year": "soon"})
    assert response.status_code == 302 and ReportRun.objects.count() == 1
    response = client.post("/reports/request/", {"kind": "roster", "fmt": "xlsx", "organization": demo.county.pk,
                                                 "year": "2025"})
    assert ReportRun.objects.get(kind="roster").params == {}  # the roster takes no parameters
