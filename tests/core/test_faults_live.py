"""Faults under a live server, on real PostgreSQL and Redis (CI's second run): a worker killed in the
middle of a report (the broker hands the task to another worker after the visibility timeout), and the
database's connections cut under a running gunicorn (CONN_HEALTH_CHECKS)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app
from reports.models import ReportRun, RunStatus
from reports.services import report_run_request
from tests.core.test_worker import ROOT, _database_url, queue  # noqa: F401 (the queue fixture)

pytestmark = [pytest.mark.worker, pytest.mark.xdist_group("celery-worker")]


def _start_worker(queue_name: str, env: dict[str, str]) -> tuple[str, subprocess.Popen]:
    name = f"fault-{uuid.uuid4().hex[:6]}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=WARNING", "-n", f"{name}@%h",
         "-Q", queue_name, "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any(name in list(r)[0] for r in (app.control.ping(timeout=1.0) or [])):
            return name, proc
    proc.kill()
    pytest.fail("worker did not start")


def test_a_task_of_a_killed_worker_is_taken_by_another_after_the_visibility_timeout(transactional_db, queue, demo):
    from organizations.models import Organization, make_path, path_depth

    township = demo.township
    new = Organization.objects.bulk_create([
        Organization(parent=township, name=f"测试村{i:04d}党支部", kind="branch", domain="village", member_count=30,
                     secretary_name="测试", secretary_phone="13900000000") for i in range(1200)])
    for org in new:
        org.path = make_path(township.path, org.pk)
        org.depth = path_depth(org.path)
    Organization.objects.bulk_update(new, ["path", "depth"])
    # The worker's side of the agreement, shortened for the test: the broker restores a task not
    # acknowledged within 20 s (production: the time limit plus five minutes).
    env = dict(os.environ, DATABASE_URL=_database_url(), JINWEI_TESTING="1", MEDIA_ROOT=str(settings.MEDIA_ROOT),
               CELERY_VISIBILITY_TIMEOUT="20",
               REPORT_CHUNK_ROWS="100000")  # one task per run here; the chunks have their own tests
    _, doomed = _start_worker(queue, env)
    try:
        run = report_run_request(actor=demo.users["township"], kind="roster", fmt="pdf", organization=township)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            run.refresh_from_db()
            if run.status == RunStatus.RUNNING:
                break
            time.sleep(0.05)
        assert run.status == RunStatus.RUNNING
        doomed.send_signal(signal.SIGKILL)  # the worker's main process dies: no ack, no reject
        doomed.wait(timeout=20)
    finally:
        if doomed.poll() is None:
            doomed.kill()
    _, survivor = _start_worker(queue, env)
    try:
        deadline = time.monotonic() + 150
        while time.monotonic() < deadline:
            run.refresh_from_db()
            if run.is_finished:
                break
            time.sleep(0.5)
        assert run.status == RunStatus.DONE, (run.status, run.error)
        assert run.attempts >= 2  # taken again, not started afresh by a user
    finally:
        survivor.terminate()
        survivor.wait(timeout=30)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_cutting_the_database_connections_under_gunicorn_costs_no_request_a_500(transactional_db, demo):
    assert connection.vendor == "postgresql"
    port = _free_port()
    label = f"jinwei-live-{uuid.uuid4().hex[:6]}"
    env = dict(os.environ, DATABASE_URL=f"{_database_url()}?application_name={label}", JINWEI_TESTING="1",
               MEDIA_ROOT=str(settings.MEDIA_ROOT), DB_CONN_MAX_AGE="600")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if _get(f"{base}/healthz") == 200:
                    break
            except OSError:
                time.sleep(0.3)
        # Every gunicorn worker holds a kept connection.
        assert all(_get(f"{base}/healthz") == 200 for _ in range(6))
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [label])
            assert cursor.fetchone()[0] >= 1
            # What a PostgreSQL restart does to its clients: every connection of the server is cut.
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s", [label])
        statuses = [_get(f"{base}/healthz") for _ in range(8)] + [_get(f"{base}/accounts/login/") for _ in range(4)]
        assert statuses == [200] * len(statuses)
    finally:
        server.terminate()
        server.wait(timeout=30)
