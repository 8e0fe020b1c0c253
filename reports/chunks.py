"""Long documents split over workers: a document is a list of parts (chunks), each rendered to PDF by its
own Celery task, then joined in order and stamped with page numbers over the whole document ("第 x 页
共 y 页"), so a county's 40-page ledger or its batch of dossiers uses every worker.

A part is a JSON-able dict with an ``engine``:
- ``{"engine": "typst_table", "document": <reports.renderers_typst.payload(...)>}`` a slice of a table;
- ``{"engine": "html", "html": "<!doctype html>…"}`` an HTML document for WeasyPrint, which must leave its
  bottom-centre footer free (the stamp writes the numbers there);
- ``{"engine": "book", "front": html, "sections": [html, ...]}`` a bound document numbered through on its own,
  with a contents page (reports/pdfparts.py ``render_book``);
- ``{"engine": "dossier", "organization": id, "year": y, "user": id, "filename": …}`` one organisation's annual
  dossier, built into a book by the worker that renders it (reports/dossier.py), so a county's 800 dossiers
  are read from the database in parallel too.

The join (``join``): ``"numbered"`` joins the parts and numbers the pages over the whole; ``"plain"`` joins
them as they are (parts that number themselves, like a book); ``"zip"`` puts each part's PDF in a zip
under its ``filename`` (a batch of dossiers: each one numbered on its own).

``chunked_pdf_start(run, parts)`` stores the parts next to the run and dispatches them: with a broker, a
Celery chord (one task per part, then the join); without one (``make run``, tests), the same functions run
one after the other in this process. Each finished part moves the run's progress bar; the join saves the
run's file and marks it done. The parts and their PDFs live in the default storage, which the web app and
every worker share (the run's file is saved there too), and are deleted after the join.
"""
from __future__ import annotations

import json
import logging
import math
from typing import Any, Sequence

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import F
from django.db.models.functions import Least
from django.utils import timezone

from . import pdfparts
from .failures import failure_reason
from .models import ReportRun, RunStatus

log = logging.getLogger(__name__)

def split_rows(rows: Sequence[Any], size: int) -> list[Sequence[Any]]:
    """``rows`` cut into consecutive slices of at most ``size`` (at least one slice, maybe empty)."""
    size = max(1, size)
    return [rows[i:i + size] for i in range(0, len(rows), size)] or [rows[:0]]


def part_rows(count: int, chunk_rows: int, workers: int = 1) -> int:
    """Rows per part for ``count`` rows: parts of at most ``chunk_rows`` rows, as many as a multiple of
    ``workers`` and of equal length, so that no worker is left rendering a short tail alone while the others
    wait (1,025 rows at 500 on 2 workers: 4 parts of 257, not 500 + 500 + 25)."""
    parts = max(1, math.ceil(count / max(1, chunk_rows)))
    if parts > 1:
        parts = math.ceil(parts / max(1, workers)) * max(1, workers)
    return max(1, math.ceil(count / parts))


def table_parts(data: Any, template: str, chunk_rows: int, workers: int = 1) -> list[dict[str, Any]]:
    """A tabular ReportData as Typst parts of at most ``chunk_rows`` body rows, balanced over ``workers``
    (``part_rows``): the first carries the title block, the last the notes and the seal block; every part
    repeats the header row."""
    from .renderers_typst import payload, table_rows

    rows = table_rows(data)
    slices = split_rows(rows, part_rows(len(rows), chunk_rows, workers))
    return [{"engine": "typst_table",
             "document": payload(data, template, rows, first=i == 0, last=i == len(slices) - 1)}
            for i, rows in enumerate(slices)]


def render_part(part: dict[str, Any]) -> bytes:
    """One part to PDF bytes, without page numbers (the join stamps them; a book numbers itself)."""
    if part.get("engine") == "dossier":
        from .dossier import dossier_book

        part = dossier_book(organization_id=part["organization"], year=part["year"], user_id=part["user"])
    return pdfparts.render_part(part, str(settings.PDF_FONT_DIR))


def join_pdfs(pdfs: Sequence[bytes], *, numbered: bool = True) -> bytes:
    """The parts' PDFs in order as one document, stamped with page numbers over the whole of it."""
    return pdfparts.join_pdfs(pdfs, str(settings.PDF_FONT_DIR), numbered=numbered)


def render_parts_locally(parts: Sequence[dict[str, Any]], *, pool: Any = None) -> bytes:
    """Render and join in this process, or on ``pool``: running worker processes of
    ``pdfparts.worker_pool`` (the benchmark compares one worker with two)."""
    return pdfparts.render_and_join(parts, str(settings.PDF_FONT_DIR), pool=pool)


# --- Runs: storage of the parts, progress, dispatch ------------------------------------------------

def _folder(run_id: int) -> str:
    return f"report-chunks/run-{run_id}"


JOINS = ("numbered", "plain", "zip")


