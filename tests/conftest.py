"""Shared fixtures: the demo county and the same actors in every view test.

Actors (STYLE.md): county reviewer, township staff, branch secretary, the secretary of another branch
of the same township, and an outsider (logged in, no role); plus anonymous visitors.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client


@dataclass
class Demo:
    ctx: Any
    county: Any
    township: Any
    township2: Any
    branch: Any
    branch2: Any
    other_township_branch: Any
    users: dict[str, Any]

    def org(self, name: str) -> Any:
        return self.ctx.orgs[name]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as the migrations leave it, plus the demo county seeded once and rolled back:
    ``demo`` replays it into each test that asks (tests/demo_snapshot.py)."""
    from core.demo import seed_demo

    from .demo_snapshot import capture

    global _SNAPSHOT
    with django_db_blocker.unblock():
        _no_autovacuum_on_test_tables()
        _SNAPSHOT = capture(seed_demo)


def _no_autovacuum_on_test_tables() -> None:
    """PostgreSQL's autovacuum analyses a table from its committed rows: in a test those are none (the
    test's rows are never committed), and a plan made for empty tables then nests loops over 800 rows
    for minutes. The planner without statistics reads the tables' real size instead."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"ALTER TABLE {qn(table)} SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)")


_SNAPSHOT = None


@pytest.fixture
def demo(db) -> Demo:
    """The demo county of `make run` (core.demo.seed_demo), with an extra user who holds no role."""
    from organizations.demo import TOWNSHIP_1, TOWNSHIP_2

    from core.demo import seed_demo

    from .demo_snapshot import pristine, replay

    # after a transactional test's flush the database no longer matches the recording: seed afresh
    ctx = replay(_SNAPSHOT) if pristine(_SNAPSHOT) else seed_demo()
    User = get_user_model()
    outsider = User.objects.create_user("outsider", password="jinwei2026-outsider")
    users = dict(ctx.users)
    users["outsider"] = outsider
    return Demo(
        ctx=ctx, county=ctx.county, township=ctx.orgs[TOWNSHIP_1], township2=ctx.orgs[TOWNSHIP_2],
        branch=ctx.orgs["东方村党支部"], branch2=ctx.orgs["红旗村党支部"],
        other_township_branch=ctx.orgs["柳河村党支部"], users=users,
    )


ACTORS = ("anonymous", "county", "township", "branch", "branch2", "outsider")


@pytest.fixture
def client_for(demo):
    """client_for("township") → a Django test client logged in as that demo user."""

    def make(username: str) -> Client:
        client = Client()
        if username != "anonymous":
            # a fresh copy: an earlier request of the test may have changed the password (session hash)
            client.force_login(get_user_model().objects.get(pk=demo.users[username].pk))
        return client

    return make


def pytest_collection_modifyitems(config, items):
    """Browser tests need Chromium, worker tests need a broker, PostgreSQL tests need PostgreSQL. Without
    them those tests are deselected (and the run says so); CI installs Chromium and starts Redis and
    PostgreSQL for its second run, so CI runs them all. A `postgresql` test asserts the vendor itself, so
    a DATABASE_URL that is not PostgreSQL fails it instead of hiding it."""
    import os
    import shutil

    chromium = shutil.which(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    broker = os.environ.get("CELERY_BROKER_URL") and os.environ.get("DATABASE_URL")
    postgresql = os.environ.get("DATABASE_URL")
    keep, dropped = [], []
    for item in items:
        path = str(item.fspath).replace(os.sep, "/")
        if (("/tests/e2e/" in path and not chromium) or (item.get_closest_marker("worker") and not broker)
                or (item.get_closest_marker("postgresql") and not postgresql)):
            dropped.append(item)
        else:
            keep.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
        reasons = []
        if not chromium:
            reasons.append("browser tests (no Chromium; apt-get install chromium)")
        if not broker:
            reasons.append("real-worker tests (need CELERY_BROKER_URL and DATABASE_URL; .ci/run starts Redis and PostgreSQL)")
        if not postgresql:
            reasons.append("PostgreSQL tests (need DATABASE_URL; .ci/run starts PostgreSQL)")
        config._jinwei_deselected = f"deselected {len(dropped)}: " + ", ".join(reasons)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    note = getattr(config, "_jinwei_deselected", None)
    if note:
        terminalreporter.write_line(note)


@pytest.fixture(autouse=True)
def _celery_in_process_unless_worker_test(request, settings):
    """Tests run Celery tasks in-process even when a broker is configured (CI's second run), except
    the tests marked `worker`, which start a real worker process."""
    from config.celery import app

    eager = request.node.get_closest_marker("worker") is None
    old = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = old


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Report files and uploads of a test go to its own temporary folder, never into the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
