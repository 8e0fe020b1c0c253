"""Load test of phone voting (participants at a meeting cast one anonymous ballot each), run by
`make loadtest` (bench/loadtest.py).

``prepare(ctx)`` (bench/_participants.py; in the seeding process, Django loaded) opens real ballot sessions through the
services a township's staff would use: ``classification_start`` → ``meeting_save`` (step 1) →
``ballot_session_open``, which issues the codes with ``core.codes.codes_issue``. It writes the codes to a
file (one per line) and exports its name as JINWEI_LOADTEST_BALLOT_CODES; each simulated participant takes
one code.

``BallotVoter`` opens the entry page as the QR code would, posts the code (the code travels only in POST
bodies, docs/rules.md §14), checks that the ballot came back, then posts a choice and checks the answer is
the "vote counted" page. Anything else is a failed request.

``verify(summaries)`` (after locust, in the runner) compares the votes in the database (the sessions'
counters and the codes marked used) with the votes locust saw accepted.

Environment read by the voter (bench/loadtest.py sets them per scenario):
JINWEI_LT_VOTE_ONCE=1   each participant votes once and then stays idle (a meeting: arrival rate = spawn rate)
JINWEI_LT_THINK=a,b     seconds between one participant's votes (default 1,5; 0,0 = saturation)
"""
from __future__ import annotations

import os
import random
import re
import threading

from locust import HttpUser, task

from bench._once import OnceEach
from bench._participants import VOTE_POST

_CODES: list[str] = []
_LOCK = threading.Lock()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DONE_MARK = 'data-vote="counted"'  # ratings/classification/vote_done.html
BALLOT_MARK = 'name="choice"'  # the ballot's radio buttons


def _think() -> tuple[float, float]:
    low, _, high = os.environ.get("JINWEI_LT_THINK", "1,5").partition(",")
    return float(low or 0), float(high or low or 0)


def _load() -> None:
    path = os.environ.get("JINWEI_LOADTEST_BALLOT_CODES")
    if not path:
        raise RuntimeError("set JINWEI_LOADTEST_BALLOT_CODES to a file with one ballot code per line")
    with open(path, encoding="utf-8") as fh:
        _CODES.extend(line.strip() for line in fh if line.strip())
    random.shuffle(_CODES)


def next_code() -> str | None:
    with _LOCK:
        if not _CODES and not getattr(next_code, "loaded", False):
            _load()
            next_code.loaded = True  # type: ignore[attr-defined]
        return _CODES.pop() if _CODES else None


class BallotVoter(OnceEach, HttpUser):
    """One participant with one slip: open the page, type the code, choose, submit; the answer is checked."""

    weight = int(os.environ.get("JINWEI_LT_VOTER_WEIGHT", "1"))

    def wait_time(self) -> float:
        if os.environ.get("JINWEI_LT_VOTE_ONCE") == "1" and getattr(self, "voted", False):
            return 3600.0  # a participant votes once; the run ends long before
        low, high = _think()
        return random.uniform(low, high)

    active = 0  # users of this class still at work in this process (OnceEach)

    @task
    def vote(self) -> None:
        if os.environ.get("JINWEI_LT_VOTE_ONCE") == "1" and getattr(self, "voted", False):
            return
        code = next_code()
        if code is None:  # this run's codes are all cast: this voter is done (the others finish theirs)
            self.done()
        self.voted = True
        url = "/ratings/vote/"
        with self.client.get(url, name=url, catch_response=True) as entry:
            match = CSRF.search(entry.text)
            if entry.status_code != 200 or not match:
                entry.failure(f"entry page: {entry.status_code}")
                return
        with self.client.post(url, data={"code": code, "csrfmiddlewaretoken": match.group(1)}, catch_response=True,
                              headers={"Referer": self.host + url}, name="/ratings/vote/ code") as page:
            match = CSRF.search(page.text)
            if page.status_code != 200 or not match or BALLOT_MARK not in page.text:
                page.failure(f"no ballot for a fresh code: {page.status_code}")
                return
            choices = re.findall(r'name="choice" id="[^"]*" value="([^"]+)"', page.text) or ["advanced"]
        with self.client.post(url, data={"code": code, "choice": random.choice(choices),
                                         "csrfmiddlewaretoken": match.group(1)}, catch_response=True,
                              headers={"Referer": self.host + url}, name=VOTE_POST) as done:
            if done.status_code != 200 or DONE_MARK not in done.text:
                done.failure(f"vote not counted: {done.status_code}")