def chunked_pdf_start(run: ReportRun, parts: Sequence[dict[str, Any]], *, filename: str, join: str = "numbered") -> None:
    """Store the parts of ``run``'s document and render them (Celery chord, or in-process without a broker).
    The run stays RUNNING; the join (``join``: see the module's text) saves its file under ``filename`` and
    marks it DONE."""
    if join not in JOINS:
        raise ValueError(f"unknown join {join!r}")
    for i, part in enumerate(parts):
        default_storage.save(f"{_folder(run.pk)}/part-{i:04d}.json",
                             ContentFile(json.dumps(part, ensure_ascii=False).encode("utf-8")))
    ReportRun.objects.filter(pk=run.pk).update(params={**(run.params or {}), "_chunks": len(parts), "_filename": filename,
                                                       "_join": join})
    from . import tasks

    if settings.CELERY_TASK_ALWAYS_EAGER:
        for i in range(len(parts)):
            chunk_render(run.pk, i)
        chunks_join(run.pk)
    else:
        from celery import chord

        chord(tasks.render_report_chunk.si(run.pk, i) for i in range(len(parts)))(tasks.join_report_chunks.si(run.pk))


def chunk_render(run_id: int, index: int) -> None:
    """Render part ``index`` of a run to its PDF next to it, and move the progress bar."""
    run = ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).first()
    if run is None:
        return
    name = f"{_folder(run_id)}/part-{index:04d}"
    try:
        with default_storage.open(f"{name}.json", "rb") as handle:
            part = json.loads(handle.read().decode("utf-8"))
        pdf = render_part(part)
    except Exception as exc:  # one part failed: the run fails saying why (the join then only cleans up)
        log.exception("report run %s: part %s failed", run_id, index)
        ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
            status=RunStatus.FAILED, finished=timezone.now(), error=failure_reason(exc, run_id))
        return
    if not ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).exists():
        return  # failed meanwhile (another part, or the sweep): nothing more to store
    if default_storage.exists(f"{name}.pdf"):  # a retried task: replace its earlier output
        default_storage.delete(f"{name}.pdf")
    default_storage.save(f"{name}.pdf", ContentFile(pdf))
    # the parts share 45 points of the bar: part i adds its share, so 800 parts move it evenly too
    count = max(1, int((run.params or {}).get("_chunks", 1)))
    step = 45 * (index + 1) // count - 45 * index // count
    if step:
        ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(progress=Least(F("progress") + step, 95))


def chunks_join(run_id: int) -> ReportRun | None:
    """Join a run's rendered parts into its file, with page numbers over the whole document."""
    run = ReportRun.objects.filter(pk=run_id).first()
    if run is None or run.is_finished:
        if run is not None and run.status == RunStatus.FAILED:  # a part failed: its siblings' files go
            chunks_clean(run_id, int((run.params or {}).get("_chunks", 0)))
        return run
    params = dict(run.params or {})
    count = int(params.pop("_chunks", 0))
    filename = params.pop("_filename", f"run-{run_id}.pdf")
    join = params.pop("_join", "numbered")
    folder = _folder(run_id)
    try:
        if join == "zip":
            _join_zip(run, folder, count)
        else:
            pdfs = []
            for i in range(count):
                with default_storage.open(f"{folder}/part-{i:04d}.pdf", "rb") as handle:
                    pdfs.append(handle.read())
            document = join_pdfs(pdfs, numbered=join == "numbered")
            run.file.save(f"run-{run.pk}.pdf", ContentFile(document), save=False)
        run.filename = filename
        run.params = params
        run.status = RunStatus.DONE
        run.progress = 100
        run.finished = timezone.now()
        run.save(update_fields=["file", "filename", "params", "status", "progress", "finished", "updated"])
    except Exception as exc:  # a failed join must say why, never leave the run "running"
        log.exception("report run %s: joining its chunks failed", run_id)
        ReportRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, finished=timezone.now(),
            error=failure_reason(exc, run_id))
    finally:
        chunks_clean(run_id, count)
    run.refresh_from_db()
    return run


def _join_zip(run: ReportRun, folder: str, count: int) -> None:
    """Each part's PDF into one zip under the part's ``filename`` (stored: PDFs are compressed already),
    through a temporary file, so a county's dossiers never sit in memory at once."""
    import tempfile
    import zipfile

    from django.core.files import File

    with tempfile.TemporaryFile() as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as archive:
            for i in range(count):
                with default_storage.open(f"{folder}/part-{i:04d}.json", "rb") as handle:
                    name = json.loads(handle.read().decode("utf-8")).get("filename") or f"part-{i + 1:04d}.pdf"
                with default_storage.open(f"{folder}/part-{i:04d}.pdf", "rb") as handle:
                    archive.writestr(name, handle.read())
        tmp.seek(0)
        run.file.save(f"run-{run.pk}.zip", File(tmp), save=False)


def chunks_clean(run_id: int, count: int) -> None:
    folder = _folder(run_id)
    for i in range(count):
        for suffix in ("json", "pdf"):
            name = f"{folder}/part-{i:04d}.{suffix}"
            if default_storage.exists(name):
                default_storage.delete(name)
