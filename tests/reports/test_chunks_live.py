"""A chunk of a long report whose worker is killed mid-run is handed to another worker, and the joined PDF
still completes (CI's second run: PostgreSQL + Redis + real workers). The chunk tasks are acknowledged
late and rejected when their worker is lost (reports/tasks.py), so the broker keeps an unacknowledged chunk
and hands it out again after the visibility timeout (shortened to 20 s here)."""
from __future__ import annotations

import io
import os
import signal
import time

import pytest
from django.conf import settings

from reports.models import RunStatus
from reports.services import report_run_request
from tests.core.test_faults_live import _start_worker
from tests.core.test_worker import _database_url, queue  # noqa: F401 (the queue fixture)

pytestmark = [pytest.mark.worker, pytest.mark.xdist_group("celery-worker")]
CHUNK_ROWS = 150
ORGS = 900


def _grow(township, n: int) -> None:
    from organizations.models import Organization, make_path, path_depth

    new = Organization.objects.bulk_create([
        Organization(parent=township, name=f"分块村{i:04d}党支部", kind="branch", domain="village", member_count=30,
                     secretary_name="测试", secretary_phone="13900000000") for i in range(n)])
    for org in new:
        org.path = make_path(township.path, org.pk)
        org.depth = path_depth(org.path)
    Organization.objects.bulk_update(new, ["path", "depth"])


def test_a_chunk_whose_worker_is_killed_is_redelivered_and_the_joined_pdf_completes(transactional_db, queue, demo):
    from pypdf import PdfReader

    township = demo.township
    _grow(township, ORGS)
    env = dict(os.environ, DATABASE_URL=_database_url(), JINWEI_TESTING="1", MEDIA_ROOT=str(settings.MEDIA_ROOT),
               CELERY_VISIBILITY_TIMEOUT="20", REPORT_CHUNK_ROWS=str(CHUNK_ROWS),
               CELERY_TASK_DEFAULT_QUEUE=queue)  # the worker sends the chunks it cuts to this test's queue
    _, doomed = _start_worker(queue, env)
    try:
        run = report_run_request(actor=demo.users["township"], kind="roster", fmt="pdf", organization=township)
        # The first worker renders the run's rows, stores the parts and dispatches the chord, then renders
        # chunks one at a time (--pool=solo): once one chunk has moved the progress bar, it is in the next.
        deadline = time.monotonic() + 120
        start_progress = None
        while time.monotonic() < deadline:
            run.refresh_from_db()
            chunks = int((run.params or {}).get("_chunks", 0))
            if chunks and start_progress is None:
                start_progress = run.progress
            if start_progress is not None and run.progress > start_progress:
                break
            time.sleep(0.02)
        assert chunks >= 5, f"the roster of {ORGS}+ rows was not cut into chunks of {CHUNK_ROWS} ({chunks})"
        assert run.status == RunStatus.RUNNING and run.progress > start_progress, (run.status, run.progress)
        doomed.send_signal(signal.SIGKILL)  # dies inside a chunk task: no ack, no reject
        doomed.wait(timeout=20)
    finally:
        if doomed.poll() is None:
            doomed.kill()
    killed_at = run.progress
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING and run.progress == killed_at  # nothing moved without a worker
    _, survivor = _start_worker(queue, env)
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            run.refresh_from_db()
            if run.is_finished:
                break
            time.sleep(0.5)
        assert run.status == RunStatus.DONE, (run.status, run.error)
        assert run.attempts == 1  # the run itself was not started again: only its chunks were handed out again
        with run.file.open("rb") as handle:
            reader = PdfReader(io.BytesIO(handle.read()))
        pages = ["".join(page.extract_text().split()) for page in reader.pages]
        text = "".join(pages)
        assert "分块村0000党支部" in text and f"分块村{ORGS - 1:04d}党支部" in text  # the first and the last row
        assert all(f"第{i}页共{len(pages)}页" in t for i, t in enumerate(pages, start=1))  # numbered over the whole
    finally:
        survivor.terminate()
        survivor.wait(timeout=30)
