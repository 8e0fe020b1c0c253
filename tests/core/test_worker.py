"""A real Celery worker process takes report tasks from Redis (CI's second run: PostgreSQL + Redis).

Deselected when CELERY_BROKER_URL or DATABASE_URL is not set (see tests/conftest.py): a worker in
another process cannot see SQLite's in-memory test database.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app
from reports.models import ReportRun, RunStatus
from reports.services import report_run_request

pytestmark = pytest.mark.worker
ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def worker(transactional_db):
    """A `celery worker` subprocess on the test database; stopped after the test."""
    assert connection.vendor == "postgresql", "the real-worker test needs DATABASE_URL (PostgreSQL)"
    env = dict(os.environ, DATABASE_URL=_database_url(), JINWEI_TESTING="1", MEDIA_ROOT=str(settings.MEDIA_ROOT))
    name = f"test-{uuid.uuid4().hex[:8]}@%h"
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO", "-n", name,
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            replies = app.control.ping(timeout=1.0) or []
            if any(name.split("@")[0] in list(r)[0] for r in replies):
                break
            assert proc.poll() is None, proc.stdout.read()
        else:
            pytest.fail("the Celery worker did not answer a ping within 60 s")
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def _wait_finished(run: ReportRun, seconds: float = 120) -> ReportRun:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.is_finished:
            return run
        time.sleep(0.3)
    pytest.fail(f"report run {run.pk} still {run.status} after {seconds} s")


def test_a_real_worker_takes_the_roster_task_from_redis_and_renders_the_pdf(worker, demo):
    assert not app.conf.task_always_eager, "this test must go through the broker"
    township_staff = demo.users["township"]
    run = report_run_request(actor=township_staff, kind="roster", fmt="pdf", organization=demo.township)
    run = _wait_finished(run)
    assert run.status == RunStatus.DONE, run.error
    assert run.attempts == 1
    with run.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_a_real_worker_records_a_failed_report_with_its_reason(worker, demo):
    run = ReportRun.objects.create(kind="roster", fmt="pdf", organization=demo.township,
                                   requested_by=demo.users["township"], title="broken")
    ReportRun.objects.filter(pk=run.pk).update(kind="no-such-report")
    from reports.tasks import render_report_run

    render_report_run.delay(run.pk)
    run = _wait_finished(run)
    assert run.status == RunStatus.FAILED
    assert run.error
