"""Load test: participants answering questionnaires through one-time codes (locust), run by
`make loadtest` (bench/loadtest.py).

``prepare(ctx)`` (seeding process) issues real codes with ``surveys.services.codes_generate`` (which
uses ``core.codes.codes_issue``) for open questionnaire rounds of the measured township, as its staff,
writes them to a file and exports its name as JINWEI_LOADTEST_CODES. Each simulated participant takes
the next unused code, opens its page, answers every question and submits once; the submit must answer
with the redirect to the "thank you" page. ``verify(summaries)`` compares the online questionnaires stored
in those rounds with the submissions locust saw accepted.
"""
from __future__ import annotations

import os
import random
import re
import threading
from html.parser import HTMLParser

from locust import HttpUser, task

from bench._once import OnceEach
from bench._participants import SUBMIT

_lock = threading.Lock()
_codes: list[str] | None = None


def next_code() -> str | None:
    global _codes
    with _lock:
        if _codes is None:
            path = os.environ.get("JINWEI_LOADTEST_CODES", "")
            with open(path, encoding="utf-8") as handle:
                _codes = [line.strip() for line in handle if line.strip()]
            random.shuffle(_codes)
        return _codes.pop() if _codes else None


class _Form(HTMLParser):
    """Collects the questionnaire's inputs: radio/checkbox groups by name, textareas, the CSRF token."""

    def __init__(self) -> None:
        super().__init__()
        self.choices: dict[str, list[str]] = {}
        self.kinds: dict[str, str] = {}
        self.texts: list[str] = []
        self.csrf = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name") or ""
        if tag == "input" and name == "csrfmiddlewaretoken":
            self.csrf = a.get("value") or ""
        elif tag == "input" and a.get("type") in ("radio", "checkbox") and re.fullmatch(r"q\d+", name):
            self.choices.setdefault(name, []).append(a.get("value") or "")
            self.kinds[name] = a.get("type") or "radio"
        elif tag == "textarea" and re.fullmatch(r"q\d+", name):
            self.texts.append(name)


class SurveyParticipant(OnceEach, HttpUser):
    """One participant: open the code page, answer every question, submit once."""

    weight = int(os.environ.get("JINWEI_LT_SURVEY_WEIGHT", "1"))

    def wait_time(self) -> float:
        if os.environ.get("JINWEI_LT_VOTE_ONCE") == "1" and getattr(self, "answered", False):
            return 3600.0  # a participant answers once; the run ends long before
        return random.uniform(1, 5)

    active = 0  # users of this class still at work in this process (OnceEach)

    @task
    def answer_questionnaire(self) -> None:
        if os.environ.get("JINWEI_LT_VOTE_ONCE") == "1" and getattr(self, "answered", False):
            return
        code = next_code()
        if code is None:  # this run's codes are all answered
            self.done()
        self.answered = True
        # the code travels only in POST bodies (docs/rules.md §14): the entry page first, for its CSRF token
        entry = self.client.get("/surveys/c/", name="/surveys/c/")
        start = _Form()
        start.feed(entry.text)
        with self.client.post("/surveys/c/", data={"code": code, "csrfmiddlewaretoken": start.csrf}, catch_response=True,
                              headers={"Referer": entry.url}, name="/surveys/c/ code") as page:
            if page.status_code != 200 or 'name="answering"' not in page.text:
                page.failure(f"no questionnaire for a fresh code: {page.status_code}")
                return
        form = _Form()
        form.feed(page.text)
        data: dict[str, object] = {"csrfmiddlewaretoken": form.csrf, "code": code, "answering": "1"}
        for name, values in form.choices.items():
            if form.kinds[name] == "checkbox":
                data[name] = random.sample(values, k=min(2, len(values)))
            else:
                data[name] = random.choice(values)
        for name in form.texts:
            data[name] = random.choice(["", "希望多听群众意见", "很好"])
        with self.client.post("/surveys/c/", data=data, name=SUBMIT,
                              headers={"Referer": page.url}, allow_redirects=False, catch_response=True) as response:
            if response.status_code == 302 and "/surveys/done/" in response.headers.get("Location", ""):
                response.success()
            else:
                response.failure(f"status {response.status_code}")
