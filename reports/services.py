"""Report runs: request (scope-checked, enqueued on commit) and execute (called by the Celery task)."""
from __future__ import annotations

import datetime
import logging
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.report_kinds import REPORTS
from organizations.models import Organization
from organizations.scope import require

from .failures import failure_reason
from .models import ReportRun, RunStatus
from .chunks import chunked_pdf_start, table_parts
from .renderers import render_pdf, render_xlsx
from .renderers_typst import is_tabular

log = logging.getLogger(__name__)


def report_run_request(*, actor: Any, kind: str, fmt: str, organization: Organization,
                       params: dict[str, Any] | None = None) -> ReportRun:
    report = REPORTS.get(kind)
    if report is None or fmt not in report.formats:
        raise ValidationError(_("Unknown report or format."))
    require(actor, report.action, organization)
    report_runs_fail_stale()
    report_runs_purge()
    with transaction.atomic():
        run = ReportRun.objects.create(
            kind=kind, fmt=fmt, organization=organization, params=params or {}, requested_by=actor,
            title=f"{organization.name} {report.label}",
        )
        transaction.on_commit(lambda: report_run_enqueue(run.pk))
    run.refresh_from_db()
    return run


def report_run_enqueue(run_id: int) -> None:
    """Hand the run to a worker. Without a broker and with REPORT_THREADS (``make run``) the run renders
    in a thread of this process, so the page answers at once and shows the run's progress. With the
    broker away the run fails at once with a reason the user can read (and a 重新生成 button), instead
    of a 500 and a run left queued for ever."""
    from .tasks import render_report_run

    if settings.CELERY_TASK_ALWAYS_EAGER and settings.REPORT_THREADS:
        import threading

        from django.db import close_old_connections

        def work() -> None:
            try:
                render_report_run.apply(args=(run_id,))
            finally:
                close_old_connections()

        threading.Thread(target=work, name=f"report-run-{run_id}", daemon=True).start()
        return
    try:
        render_report_run.delay(run_id)
    except Exception:  # kombu raises OperationalError, redis-py its own ConnectionError: any failure to publish
        if settings.CELERY_TASK_ALWAYS_EAGER:
            raise  # in-process: the task itself failed, and report_run_execute already recorded why
        log.exception("report run %s could not be queued", run_id)
        ReportRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
            status=RunStatus.FAILED, finished=timezone.now(),
            error=_("The background service is not reachable, so the report was not queued. "
                    "Please try again in a few minutes; if it keeps failing, tell the system administrator."),
        )


def _set_progress(run_id: int, value: int) -> None:
    ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(progress=max(0, min(99, value)))


