"""Excel imports, one mechanism for every app: a run per uploaded file, errors kept with row and column,
the workbook handed back marked, large files in the background with progress, and a sheet's content
imported into the same target once.

An app offers an import by registering it in its module ``<app>/importers.py`` (found at start-up by
``autodiscover``, like report kinds):

    register(ImportKind(key="organizations", label=_("Organisations"), execute=..., allowed=..., done_url=...))

``execute(run, data, progress)`` reads the bytes ``data`` of the upload, imports them for
``run.requested_by`` into ``run.organization`` / ``run.target`` and returns the sentence that tells the
user what it did; it raises ``XlsxError`` (every problem, with its row and column) or
``ValidationError`` and then writes nothing. ``allowed(user, run)`` re-checks the scope whenever the
run is shown again. The app's view calls ``import_start``: a file of more than
``settings.IMPORT_BACKGROUND_ROWS`` rows runs as a Celery task (in-process without a broker) and the
user follows its progress on the run's page; a smaller one runs in the request.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import asdict, dataclass
from typing import IO, Any, Callable, Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connections, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ImportedContent, ImportRun, ImportStatus
from .registry import autodiscover as _autodiscover
from .xlsx import RowError, Table, XlsxError, check_xlsx, mark_workbook, open_workbook, read_upload, table_digests

log = logging.getLogger(__name__)

MODULE = "importers"
MAX_STORED_ERRORS = 5000

Progress = Callable[[int], None]


@dataclass(frozen=True)
class ImportKind:
    key: str
    label: Any
    execute: Callable[[ImportRun, bytes, Progress], str]
    allowed: Callable[[Any, ImportRun], bool]
    done_url: Callable[[ImportRun], str]


IMPORTS: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> ImportKind:
    IMPORTS[kind.key] = kind
    return kind


def autodiscover() -> None:
    _autodiscover(MODULE)


def sheet_rows(data: bytes) -> int:
    """The rows of the first sheet as its dimension says (cheap: no cell is parsed); 0 when unknown.
    Only decides where the import runs: the import itself counts again. The file has passed
    ``check_xlsx`` in ``import_start``; ``open_workbook`` asks again, so no caller unpacks a bomb."""
    try:
        wb = open_workbook(data, read_only=True)
        try:
            return max((wb.worksheets[0].max_row or 1) - 1, 0)
        finally:
            wb.close()
    except Exception:  # a damaged file: the import says so with its own words
        return 0


def import_start(*, actor: Any, kind: str, organization: Any, target: str, upload: IO[bytes]) -> ImportRun:
    """Record the upload and import it now, or queue it when it is larger than a request can bear."""
    if kind not in IMPORTS:
        raise LookupError(kind)
    filename = str(getattr(upload, "name", "") or "")[:200]
    run = ImportRun(kind=kind, target=target, organization=organization, requested_by=actor, filename=filename)
    try:
        data = read_upload(upload)
        check_xlsx(data)  # before openpyxl sees it: a zip bomb is refused unopened, and never marked
    except XlsxError as exc:
        run.save()
        _refuse(run, exc.errors, None)
        return run
    run.row_count = sheet_rows(data)
    run.background = run.row_count > settings.IMPORT_BACKGROUND_ROWS
    import_runs_purge()
    if not run.background:
        run.save()
        return import_run_execute(run.pk, data=data) or run
    with transaction.atomic():
        run.save()
        run.source.save(f"import-{run.pk}.xlsx", ContentFile(data), save=True)
        transaction.on_commit(lambda: _dispatch(run.pk))
    return run


def _dispatch(run_id: int) -> None:
    """A worker takes the run when there is a broker. Without one (``make run``) it runs in a thread of
    this process, so the page can show its progress; tests run it eagerly (``IMPORT_THREADS`` off)."""
    from .tasks import execute_import_run

    if not settings.CELERY_BROKER_URL and settings.IMPORT_THREADS:
        threading.Thread(target=_in_thread, args=(run_id,), daemon=True, name=f"import-{run_id}").start()
    else:
        execute_import_run.delay(run_id)


def _in_thread(run_id: int) -> None:
    try:
        import_run_execute(run_id)
    finally:
        connections.close_all()


def _set_progress(run_id: int, value: int) -> None:
    ImportRun.objects.filter(pk=run_id, status=ImportStatus.RUNNING).update(progress=max(1, min(99, int(value))))


def import_run_execute(run_id: int, *, data: bytes | None = None) -> ImportRun | None:
    """Import one run's file. A finished run is left alone. Any error leaves the run refused with its
    messages and the marked workbook; nothing of the file is written (the kind's import is atomic)."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.is_finished:
            return run
        run.status = ImportStatus.RUNNING
        run.started = timezone.now()
        run.progress = 1
        run.save(update_fields=["status", "started", "progress", "updated"])
    spec = IMPORTS.get(run.kind)
    if data is None:
        with run.source.open("rb") as handle:
            data = handle.read()
    try:
        if spec is None:
            raise XlsxError([RowError(None, None, _("This kind of import is not known."))])
        summary = spec.execute(run, data, lambda value: _set_progress(run.pk, value))
    except XlsxError as exc:
        _refuse(run, exc.errors, data)
    except ValidationError as exc:
        _refuse(run, [RowError(None, None, m) for m in exc.messages], None)
    except (Http404, PermissionDenied):  # the scope changed since the upload
        _refuse(run, [RowError(None, None, _("You may no longer import into this organisation."))], None)
    except Exception as exc:  # a run must end with a reason, never hang as "running"
        log.exception("import run %s failed", run.pk)
        _refuse(run, [RowError(None, None, _("The file could not be imported: %(error)s")
                                % {"error": f"{type(exc).__name__}"})], None)
    else:
        ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.DONE, progress=100, summary=summary[:300],
                                                   finished=timezone.now(), updated=timezone.now())
    run.refresh_from_db()
    return run


