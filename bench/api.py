"""The contract between the benchmark runner and each capability's benchmarks.

Each capability adds a module ``bench/<app>.py`` (e.g. ``bench/surveys.py``) that may define:

``PAGES: list[Page]``
    pages measured at 40 and at 800 organisations: server time (median, p95) and SQL query count,
    which must be equal at both sizes.
``def scale(ctx: ScaleContext) -> None``
    adds the capability's data to the scale county (questionnaires, ballots, scores...), with bulk
    inserts, deterministically (use ``ctx.random``).
``def timed(ctx: ScaleContext) -> list[Timed]``
    other measurements (imports in rows/s, report renders with their library baseline...).

The runner (``bench/run.py``, ``make bench``) seeds each size, calls every ``scale``, then measures.
A Page must answer 200 to its user; ``tests/bench/test_query_counts.py`` checks in the normal suite that
every Page costs the same queries at 6 and 30 organisations. The runner imports every ``bench/*.py``
except the harness (api, run, scale, loadtest, locustfile, ``loadtest_*``); an import error stops it.

The scale county (``bench/scale.py``, ``python -m bench.seed_scale --orgs N``) fills ``ctx.users`` with
"county", "township" (staff of ``ctx.townships[0]``) and "branch" (secretary of a branch of that
township); ``ctx.extra["foundation.township_users"]`` and ``ctx.extra["foundation.secretaries"]``
(list of (user, organisation)) hold the others. Scale users share one password, ``SCALE_PASSWORD``.

Load test (``make loadtest``, ``bench/loadtest.py``): a capability may add ``bench/loadtest_<app>.py``
holding locust ``HttpUser`` subclasses (no Django import there: locust runs in its own process). What they
need from the database (one-time codes, ids) is made before locust starts by ``prepare(ctx)`` in
``bench/_participants.py``, which returns the variables exported to locust (e.g.
``{"JINWEI_LOADTEST_CODES": "/tmp/.../codes.txt"}``); its ``verify(summaries)`` checks the database against
what locust saw accepted after the runs. Those hooks live apart from the locust users because importing
locust monkey-patches threads (gevent), after which Django refuses the seeding process's connection.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass
class ScaleContext:
    """What the scale generator made: the county, its townships and branches, users by role."""

    orgs: int
    county: Any = None
    townships: list[Any] = field(default_factory=list)
    branches: list[Any] = field(default_factory=list)
    users: dict[str, Any] = field(default_factory=dict)  # "county", "township", "branch" → a user of that role
    campaign: Any = None
    random: random.Random = field(default_factory=lambda: random.Random(2026))
    extra: dict[str, Any] = field(default_factory=dict)  # capabilities share what they made here


@dataclass(frozen=True)
class Page:
    name: str  # "page:township-dashboard"
    username_key: str  # key of ScaleContext.users
    url: Callable[[ScaleContext], str]
    download: bool = False  # a file of every row (an export): its time grows with the county by nature


@dataclass(frozen=True)
class Timed:
    name: str  # "report:roster-pdf", "import:organizations"
    metric: str  # "seconds" | "rows_per_s" | ...
    run: Callable[[], float]  # returns the metric value
    baseline: Callable[[], float] | None = None  # the library's own floor, same metric; ratio = value / baseline
