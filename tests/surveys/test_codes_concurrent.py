"""One code, many simultaneous submissions: exactly one response counts.

Runs on whatever database is configured: on PostgreSQL the row lock (select_for_update) decides; on a
SQLite file the IMMEDIATE transactions serialise through the busy timeout. The SQLite *test* database is
in memory with a shared cache, whose table locks answer "database table is locked" at once instead of
waiting; a thread that gets that transient error submits again, as a participant would press the button
again. Either way exactly one response is stored and every other attempt is told the code is used.
"""
from __future__ import annotations

import threading
import time

import pytest
from django.db import OperationalError, connection

from surveys import services
from surveys.models import OneTimeCode, Response

from .helpers import full_answers, new_round


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_of_one_code_store_one_response(demo):
    round_ = new_round(demo)
    code = services.codes_generate(actor=demo.users["township"], round_=round_, counts={"masses": 1})[0]
    answers = full_answers(round_)
    threads_n = 6
    barrier = threading.Barrier(threads_n)
    outcomes: list[str] = []
    lock = threading.Lock()

    def submit() -> None:
        from django.db import connections

        try:
            barrier.wait()
            for _attempt in range(500):
                try:
                    services.code_submit(code=code.code, answers=answers)
                    result = "ok"
                    break
                except OperationalError as exc:
                    if connection.vendor != "sqlite" or "locked" not in str(exc):
                        raise
                    time.sleep(0.01)
            else:
                result = "gave up"
        except services.CodeProblem as problem:
            result = problem.reason
        except Exception as exc:  # noqa: BLE001 — an unexpected error must fail the test, with its name
            result = f"error: {type(exc).__name__}: {exc}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=submit) for _ in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) == ["ok"] + ["used"] * (threads_n - 1), (connection.vendor, outcomes)
    assert Response.objects.filter(round=round_).count() == 1
    assert OneTimeCode.objects.get(pk=code.pk).used
