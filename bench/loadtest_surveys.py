"""Load test: participants answering questionnaires through one-time codes (locust).

Codes come from the file named by JINWEI_LOADTEST_CODES (one code per line; make them with
`manage.py surveys_loadtest_codes --round N --count 500 --out codes.txt` for an open round);
each simulated participant takes the next unused code, opens its page, answers every question and
submits once. Run by the load-test runner, e.g.:
    JINWEI_LOADTEST_CODES=codes.txt locust -f bench/loadtest_surveys.py --host http://127.0.0.1:8000
"""
from __future__ import annotations

import os
import random
import re
import threading
from html.parser import HTMLParser

from locust import HttpUser, between, task

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


class SurveyParticipant(HttpUser):
    """One participant: open the code page, answer every question, submit once."""

    wait_time = between(1, 5)

    @task
    def answer_questionnaire(self) -> None:
        code = next_code()
        if code is None:
            self.stop()
            return
        # the code travels only in POST bodies (docs/rules.md §14): the entry page first, for its CSRF token
        entry = self.client.get("/surveys/c/", name="/surveys/c/")
        start = _Form()
        start.feed(entry.text)
        page = self.client.post("/surveys/c/", data={"code": code, "csrfmiddlewaretoken": start.csrf},
                                headers={"Referer": entry.url}, name="/surveys/c/ code")
        if page.status_code != 200:
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
        with self.client.post("/surveys/c/", data=data, name="/surveys/c/ submit",
                              headers={"Referer": page.url}, allow_redirects=False, catch_response=True) as response:
            if response.status_code == 302:
                response.success()
            else:
                response.failure(f"status {response.status_code}")
