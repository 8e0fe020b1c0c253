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
    Case("followup:measure-evidence", ENTER_POST, kwargs=_measure, method="post", data=lambda d: {}),
    Case("followup:note-add", ENTER_POST, kwargs=_pk, method="post", data=lambda d: {}),
    Case("followup:case-request-exit", everyone(NF, township=200), kwargs=_pk),
    Case("followup:case-decide-exit", everyone(NF), kwargs=_pk, label="open case: nobody decides"),
    Case("followup:case-decide-exit", SUPERIORS, kwargs=_exit_requested, label="exit requested by the secretary"),
    Case("followup:case-pdf", SUPERIORS, kwargs=_pk),
    Case("followup:alerts", everyone(200, outsider=NF)),
]


def _ag(state: str):
    return lambda demo: {"pk": demo.ctx.extra["followup.agreements"][state].pk}


def _scan(demo: Any) -> dict[str, int]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from followup import agreements

    a = demo.ctx.extra["followup.agreements"]["approved"]
    agreements.agreement_scan_upload(actor=demo.users["township"], agreement=a, upload=SimpleUploadedFile("责任书.pdf", b"%PDF-1.4 x"))
    return {"pk": a.pk}


CASES += [
    Case("followup:agreement-list", everyone(NF, county=200, township=200)),
    Case("followup:agreement", everyone(NF, county=200, township=200), kwargs=lambda d: {"org_pk": d.township.pk}),
    Case("followup:agreement", everyone(NF, county=200), kwargs=lambda d: {"org_pk": d.township2.pk}, label="柳河镇"),
    Case("followup:agreement-transition", everyone(NF), kwargs=lambda d: {"pk": _ag("approved")(d)["pk"], "transition": "submit"},
         method="post", label="approved: nobody submits"),
    Case("followup:agreement-pdf", everyone(NF, county=200, township=200), kwargs=_ag("approved")),
    Case("followup:agreement-scan", everyone(NF, county=200, township=200), kwargs=_scan, label="download"),
    Case("followup:agreement-scan", everyone(NF, township=302), kwargs=_ag("approved"), method="post", data=lambda d: {},
         label="upload"),
]


def _open_pledge(demo: Any) -> dict[str, int]:
    from upgrades.models import MemberPledge

    return {"pk": MemberPledge.objects.filter(commitment__organization=demo.branch2).order_by("id").last().pk}


def _cadre(demo: Any) -> dict[str, int]:
    from followup import pledges

    c = pledges.cadre_commitment_add(actor=demo.users["township"], campaign=demo.ctx.campaign, organization=demo.branch2,
                                     cadre="林秀英", post="村党支部书记", text="建成村级光伏电站")
    return {"pk": c.pk}


CASES += [
    Case("followup:pledge-list", everyone(200, outsider=NF)),
    Case("followup:pledges", everyone(200, branch=NF, outsider=NF), kwargs=lambda d: {"org_pk": d.branch2.pk}),
    Case("followup:pledge-assess", everyone(NF, county=302, township=302), kwargs=_open_pledge, method="post",
         data=lambda d: {"result": "bogus"}, label="bad result: a message; branch2 may see but not assess"),
    Case("followup:cadre-add", everyone(NF, township=302, branch2=302), kwargs=lambda d: {"org_pk": d.branch2.pk}, method="post",
         data=lambda d: {}),
    Case("followup:cadre-assess", everyone(NF, county=302, township=302), kwargs=_cadre, method="post",
         data=lambda d: {"result": "bogus"}),
]
