"""Locust users for `make loadtest` (bench/loadtest.py starts the servers and sets the environment).

``StaffUser``: a county reviewer, township staff or branch secretary who logs in through the real login
form (CSRF token from the form) and browses: dashboard, tree, tree search, organisation pages, downloads,
campaigns. Each simulated user takes the next login of JINWEI_LT_USERS, so no two share an account and
the failed-login throttling (axes) never sees repeated failures.

Capabilities add their own users in ``bench/loadtest_<app>.py`` (HttpUser subclasses; see bench/api.py
and bench/_participants.py for the ``prepare(ctx)`` hook that hands them codes through environment variables); they are
imported here so that one locust run drives them all.
"""
from __future__ import annotations

import itertools
import os
import random
import re
import sys
from importlib import import_module
from pathlib import Path

from locust import HttpUser, between, task
from locust.exception import StopUser

_HERE = Path(__file__).resolve().parent
USERS = [u for u in os.environ.get("JINWEI_LT_USERS", "").split(",") if u]
PASSWORD = os.environ.get("JINWEI_LT_PASSWORD", "")
_next_login = itertools.count()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ORG_LINK = re.compile(r'href="/org/(\d+)/"')


class StaffUser(HttpUser):
    weight = int(os.environ.get("JINWEI_LT_STAFF_WEIGHT", "1"))
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        if not USERS:
            raise RuntimeError("JINWEI_LT_USERS is empty: run through bench/loadtest.py")
        self.username = USERS[next(_next_login) % len(USERS)]
        page = self.client.get("/accounts/login/", name="login form")
        token = CSRF.search(page.text)
        with self.client.post("/accounts/login/", name="login", allow_redirects=False, catch_response=True, data={
            "username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1) if token else "",
        }, headers={"Referer": f"{self.host}/accounts/login/"}) as response:
            if response.status_code != 302:
                response.failure(f"login of {self.username} answered {response.status_code}")
                raise StopUser
        tree = self.get("/org/", "tree")
        self.org_ids = ORG_LINK.findall(tree.text)[:200] or ["0"]
        self.is_staff = "/org/accounts/" in tree.text

    def get(self, path: str, name: str, **params: str):
        """A page that must answer 200 as this user: a bounce to the login page counts as an error."""
        with self.client.get(path, params=params or None, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            elif "/accounts/login/" in response.url:
                response.failure("sent to the login page")
            return response

    @task(4)
    def dashboard(self) -> None:
        self.get("/", "dashboard")

    @task(2)
    def tree(self) -> None:
        self.get("/org/", "tree")

    @task(1)
    def tree_search(self) -> None:
        self.get("/org/", "tree search", q=random.choice(["村", "社区", "小学", "东", "党支部"]))

    @task(3)
    def org_detail(self) -> None:
        self.get(f"/org/{random.choice(self.org_ids)}/", "org detail")

    @task(1)
    def downloads(self) -> None:
        self.get("/reports/", "downloads")

    @task(1)
    def campaigns(self) -> None:
        self.get("/campaigns/", "campaigns")

    @task(1)
    def accounts(self) -> None:
        if self.is_staff:
            self.get("/org/accounts/", "accounts")


def _capability_users() -> dict[str, type]:
    """HttpUser classes of bench/loadtest_*.py, to be driven in the same run."""
    if str(_HERE.parent) not in sys.path:
        sys.path.insert(0, str(_HERE.parent))
    found = {}
    for path in sorted(_HERE.glob("loadtest_*.py")):
        module = import_module(f"bench.{path.stem}")
        for name, obj in vars(module).items():
            if isinstance(obj, type) and issubclass(obj, HttpUser) and obj is not HttpUser and not getattr(obj, "abstract", False) \
                    and obj.__module__ == module.__name__:
                found[name] = obj
    return found


globals().update(_capability_users())