def report_run_execute(run_id: int) -> ReportRun | None:
    """Render one run. A run already finished is left alone; a run whose worker died is taken again."""
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.is_finished:
            return run
        if run.attempts >= settings.REPORT_MAX_ATTEMPTS:
            # Taken this often and never finished: the report stops its worker (out of memory, say).
            run.status = RunStatus.FAILED
            run.finished = timezone.now()
            run.error = _("The report was started %(count)s times and its worker stopped each time (it may need "
                          "more memory than the server has). Please tell the system administrator.") % {"count": run.attempts}
            run.save(update_fields=["status", "finished", "error", "updated"])
            return run
        run.status = RunStatus.RUNNING
        run.started = timezone.now()
        run.progress = 1
        run.attempts += 1
        run.error = ""
        run.save(update_fields=["status", "started", "progress", "attempts", "error", "updated"])
    def progress(value: int) -> None:
        _set_progress(run.pk, value)

    try:
        report = REPORTS.get(run.kind)
        if report is None:
            raise LookupError(_("unknown report %(kind)s") % {"kind": run.kind})
        if report.chunked is not None:  # a bound document of parts (the annual dossiers): rendered over the workers
            parts, filename, join = report.chunked(run, lambda v: progress(5 + int(v * 0.45)))
            progress(50)
            chunked_pdf_start(run, parts, filename=filename, join=join)
            run.refresh_from_db()
            return run
        data = report.build(run, lambda v: progress(5 + int(v * 0.45)))
        progress(50)
        suffix = f".{run.fmt}"
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        if run.fmt == "pdf" and is_tabular(report.pdf_template) and len(data.rows) > settings.REPORT_CHUNK_ROWS:
            # a long table: its chunks go to separate workers and are joined with page numbers over the whole
            chunked_pdf_start(run, table_parts(data, report.pdf_template, settings.REPORT_CHUNK_ROWS, settings.REPORT_CHUNK_WORKERS),
                              filename=f"{data.organization_name}-{report.label}-{stamp}{suffix}")
            run.refresh_from_db()
            return run
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"report{suffix}"
            if run.fmt == "pdf":
                render_pdf(data, str(path), progress, report.pdf_template)
            else:
                render_xlsx(data, str(path), progress)
            filename = f"{data.organization_name}-{report.label}-{stamp}{suffix}"
            with path.open("rb") as handle:
                run.file.save(f"run-{run.pk}{suffix}", File(handle), save=False)
        run.filename = filename
        run.status = RunStatus.DONE
        run.progress = 100
        run.finished = timezone.now()
        run.save(update_fields=["file", "filename", "status", "progress", "finished", "updated"])
    except Exception as exc:  # a failed run must say why, never hang as "running"
        log.exception("report run %s failed", run.pk)
        ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, finished=timezone.now(),
                                                   error=failure_reason(exc, run.pk))
    run.refresh_from_db()
    return run


def report_runs_fail_stale(*, now: datetime.datetime | None = None) -> int:
    """Fail the runs nothing will finish any more (the sweep: celery beat every five minutes, each
    worker at start, and each new request).

    A run still running one visibility timeout plus one time limit after it started: had its worker died,
    the broker would have handed the task to another worker after the visibility timeout, which would
    have started it again (a fresh ``started``); that window has passed. A run still queued after one
    visibility timeout: its message was lost (the broker restarted without persistence)."""
    now = now or timezone.now()
    running_limit = now - datetime.timedelta(seconds=settings.CELERY_VISIBILITY_TIMEOUT + settings.CELERY_TASK_TIME_LIMIT + 60)
    queued_limit = now - datetime.timedelta(seconds=settings.CELERY_VISIBILITY_TIMEOUT)
    running = ReportRun.objects.filter(status=RunStatus.RUNNING, started__lt=running_limit).update(
        status=RunStatus.FAILED, finished=now, error=_("The worker stopped before the report was finished. Please run it again."),
    )
    queued = ReportRun.objects.filter(status=RunStatus.QUEUED, created__lt=queued_limit).update(
        status=RunStatus.FAILED, finished=now,
        error=_("No background worker took this report. Please run it again; if it stays queued, tell the system administrator."),
    )
    return running + queued


def report_run_rerun(*, actor: Any, run: ReportRun) -> ReportRun:
    """A new run with the same report, format, organisation and parameters (the scope is checked again)."""
    return report_run_request(actor=actor, kind=run.kind, fmt=run.fmt, organization=run.organization, params=run.params)


def report_runs_purge(*, now: datetime.datetime | None = None, days: int | None = None) -> int:
    """Delete the files of finished runs older than the retention period (setting REPORT_RETENTION_DAYS)
    and the runs themselves; returns how many runs were removed."""
    now = now or timezone.now()
    days = settings.REPORT_RETENTION_DAYS if days is None else days
    old = ReportRun.objects.filter(status__in=[RunStatus.DONE, RunStatus.FAILED],
                                   created__lt=now - datetime.timedelta(days=days))
    count = 0
    for run in old.iterator():
        if run.file:
            run.file.delete(save=False)
        run.delete()
        count += 1
    return count
