"""URL × actor table of the follow-through (see tests/access.py). The demo's 软弱涣散 case of 金星社区党支部
(金星乡) is open; 新塘村党支部 (金星乡, lagging) has no case until a kwargs function opens one."""
from __future__ import annotations

from typing import Any

from tests.access import Case, everyone

NF = 404


def _weak(demo: Any) -> Any:
    return demo.ctx.extra["followup.cases"]["weak"]


def _pk(demo: Any) -> dict[str, int]:
    return {"pk": _weak(demo).pk}


def _measure(demo: Any) -> dict[str, int]:
    return {"pk": _weak(demo).measures.first().pk}


def _exit_requested(demo: Any) -> dict[str, int]:
    from followup import services as s
    from organizations.models import OrgRole

    org = demo.org("新塘村党支部")
    case = s.case_open(actor=demo.users["township"], campaign=demo.ctx.campaign, organization=org, problems=[], situations=[],
                       deadline=demo.ctx.campaign.summary_due, leader="周建国", first_secretary="王强")
    sec = OrgRole.objects.get(organization=org, role="branch_secretary").user
    s.case_request_exit(actor=sec, case=case, basis="rerating", record="年终定为一般")
    return {"pk": case.pk}


#: the superiors of 金星乡's branches: the county and the township
SUPERIORS = everyone(NF, county=200, township=200)
#: who enters for 金星社区: the township (the county reviewer does not enter; the branch logins are other branches)
ENTER_POST = everyone(NF, township=302)

CASES: list[Case] = [
    Case("followup:case-list", everyone(200, outsider=NF)),
    Case("followup:case-open", SUPERIORS, data=lambda d: {"org": d.org("新塘村党支部").pk}),
    Case("followup:case-detail", SUPERIORS, kwargs=_pk),
    Case("followup:measure-add", ENTER_POST, kwargs=_pk, method="post", data=lambda d: {}),
    Case("followup:measure-progress", ENTER_POST, kwargs=_measure, method="post", data=lambda d: {}),
    Case("followup:note-add", ENTER_POST, kwargs=_pk, method="post", data=lambda d: {}),
    Case("followup:case-request-exit", everyone(NF, township=200), kwargs=_pk),
    Case("followup:case-decide-exit", everyone(NF), kwargs=_pk, label="open case: nobody decides"),
    Case("followup:case-decide-exit", SUPERIORS, kwargs=_exit_requested, label="exit requested by the secretary"),
    Case("followup:case-pdf", SUPERIORS, kwargs=_pk),
    Case("followup:alerts", everyone(200, outsider=NF)),
]
