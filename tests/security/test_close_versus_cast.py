"""Closing while people still vote loses nothing (docs/rules.md §14), on PostgreSQL with real connections.

For each way a code is spent, participants in their own threads (own database connections) cast while the
organiser closes. Before the fix, a questionnaire close held the round FOR UPDATE and waited on the codes
while a submission held its code and waited on the round: a deadlock, 500s, and lost answers. Now every
cast share-locks the round first, so: no database error, every cast is either stored and counted or told
"closed", every accepted vote is in the closed result, and no code is deleted.
"""
from __future__ import annotations

import random
import threading
import time

import pytest
from django.db import connection, connections

from .vote_paths import PATHS

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

CASTERS = 10
TRIALS = 2


def _race(path) -> tuple[list[str], str]:
    barrier = threading.Barrier(CASTERS + 1)
    outcomes: list[str] = []
    closer: list[str] = []
    lock = threading.Lock()

    def cast(code: str, choice: str, delay: float) -> None:
        try:
            barrier.wait()
            time.sleep(delay)
            try:
                path.cast(code, choice)
                result = "ok"
            except Exception as exc:  # noqa: BLE001 — anything but "closed" fails the test, by name
                result = "closed" if path.closed_message(exc) else f"error: {type(exc).__name__}: {exc}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    def close() -> None:
        try:
            barrier.wait()
            time.sleep(0.015)  # in the middle of the casts
            path.close()
            closer.append("closed")
        except Exception as exc:  # noqa: BLE001
            closer.append(f"error: {type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    rng = random.Random()
    threads = [threading.Thread(target=cast, args=(code, rng.choice(path.choices), rng.random() * 0.03))
               for code in path.codes[:CASTERS]]
    threads.append(threading.Thread(target=close))
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads), "a thread hangs"
    return outcomes, closer[0]


@pytest.mark.parametrize("trial", range(TRIALS))
@pytest.mark.parametrize("name", sorted(PATHS))
def test_closing_while_casting_loses_no_vote_and_never_deadlocks(demo, name, trial):
    assert connection.vendor == "postgresql", "this test is about PostgreSQL's row locks"
    path = PATHS[name](demo, CASTERS + 2)
    issued = path.code_model.objects.filter(**{path.code_owner: path.owner}).count()
    outcomes, closed = _race(path)
    assert closed == "closed", closed
    assert set(outcomes) <= {"closed", "ok"}, outcomes  # no deadlock, no 500, no "unknown"
    accepted = outcomes.count("ok")
    codes = path.code_model.objects.filter(**{path.code_owner: path.owner})
    assert codes.count() == issued  # no code deleted, used or not
    assert codes.filter(used=True).count() == accepted
    assert path.counted() == accepted, (name, outcomes)  # every accepted vote is in the result
    for code in path.codes[CASTERS:]:  # a cast after the close is told so, in words
        with pytest.raises(Exception) as exc:
            path.cast(code, path.choices[0])
        assert path.closed_message(exc.value), exc.value
