"""Faults the server will meet (issue: survives its faults), on SQLite: the broker away, storage gone or
read-only, the sweep and the attempt cap, the Chinese 500 page, /healthz, the deploy check as it is.
The live-server faults on PostgreSQL and Redis are in test_faults_live.py."""
from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from config.celery import app
from reports.models import ReportRun, RunStatus
from reports.services import report_run_execute, report_run_request, report_runs_fail_stale

ROOT = Path(__file__).resolve().parents[2]
READ_ONLY_DIR = "/sys/kernel"  # a directory nobody may write, not even root


@pytest.fixture
def broker_away(settings, monkeypatch):
    """A broker on a closed port: what the web app meets when Redis is stopped."""
    old = (app.conf.task_always_eager, app.conf.broker_url)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:9/0"
    # Celery reads CELERY_BROKER_URL from the environment before its own setting (CI's second run sets it):
    # without this the "away" broker would be the live one, and its shared pool would be closed below
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:9/0")
    monkeypatch.delenv("CELERY_BROKER_WRITE_URL", raising=False)
    # Fresh connection and producer pools for the closed port, and fresh ones again afterwards: a pool
    # closed here must never be handed to a later test ("Acquire on closed pool").
    app._pool = None
    app.amqp._producer_pool = None
    yield
    app.conf.task_always_eager, app.conf.broker_url = old
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None


def test_with_the_broker_away_a_report_request_fails_at_once_with_a_reason(demo, client_for, broker_away,
                                                                          django_capture_on_commit_callbacks):
    client = client_for("township")
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:run-request"),
                               {"kind": "roster", "fmt": "pdf", "organization": demo.township.pk}, follow=True)
    assert time.monotonic() - started < 15
    assert response.status_code == 200
    run = ReportRun.objects.get()
    assert run.status == RunStatus.FAILED  # never left 排队中
    assert "后台" in run.error
    # (Outside a test's transaction the request page itself already says it: the run is queued on commit.)
    page = client.get(reverse("reports:run-list")).content.decode()
    assert run.error in page
    assert reverse("reports:run-rerun", args=[run.pk]) in page  # and 重新生成 is offered


def test_a_queued_run_whose_message_was_lost_is_failed_by_the_sweep(demo, settings):
    run = ReportRun.objects.create(kind="roster", fmt="pdf", organization=demo.township, requested_by=demo.users["township"])
    assert report_runs_fail_stale() == 0
    later = timezone.now() + datetime.timedelta(seconds=settings.CELERY_VISIBILITY_TIMEOUT + 1)
    assert report_runs_fail_stale(now=later) == 1
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "重新" in run.error


def test_the_visibility_timeout_the_time_limit_and_the_sweep_agree(settings):
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] == settings.CELERY_VISIBILITY_TIMEOUT
    assert settings.CELERY_VISIBILITY_TIMEOUT > settings.CELERY_TASK_TIME_LIMIT  # no second copy of a live task
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT  # the run can say why it stopped
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"reports.tasks.sweep_report_runs", "reports.tasks.purge_report_runs"} <= scheduled
    app.loader.import_default_modules()  # what a worker does when it starts (autodiscovery is lazy)
    assert scheduled <= set(app.tasks)


def test_a_report_that_kills_its_worker_every_time_fails_after_the_capped_attempts(demo, settings):
    run = ReportRun.objects.create(kind="roster", fmt="pdf", organization=demo.township, requested_by=demo.users["township"],
                                   status=RunStatus.RUNNING, started=timezone.now(), attempts=settings.REPORT_MAX_ATTEMPTS)
    run = report_run_execute(run.pk)  # the broker hands it out once more
    assert run.status == RunStatus.FAILED
    assert str(settings.REPORT_MAX_ATTEMPTS) in run.error and "内存" in run.error
    assert run.attempts == settings.REPORT_MAX_ATTEMPTS  # not started again


def test_a_run_killed_once_is_taken_again_and_finishes(demo, settings):
    run = ReportRun.objects.create(kind="roster", fmt="xlsx", organization=demo.township, requested_by=demo.users["township"],
                                   status=RunStatus.RUNNING, started=timezone.now(), attempts=1)
    run = report_run_execute(run.pk)
    assert run.status == RunStatus.DONE and run.attempts == 2


def test_an_upload_to_read_only_storage_is_refused_with_a_message_and_saves_nothing(demo, client_for, settings):
    from upgrades.models import Evidence

    settings.MEDIA_ROOT = READ_ONLY_DIR
    commitment = demo.ctx.extra["upgrades.commitments"]["approved"]
    before = Evidence.objects.count()
    response = client_for("branch2").post(reverse("upgrades:evidence-add", args=[commitment.pk]),
                                          {"file": SimpleUploadedFile("会议记录.pdf", b"%PDF-1.4 x")}, follow=True)
    assert response.status_code == 200
    assert "存储" in response.content.decode()
    assert Evidence.objects.count() == before


def test_a_missing_media_root_is_not_made_up_on_upload(demo, settings, tmp_path):
    from django.core.exceptions import ValidationError
    from django.core.files.storage import default_storage

    settings.MEDIA_ROOT = tmp_path / "unmounted"
    with pytest.raises(ValidationError) as info:
        default_storage.save("evidence/x.pdf", SimpleUploadedFile("x.pdf", b"%PDF-1.4 x"))
    assert info.value.code == "storage"
    assert not (tmp_path / "unmounted").exists()


