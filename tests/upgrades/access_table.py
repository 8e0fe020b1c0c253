"""URL × actor table of the upgrade phase (see tests/access.py). 红旗村党支部 (branch2) has the approved,
public commitment; 东方村党支部 (branch) has none in the demo."""
from __future__ import annotations

from typing import Any

from tests.access import LOGIN, Case, everyone

NF = 404


def _c(demo: Any, state: str = "approved") -> Any:
    return demo.ctx.extra["upgrades.commitments"][state]


def _pk(state: str = "approved"):
    return lambda demo: {"pk": _c(demo, state).pk}


def _evidence(demo: Any) -> dict[str, int]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from upgrades import services

    c = _c(demo)
    ev = services.evidence_add(actor=demo.users["branch2"], commitment=c, upload=SimpleUploadedFile("会议记录.pdf", b"%PDF-1.4 x"),
                               measures=list(c.measures.all()))
    return {"pk": ev.pk}


def _scan(demo: Any) -> dict[str, int]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from upgrades import services

    c = _c(demo)
    services.agreement_scan_upload(actor=demo.users["branch2"], commitment=c, upload=SimpleUploadedFile("责任书.pdf", b"%PDF-1.4 x"))
    return {"pk": c.pk}


def _measure(demo: Any) -> dict[str, int]:
    return {"pk": _c(demo).measures.order_by("id").last().pk}


#: who may view branch2's records: the county, the township and branch2 itself
VIEW_B2 = everyone(200, branch=NF, outsider=NF)
#: who may enter for branch2: the township and branch2 (the county reviewer does not enter)
ENTER_B2_POST = everyone(302, county=NF, branch=NF, outsider=NF)

CASES: list[Case] = [
    Case("upgrades:progress", everyone(200, outsider=NF)),
    Case("upgrades:progress", everyone(200, outsider=NF), query="state=submitted", label="filtered"),
    Case("upgrades:commitment-create", everyone(200, county=NF, branch2=NF, outsider=NF), data=lambda d: {"org": d.branch.pk}),
    Case("upgrades:commitment-detail", VIEW_B2, kwargs=_pk()),
    Case("upgrades:commitment-edit", everyone(NF, township=200), kwargs=_pk("draft"), label="draft of 金星社区"),
    Case("upgrades:commitment-transition", everyone(NF, county=200, township=200),
         kwargs=lambda d: {"pk": _c(d, "submitted").pk, "transition": "approve"}, label="approve (superior only)"),
    Case("upgrades:commitment-transition", everyone(NF),
         kwargs=lambda d: {"pk": _c(d).pk, "transition": "submit"}, label="submit an approved one: nobody"),
    Case("upgrades:measure-add", ENTER_B2_POST, kwargs=_pk(), method="post", data=lambda d: {}),
    Case("upgrades:measure-status", ENTER_B2_POST, kwargs=_measure, method="post", data=lambda d: {"status": "in_progress"}),
    Case("upgrades:evidence-add", ENTER_B2_POST, kwargs=_pk(), method="post", data=lambda d: {}),
    Case("upgrades:evidence-download", VIEW_B2, kwargs=_evidence),
    Case("upgrades:pledge-add", ENTER_B2_POST, kwargs=_pk(), method="post", data=lambda d: {}),
    Case("upgrades:commitment-publish", ENTER_B2_POST, kwargs=_pk(), method="post", data=lambda d: {"public": "1"}),
    Case("upgrades:agreement-pdf", VIEW_B2, kwargs=_pk()),
    Case("upgrades:agreement-scan", VIEW_B2, kwargs=_scan, label="download the signed scan"),
    Case("upgrades:agreement-scan", ENTER_B2_POST, kwargs=_pk(), method="post", data=lambda d: {}, label="upload"),
    Case("upgrades:public", everyone(200, anonymous=200), kwargs=lambda d: {"token": _c(d).public_token}),
    Case("upgrades:public", everyone(NF, anonymous=NF), kwargs=lambda d: {"token": _c(d, "draft").public_token},
         label="not public"),
    Case("upgrades:public-notice-pdf", everyone(200, anonymous=200), kwargs=lambda d: {"token": _c(d).public_token}),
    Case("upgrades:honours", everyone(200)),
    Case("upgrades:honours", everyone(200, branch=NF, branch2=NF, outsider=NF), method="post", data=lambda d: {},
         label="record (superiors only)"),
    Case("upgrades:yearend", VIEW_B2, kwargs=lambda d: {"org_pk": d.branch2.pk}),
    Case("upgrades:yearend", everyone(200, branch=NF, branch2=NF, outsider=NF), kwargs=lambda d: {"org_pk": d.branch2.pk},
         method="post", data=lambda d: {"form": "fix"}, label="fix the level (superiors only)"),
    Case("upgrades:history", VIEW_B2, kwargs=lambda d: {"org_pk": d.branch2.pk}),
    Case("upgrades:rates", everyone(200, outsider=NF)),
    Case("upgrades:rates-orgs", everyone(200, branch=NF, branch2=NF, outsider=NF),
         data=lambda d: {"scope": d.township.pk, "rate": "upgrade"}),
]


def _ballot(demo: Any) -> dict[str, int]:
    from tests.security.vote_paths import yearend_self_check
    from upgrades import services

    yearend_self_check(demo, demo.branch2, demo.users["branch2"])
    services.satisfaction_ballot_open(actor=demo.users["township"], campaign=demo.ctx.campaign, organization=demo.branch2,
                                      codes={"party_member": 2, "masses": 2})
    return {"org_pk": demo.branch2.pk}


CASES += [
    Case("upgrades:ballot-codes", everyone(NF, county=200, township=200), kwargs=_ballot, label="superiors only"),
    Case("upgrades:ballot-slips", everyone(NF, county=200, township=200), kwargs=_ballot, label="superiors only"),
    Case("upgrades:satisfaction-blank", everyone(NF, county=200, township=200), kwargs=lambda d: {"org_pk": d.branch2.pk},
         label="superiors only"),
    Case("upgrades:vote-subject", everyone(200, anonymous=200), kwargs=lambda d: {}, method="post",
         data=lambda d: {"code": "NOPE-NOPE"}, label="an unknown code names nobody"),
    Case("upgrades:vote", everyone(200, anonymous=200)),
    Case("upgrades:vote", everyone(200, anonymous=200), method="post", data=lambda d: {"code": "NOPE", "choice": "satisfied"},
         label="a wrong code is answered on the page"),
]
