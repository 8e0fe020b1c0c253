"""The page of one Excel import: its progress while it runs in the background, its errors, and the
uploaded workbook marked with them. Only the uploader sees it, while the import's kind still lets
them act on what it was imported into (core/imports.py)."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .imports import IMPORTS, run_errors, run_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _run(request: HttpRequest, pk: int):
    run = run_for(request.user, pk)
    if run is None:
        raise Http404
    return run


def _context(run) -> dict:
    errors = run_errors(run)
    return {"run": run, "errors": errors[:300], "error_count": run.error_count,
            "label": IMPORTS[run.kind].label, "done_url": IMPORTS[run.kind].done_url(run)}


@login_required
def import_run(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "core/import_run.html", _context(_run(request, pk)))


@login_required
def import_run_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress block; htmx polls it until the run is finished, then it shows the outcome."""
    run = _run(request, pk)
    return render(request, "core/_import_status.html", _context(run))


@login_required
def import_run_marked(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    if not run.marked:
        raise Http404
    stem = (run.filename.rsplit(".", 1)[0] or "import")[:80]
    return FileResponse(run.marked.open("rb"), as_attachment=True, filename=f"{stem}-错误标注.xlsx", content_type=XLSX)
