"""Access table of the statistics dashboard, the organisation list behind its numbers and its export, and
requests of the new ledger reports. The dashboard is for county reviewers and township staff; the list
and its export answer everyone logged in, with only their own scope inside (checked in test_dashboard.py)."""
from __future__ import annotations

from tests.access import Case, everyone


def _request(kind: str, org_attr: str):
    return lambda demo: {"kind": kind, "fmt": "pdf", "organization": getattr(demo, org_attr).pk}


CASES = [
    Case("reports:dashboard", everyone(404, county=200, township=200)),
    Case("reports:org-list", everyone(200)),
    Case("reports:org-list", everyone(200), query="domain=village&state=confirmed&level=average", label="filtered"),
    Case("reports:org-list", everyone(200), query="stars=abc&group=x&year=nope", label="nonsense filters"),
    Case("reports:org-export", everyone(200)),
    Case("reports:org-export", everyone(200), query="domain=village&overdue=1", label="filtered"),
    Case("reports:run-request", everyone(404, county=302), method="post",
         data=_request("classification_ledger", "county"), label="county classification ledger"),
    Case("reports:run-request", everyone(404, county=302, township=302), method="post",
         data=_request("annual_summary", "township"), label="township annual summary"),
    Case("reports:run-request", everyone(404, county=302, township=302, branch=302), method="post",
         data=_request("cadre_pay", "branch"), label="cadre pay of 东方村"),
]
