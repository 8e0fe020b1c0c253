"""The committed bench/results.json has the shape of issue 3 and shows equal query counts at every size;
the runner's percentile and table helpers do what they say."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.run import percentile, table

RESULTS = Path(__file__).resolve().parents[2] / "bench" / "results.json"


def test_committed_results_have_the_issue_shape_and_equal_query_counts():
    data = json.loads(RESULTS.read_text(encoding="utf-8"))
    assert data["machine"] and data["database"] in ("sqlite", "postgresql")
    for row in data["results"]:
        assert {"name", "orgs", "metric", "value"} <= set(row)
        if "baseline" in row:
            assert row["ratio"] == pytest.approx(row["value"] / row["baseline"], rel=0.1, abs=0.01)  # (from unrounded times)
    queries: dict[str, set] = {}
    for row in data["results"]:
        if row["metric"] == "queries":
            queries.setdefault(row["name"], set()).add(row["value"])
    assert queries and all(len(counts) == 1 for counts in queries.values()), queries
    sizes = {row["orgs"] for row in data["results"]}
    assert {40, 800} <= sizes
    names = {row["name"] for row in data["results"]}
    assert {"report:roster-pdf", "report:roster-xlsx", "import:organizations", "page:township-dashboard"} <= names


def test_percentile_is_nearest_rank():
    values = list(range(1, 21))  # 1..20
    assert percentile(values, 95) == 19
    assert percentile(values, 50) == 10
    assert percentile([7.0], 95) == 7.0


def test_table_puts_each_size_in_its_column():
    text = table([
        {"name": "page:x", "orgs": 40, "metric": "queries", "value": 5},
        {"name": "page:x", "orgs": 800, "metric": "queries", "value": 5},
        {"name": "report:y", "orgs": 800, "metric": "seconds", "value": 2.0, "baseline": 1.0, "ratio": 2.0},
    ], [40, 800])
    lines = text.splitlines()
    assert lines[1].split()[:4] == ["page:x", "queries", "5", "5"]
    assert "(×2.0 of 1.0)" in lines[2] and lines[2].split()[2] == "—"
