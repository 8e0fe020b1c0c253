"""Thin Celery tasks: load the id, call the service. The sweep runs on celery beat and at worker start."""
from celery import shared_task
from celery.signals import worker_ready

from .chunks import chunk_render, chunks_join
from .services import report_run_execute, report_runs_fail_stale, report_runs_purge


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


@shared_task
def sweep_report_runs() -> int:
    return report_runs_fail_stale()


@shared_task
def purge_report_runs() -> int:
    return report_runs_purge()


@worker_ready.connect
def _sweep_when_a_worker_starts(**_kwargs) -> None:
    report_runs_fail_stale()
