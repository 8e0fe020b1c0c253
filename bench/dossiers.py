"""Benchmark of the annual dossiers (reports/dossier.py; contract: bench/api.py).

timed(): dossier pages per second with two worker processes, its baseline the same with one. The dossiers of
a sample of the scale county's branches are built first (their records read and their HTML written, as each
worker does before it lays out), then laid out, joined and numbered by ``workers`` spawned processes, each
warmed first (WeasyPrint and the font loaded), as a batch's parts spread over N Celery workers
(reports/pdfparts.py ``render_part``, the code a worker runs). Wall seconds over the pages made. The data
come from every module's ``scale``: surveys, classification, stars and upgrades.
"""
from __future__ import annotations

import io
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Any

from bench.api import ScaleContext, Timed

SAMPLE = 12  # dossiers per measurement: enough pages for a rate, few enough for the 4,000 size


def _books(ctx: ScaleContext) -> list[dict[str, Any]]:
    from reports.dossier import dossier_book

    cached = ctx.extra.get("dossiers.books")
    if cached is None:
        year = ctx.campaign.year if ctx.campaign is not None else None
        user = ctx.users["county"]
        cached = [dossier_book(organization_id=o.pk, year=year, user_id=user.pk) for o in ctx.branches[:SAMPLE]]
        ctx.extra["dossiers.books"] = cached
    return cached


def _warm(font_dir: str) -> None:
    """Load WeasyPrint and the shipped font in a worker process before the clock starts."""
    from weasyprint import HTML

    HTML(string=f'<style>@font-face {{ font-family: J; src: url("file://{font_dir}/JinweiSans-Regular.ttf"); }}'
                "html { font-family: J; }</style><p>预热</p>", base_url=font_dir).write_pdf(io.BytesIO())
    time.sleep(0.3)  # so that each worker of the pool takes one warm-up


def _render(part: dict[str, Any], font_dir: str) -> int:
    from pypdf import PdfReader

    from reports.pdfparts import render_part

    return len(PdfReader(io.BytesIO(render_part(part, font_dir))).pages)


def _pages_per_second(ctx: ScaleContext, workers: int) -> float:
    from django.conf import settings

    books = _books(ctx)
    font_dir = str(settings.PDF_FONT_DIR)
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        for future in [pool.submit(_warm, font_dir) for _ in range(workers)]:
            future.result()
        started = time.perf_counter()
        pages = sum(pool.map(partial(_render, font_dir=font_dir), books))
        elapsed = time.perf_counter() - started
    return pages / elapsed


def timed(ctx: ScaleContext) -> list[Timed]:
    return [Timed("report:dossier-pages-per-second-2-workers", "pages_per_s",
                  lambda: _pages_per_second(ctx, 2), lambda: _pages_per_second(ctx, 1))]
