"""`make loadtest` reads locust's CSV output (locust 2.47 columns) into bench/loadtest.json."""
from __future__ import annotations

from bench.loadtest import summarise

STATS = """Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%
GET,dashboard,197,0,18,35.1,8,660,20345,4.49,0.0,18,24,30,35,60,130,400,660,660,660,660
POST,login,20,2,970,1001.2,500,1500.4,0,0.45,0.04,970,1000,1100,1200,1400,1500,1500,1500,1500,1500,1500
,Aggregated,217,2,20,120.2,8,1500.4,18000,4.94,0.04,20,26,33,40,80,560,900,1100,1500,1500,1500
"""
FAILURES = """Method,Name,Error,Occurrences,First Seen,Last Seen
POST,login,login of scale_b0001 answered 403,2,0,0
"""


def test_summary_reads_totals_endpoints_and_failures(tmp_path):
    prefix = tmp_path / "locust"
    (tmp_path / "locust_stats.csv").write_text(STATS, encoding="utf-8")
    (tmp_path / "locust_failures.csv").write_text(FAILURES, encoding="utf-8")
    summary = summarise(prefix)
    assert summary["total"] == {"name": "Aggregated", "requests": 217, "errors": 2, "rps": 4.9, "p50_ms": 20.0,
                                "p95_ms": 560.0, "p99_ms": 1100.0, "max_ms": 1500.4}
    assert [e["name"] for e in summary["endpoints"]] == ["dashboard", "login"]
    assert summary["failures"] == [{"name": "login", "error": "login of scale_b0001 answered 403", "count": 2}]


def test_summary_without_failures_file_has_no_failures(tmp_path):
    (tmp_path / "locust_stats.csv").write_text(STATS, encoding="utf-8")
    assert summarise(tmp_path / "locust")["failures"] == []
