"""Thin Celery tasks of core: load the id, call the service."""
from celery import shared_task

from .imports import import_run_execute


@shared_task(acks_late=True, reject_on_worker_lost=True)
def execute_import_run(run_id: int) -> str:
    run = import_run_execute(run_id)
    return run.status if run else "missing"