def test_a_download_from_missing_storage_is_a_chinese_page_not_a_500(demo, client_for, settings, tmp_path):
    from upgrades import services

    commitment = demo.ctx.extra["upgrades.commitments"]["approved"]
    ev = services.evidence_add(actor=demo.users["branch2"], commitment=commitment,
                               upload=SimpleUploadedFile("会议记录.pdf", b"%PDF-1.4 x"), measures=[])
    settings.MEDIA_ROOT = tmp_path / "unmounted"
    response = client_for("branch2").get(reverse("upgrades:evidence-download", args=[ev.pk]))
    assert response.status_code == 503
    assert "文件存储" in response.content.decode()


def test_a_report_that_cannot_be_stored_says_so_in_words(demo, settings):
    settings.MEDIA_ROOT = READ_ONLY_DIR
    run = ReportRun.objects.create(kind="roster", fmt="xlsx", organization=demo.township, requested_by=demo.users["township"])
    run = report_run_execute(run.pk)
    assert run.status == RunStatus.FAILED
    assert "存储" in run.error
    assert "Errno" not in run.error and "OSError" not in run.error and READ_ONLY_DIR not in run.error


def test_the_500_page_is_chinese_and_standalone(settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "服务器" in html and "<html" in html
    assert "{%" not in html


def test_an_error_in_a_view_answers_the_chinese_500_page(demo, settings, monkeypatch):
    from core import views

    monkeypatch.setattr(views, "_check_database", lambda: 1 / 0)
    client = Client(raise_request_exception=False)
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 503  # the health check reports, it does not crash
    from django.views.defaults import server_error
    from django.test import RequestFactory

    page = server_error(RequestFactory().get("/"))
    assert page.status_code == 500 and "服务器" in page.content.decode()


def test_healthz_reports_database_broker_and_storage(demo, settings, tmp_path):
    response = Client().get(reverse("core:healthz"))
    assert response.status_code == 200
    # no broker configured: tasks run in-process (make test); CI's second run has a live Redis
    broker = "ok" if settings.CELERY_BROKER_URL else "in-process"
    assert response.json() == {"database": "ok", "broker": broker, "storage": "ok"}
    settings.CELERY_BROKER_URL = ""
    assert Client().get(reverse("core:healthz")).json()["broker"] == "in-process"
    settings.MEDIA_ROOT = tmp_path / "unmounted"
    response = Client().get(reverse("core:healthz"))
    assert response.status_code == 503 and response.json()["storage"] == "error"


def test_healthz_reports_a_broker_that_is_away(demo, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    started = time.monotonic()
    response = Client().get(reverse("core:healthz"))
    assert time.monotonic() - started < 10
    assert response.status_code == 503 and response.json()["broker"] == "error"


def _bare_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}}
    env.update(extra)
    return env


@pytest.mark.parametrize("media", ["missing", "read-only"])
def test_manage_check_refuses_an_unusable_media_root(tmp_path, media):
    root = str(tmp_path / "missing") if media == "missing" else READ_ONLY_DIR
    done = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env=_bare_env(DEBUG="1", MEDIA_ROOT=root, SQLITE_PATH=str(tmp_path / "db.sqlite3")))
    assert done.returncode != 0
    assert ("jinwei.E001" if media == "missing" else "jinwei.E002") in done.stderr


def test_make_check_deploy_checks_the_environment_as_it_is(tmp_path):
    bare = subprocess.run(["make", "-s", "check-deploy"], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env=_bare_env())
    assert bare.returncode != 0
    assert "SECRET_KEY must be set" in bare.stdout + bare.stderr
    env_file = tmp_path / "jinwei.env"
    env_file.write_text("SECRET_KEY=" + "k" * 20 + "x" * 40 + "\nALLOWED_HOSTS=jinwei.example.org\n"
                        f"SQLITE_PATH={tmp_path / 'db.sqlite3'}\nMEDIA_ROOT={tmp_path}\n")
    done = subprocess.run(["make", "-s", "check-deploy", f"ENV_FILE={env_file}"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env=_bare_env())
    # Django rejects a key of few distinct characters: the check reads what the file holds, nothing is filled in.
    assert done.returncode != 0 and "security.W009" in done.stdout + done.stderr
    import secrets

    env_file.write_text(f"SECRET_KEY={secrets.token_urlsafe(45)}\nALLOWED_HOSTS=jinwei.example.org\n"
                        f"SQLITE_PATH={tmp_path / 'db.sqlite3'}\nMEDIA_ROOT={tmp_path}\n")
    done = subprocess.run(["make", "-s", "check-deploy", f"ENV_FILE={env_file}"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env=_bare_env())
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_production_environment_without_a_database_is_warned(tmp_path):
    import secrets

    done = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120,
                          env=_bare_env(SECRET_KEY=secrets.token_urlsafe(45), ALLOWED_HOSTS="jinwei.example.org",
                                        MEDIA_ROOT=str(tmp_path)))
    assert done.returncode != 0 and "jinwei.W003" in done.stdout + done.stderr
