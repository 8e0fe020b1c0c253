"""A page must cost the same number of SQL queries for a small and a larger county (N+1 guard).

Every Page of every bench module (bench/foundation.py and each capability's bench/<app>.py) is
requested as its role on a 6- and a 30-organisation scale county (bench/scale.py, with every
module's ``scale(ctx)``); the query counts must be equal. `make bench` measures the same at 40 and 800.
"""
from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

SMALL, LARGE = 6, 30


class _Discard(Exception):
    pass


def _query_counts(orgs: int, modules: list) -> dict[str, tuple[int, int, list[str]]]:
    """{page name: (status, queries, sql)} on a fresh scale county of ``orgs`` organisations."""
    from bench.run import pages_of
    from bench.scale import seed_scale

    ctx = seed_scale(orgs, modules=modules)
    clients: dict[str, Client] = {}
    counts = {}
    for page in pages_of(modules):
        client = clients.get(page.username_key)
        if client is None:
            client = clients[page.username_key] = Client()
            client.force_login(ctx.users[page.username_key])
        url = page.url(ctx)
        client.get(url)  # warm: first-request work (session, caches) is not the page's cost
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        counts[page.name] = (response.status_code, len(captured), [q["sql"] for q in captured.captured_queries])
    return counts


def _in_savepoint(fn, *args):
    """Run ``fn`` and throw its data away, so the next size starts from an empty database."""
    result = None
    try:
        with transaction.atomic():
            result = fn(*args)
            raise _Discard
    except _Discard:
        pass
    return result


@pytest.mark.django_db
def test_every_bench_page_costs_the_same_queries_for_6_and_30_organisations():
    from bench.run import discover, pages_of

    modules = discover(log=None)
    assert "bench.foundation" in [m.__name__ for m in modules]
    assert pages_of(modules), "no pages to check"
    small = _in_savepoint(_query_counts, SMALL, modules)
    large = _query_counts(LARGE, modules)
    problems = []
    for name, (status, queries, sql) in large.items():
        small_status, small_queries, small_sql = small[name]
        if status != 200 or small_status != 200:
            problems.append(f"{name}: answered {small_status} at {SMALL} and {status} at {LARGE} organisations")
        elif queries != small_queries:
            extra = "\n      ".join(q[:160] for q in sql[len(small_sql):][:3])
            problems.append(f"{name}: {small_queries} queries at {SMALL}, {queries} at {LARGE} organisations\n      {extra}")
    assert not problems, "\n".join(problems)


def test_discovery_skips_only_the_harness_modules():
    from bench.run import is_harness

    for stem in ("api", "run", "scale", "loadtest", "locustfile", "loadtest_surveys"):
        assert is_harness(stem)
    for stem in ("foundation", "surveys", "ratings_classification", "ratings_stars", "upgrades"):
        assert not is_harness(stem)
