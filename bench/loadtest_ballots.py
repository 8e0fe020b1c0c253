"""Load test of phone voting: ``locust -f bench/loadtest_ballots.py --host http://127.0.0.1:8000``.

Every simulated participant takes one unused code from the file named by JINWEI_LOADTEST_BALLOT_CODES
(one code per line; print them from an open ballot session, e.g.
``manage.py shell -c "from ratings.classification.models import BallotCode; print(*BallotCode.objects.filter(used=False).values_list('code', flat=True), sep='\\n')" > codes.txt``),
opens the vote page as the QR code would, and casts one ballot. Requests per second of the POST is the
figure to report. Each code votes once, so give at least as many codes as the test will cast.
"""
from __future__ import annotations

import os
import random
import re
import threading

from locust import HttpUser, between, task

_CODES: list[str] = []
_LOCK = threading.Lock()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


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


class BallotVoter(HttpUser):
    """One participant with one slip: open the page, choose, submit."""

    wait_time = between(1, 5)

    @task
    def vote(self) -> None:
        code = next_code()
        if code is None:
            self.environment.runner.quit()
            return
        # the code travels only in POST bodies (docs/rules.md §14): the entry page first, for its CSRF token
        url = "/ratings/vote/"
        entry = self.client.get(url, name=url)
        match = CSRF.search(entry.text)
        if not match:
            return
        page = self.client.post(url, data={"code": code, "csrfmiddlewaretoken": match.group(1)},
                                headers={"Referer": self.host + url}, name="/ratings/vote/ code")
        match = CSRF.search(page.text)
        if not match:
            return
        self.client.post(url, data={"code": code, "choice": random.choice(["agree", "disagree", "abstain"]),
                                    "csrfmiddlewaretoken": match.group(1)},
                         headers={"Referer": self.host + url}, name="/ratings/vote/ POST")