def _refuse(run: ImportRun, errors: Sequence[RowError], data: bytes | None) -> None:
    run.status = ImportStatus.REFUSED
    run.errors = [asdict(e) for e in errors[:MAX_STORED_ERRORS]]
    run.error_count = len(errors)
    run.finished = timezone.now()
    run.summary = (_("%(n)d problems found; nothing was imported.") % {"n": len(errors)})[:300]
    marked = mark_workbook(data, errors) if data else None
    if marked is not None:
        run.marked.save(f"import-{run.pk}-marked.xlsx", ContentFile(marked), save=False)
    run.save()


def run_errors(run: ImportRun) -> list[RowError]:
    return [RowError(e.get("row"), e.get("column"), e.get("message", "")) for e in run.errors or []]


def run_for(user: Any, pk: int) -> ImportRun | None:
    """The user's own run, while its kind still lets the user act on what it was imported into."""
    run = ImportRun.objects.select_related("organization").filter(pk=pk, requested_by=user).first()
    if run is None or run.kind not in IMPORTS or not IMPORTS[run.kind].allowed(user, run):
        return None
    return run


def import_runs_purge(*, days: int | None = None) -> int:
    """Files of runs older than the report retention period go, and the runs with them."""
    import datetime

    days = settings.REPORT_RETENTION_DAYS if days is None else days
    old = ImportRun.objects.filter(created__lt=timezone.now() - datetime.timedelta(days=days),
                                   status__in=[ImportStatus.DONE, ImportStatus.REFUSED])
    count = 0
    for run in old.iterator():
        for f in (run.source, run.marked):
            if f:
                f.delete(save=False)
        run.delete()
        count += 1
    return count


# --- A sheet's content, once per target ------------------------------------------------------------

def content_check(*, kind: str, target: str, table: Table, headers: Sequence[str]) -> str:
    """The digest of the sheet's values; raises XlsxError when the same values, or an earlier sheet
    repeated at the top of this one, were already imported into ``target``. Call it inside the import's
    transaction, after locking the target, and ``content_record`` in the same transaction."""
    previous = list(ImportedContent.objects.filter(kind=kind, target=target))
    digest, prefixes = table_digests(table, headers, at={p.row_count for p in previous})
    for p in previous:
        when = timezone.localtime(p.created).strftime("%Y-%m-%d %H:%M")
        if p.digest == digest:
            raise XlsxError([RowError(None, None, _("This sheet was already imported on %(when)s by %(who)s (%(n)d rows); nothing was added again.")
                                      % {"when": when, "who": p.imported_by or "-", "n": p.row_count})])
        if prefixes.get(p.row_count) == p.digest:
            first, last = table.rows[0][0], table.rows[p.row_count - 1][0]
            raise XlsxError([RowError(first, None, _("Rows %(first)d–%(last)d were already imported on %(when)s by %(who)s; delete them and upload the rest.")
                                      % {"first": first, "last": last, "when": when, "who": p.imported_by or "-"})])
    return digest


def content_record(*, kind: str, target: str, digest: str, row_count: int, actor: Any, run: ImportRun | None = None) -> None:
    name = (actor.get_full_name() or actor.get_username()) if getattr(actor, "is_authenticated", False) else ""
    ImportedContent.objects.create(kind=kind, target=target, digest=digest, row_count=row_count, run=run,
                                   imported_by=name[:150])
