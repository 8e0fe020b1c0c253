"""URL × actor table of the member evaluation (see tests/access.py). 东方村 (branch) has its list and no
evaluation; 红旗村 (branch2) has a closed one; 金星村第一党支部 an open one with phone codes."""
from __future__ import annotations

from typing import Any

from tests.access import Case, everyone

NF = 404


def _open(demo: Any) -> dict[str, int]:
    return {"pk": demo.ctx.extra["members.open"].pk}


def _closed_result(demo: Any) -> dict[str, int]:
    return {"pk": demo.ctx.extra["members.closed"].results.get(member__name="罗春生").pk}


#: 金星村第一党支部's open evaluation: the township enters; the branch logins are other branches
ENTER_OPEN = everyone(NF, township=200)

CASES: list[Case] = [
    Case("members:home", everyone(200, outsider=NF)),
    Case("members:branch", everyone(200, branch2=NF, outsider=NF), kwargs=lambda d: {"org_pk": d.branch.pk}),
    Case("members:member-add", everyone(NF, township=302, branch=302), kwargs=lambda d: {"org_pk": d.branch.pk}, method="post",
         data=lambda d: {}),
    Case("members:member-count", everyone(NF, township=302, branch=302), kwargs=lambda d: {"org_pk": d.branch.pk}, method="post",
         data=lambda d: {}),
    Case("members:member-import", everyone(NF, township=302, branch=302), kwargs=lambda d: {"org_pk": d.branch.pk}, method="post",
         data=lambda d: {}),
    Case("members:evaluation-open", everyone(NF, township=302, branch=302), kwargs=lambda d: {"org_pk": d.branch.pk},
         method="post", data=lambda d: {}),
    Case("members:paper", ENTER_OPEN, kwargs=_open),
    Case("members:evaluation-close", everyone(NF, township=302, branch2=302), kwargs=lambda d: {"pk": d.ctx.extra["members.closed"].pk},
         method="post", label="already closed: a message, no change"),
    Case("members:ballot-paper", ENTER_OPEN, kwargs=_open),
    Case("members:slips", ENTER_OPEN, kwargs=_open),
    Case("members:result-handle", everyone(NF, township=302, branch2=302), kwargs=_closed_result, method="post", data=lambda d: {}),
    Case("members:vote", everyone(200, anonymous=200)),
]
