"""Thin Celery tasks: load the id, call the service."""
from celery import shared_task

from .chunks import chunk_render, chunks_join
from .services import report_run_execute


@shared_task(acks_late=True, reject_on_worker_lost=True)
def render_report_run(run_id: int) -> str:
    run = report_run_execute(run_id)
    return run.status if run else "missing"


@shared_task(acks_late=True, reject_on_worker_lost=True)
def render_report_chunk(run_id: int, index: int) -> int:
    chunk_render(run_id, index)
    return index


@shared_task(acks_late=True, reject_on_worker_lost=True)
def join_report_chunks(run_id: int) -> str:
    run = chunks_join(run_id)
    return run.status if run else "missing"
