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

# One xdist process runs all of them (make test uses --dist loadgroup): two workers on one queue
# could otherwise take each other's tasks into the wrong test database.
pytestmark = [pytest.mark.worker, pytest.mark.xdist_group("celery-worker")]
ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def queue():
    """A queue of this test's own: no other worker on the same Redis (another test run, a developer's
    worker) can take its tasks into another database."""
    name = f"jinwei-test-{uuid.uuid4().hex[:10]}"
    old = app.conf.task_default_queue
    app.conf.task_default_queue = name
    yield name
    app.conf.task_default_queue = old


@pytest.fixture
def worker(transactional_db, queue):
    """A `celery worker` subprocess on the test database and the test's own queue; stopped after the test."""
    assert connection.vendor == "postgresql", "the real-worker test needs DATABASE_URL (PostgreSQL)"
    env = dict(os.environ, DATABASE_URL=_database_url(), JINWEI_TESTING="1", MEDIA_ROOT=str(settings.MEDIA_ROOT))
    name = f"test-{uuid.uuid4().hex[:8]}@%h"
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO", "-n", name,
         "-Q", queue, "--without-gossip", "--without-mingle", "--without-heartbeat"],
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


@pytest.mark.parametrize("kind", ["roster", "classification_ledger"])
def test_a_worker_killed_in_the_middle_of_a_report_never_leaves_it_running_forever(transactional_db, queue, demo, kind):
    """Kill -9 the worker while it renders a long roster or classification ledger: the run is not finished by the dead worker;
    the stale-run sweep marks it failed with its reason once the time limit has passed; the next
    request, taken by a new worker, succeeds."""
    import datetime
    import signal

    from django.conf import settings
    from django.utils import timezone

    from organizations.models import Organization, make_path, path_depth
    from reports.services import report_runs_fail_stale

    # A tree big enough that the PDF takes seconds to render.
    township = demo.township
    new = Organization.objects.bulk_create([
        Organization(parent=township, name=f"测试村{i:04d}党支部", kind="branch", domain="village", member_count=30 + i % 40,
                     secretary_name="测试", secretary_phone="13900000000")
        for i in range(1200)
    ])
    for org in new:
        org.path = make_path(township.path, org.pk)
        org.depth = path_depth(org.path)
    Organization.objects.bulk_update(new, ["path", "depth"])

    env = dict(os.environ, DATABASE_URL=_database_url(), JINWEI_TESTING="1", MEDIA_ROOT=str(settings.MEDIA_ROOT))

    def start_worker(name: str) -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=WARNING", "-n", f"{name}@%h",
             "-Q", queue, "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if any(name in list(r)[0] for r in (app.control.ping(timeout=1.0) or [])):
                return proc
        proc.kill()
        pytest.fail("worker did not start")

    first = start_worker(f"doomed-{uuid.uuid4().hex[:6]}")
    try:
        run = report_run_request(actor=demo.users["township"], kind=kind, fmt="pdf", organization=township)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            run.refresh_from_db()
            if run.status == RunStatus.RUNNING and run.progress >= 5:
                break
            time.sleep(0.05)
        assert run.status == RunStatus.RUNNING
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=20)
    finally:
        if first.poll() is None:
            first.kill()
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING  # the dead worker finished nothing
    later = timezone.now() + datetime.timedelta(seconds=settings.CELERY_VISIBILITY_TIMEOUT + settings.CELERY_TASK_TIME_LIMIT + 61)
    assert report_runs_fail_stale(now=later) >= 1
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.error

    second = start_worker(f"fresh-{uuid.uuid4().hex[:6]}")
    try:
        again = report_run_request(actor=demo.users["township"], kind=kind, fmt="xlsx", organization=township)
        again = _wait_finished(again)
        assert again.status == RunStatus.DONE, again.error
    finally:
        second.terminate()
        second.wait(timeout=20)
