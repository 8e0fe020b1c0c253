"""Access table of the download centre. A run belongs to whoever requested it: its status row and its
file answer 404 to everyone else, the county reviewer included."""
from __future__ import annotations

from reports.models import ReportRun
from reports.services import report_run_execute
from tests.access import Case, everyone


def _township_run(demo, *, done: bool) -> int:
    run = ReportRun.objects.create(kind="roster", fmt="xlsx", organization=demo.township,
                                   requested_by=demo.users["township"], title="roster")
    if done:
        report_run_execute(run.pk)
    return run.pk


def _roster_request(org_attr: str):
    return lambda demo: {"kind": "roster", "fmt": "xlsx", "organization": getattr(demo, org_attr).pk}


CASES = [
    Case("reports:run-list", everyone(200)),
    Case("reports:run-request", everyone(302, branch2=404, outsider=404), method="post",
         data=_roster_request("branch"), label="roster of 东方村"),
    Case("reports:run-request", everyone(404, county=302), method="post",
         data=_roster_request("other_township_branch"), label="roster of another township"),
    Case("reports:run-request", everyone(404), method="post",
         data=lambda demo: {"kind": "no-such-report", "fmt": "xlsx", "organization": demo.branch.pk},
         label="unknown report"),
    Case("reports:run-request", everyone(405), label="GET is refused"),
    Case("reports:run-status", everyone(404, township=200), lambda demo: {"pk": _township_run(demo, done=False)},
         label="township run"),
    Case("reports:run-download", everyone(404, township=200), lambda demo: {"pk": _township_run(demo, done=True)},
         label="township run"),
    Case("reports:run-download", everyone(404), lambda demo: {"pk": _township_run(demo, done=False)},
         label="not finished"),
    Case("reports:run-rerun", everyone(404, township=302), lambda demo: {"pk": _township_run(demo, done=True)},
         method="post", label="township run"),
    Case("reports:run-rerun", everyone(405), lambda demo: {"pk": _township_run(demo, done=True)}, label="GET is refused"),
]

CASES += [
    Case("reports:township-board", everyone(404, county=200, township=200), lambda demo: {"org_pk": demo.township.pk}),
    Case("reports:township-board-pdf", everyone(404, county=200, township=200), lambda demo: {"org_pk": demo.township.pk}),
    # the annual summary's words: written by the township, seen by the county
    Case("reports:summary-overview", everyone(404, county=200, township=200)),
    Case("reports:summary-edit", everyone(404, county=200, township=200), lambda demo: {"org_pk": demo.township.pk}),
]

# the annual dossier (reports/dossier.py): of one organisation inside the requester's scope, a batch of a subtree
CASES += [
    Case("reports:run-request", everyone(302, branch2=404, outsider=404), method="post",
         data=lambda demo: {"kind": "dossier", "fmt": "pdf", "organization": demo.branch.pk}, label="dossier of 东方村"),
    Case("reports:run-request", everyone(404, county=302), method="post",
         data=lambda demo: {"kind": "dossier", "fmt": "pdf", "organization": demo.other_township_branch.pk},
         label="dossier of another township's branch"),
    Case("reports:run-request", everyone(404, county=302, township=302), method="post",
         data=lambda demo: {"kind": "dossier_batch", "fmt": "zip", "organization": demo.township.pk},
         label="dossiers of 金星乡"),
]
