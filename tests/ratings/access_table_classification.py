"""URL × actor access table of the classification part (tests/access.py explains the format).

Objects come from the demo (ratings/classification/demo.py): 东方村党支部 (login ``branch``) at step 1,
红旗村党支部 (login ``branch2``) at step 2 with a counted step-1 meeting, 石桥村党支部 awaiting the
township's confirmation, 金星村第二党支部 with an open step-4 ballot session."""
from __future__ import annotations

from typing import Any

from tests.access import LOGIN, Case, everyone


def _c(demo: Any, name: str):
    from ratings.classification.models import Classification

    return Classification.objects.get(campaign=demo.ctx.campaign, organization__name=name)


def cls(name: str):
    return lambda demo: {"pk": _c(demo, name).pk}


def meeting_of(name: str, step: int):
    def kwargs(demo: Any) -> dict[str, Any]:
        return {"pk": _c(demo, name).meetings.get(step=step, superseded=False).pk}
    return kwargs


def session_of(name: str):
    def kwargs(demo: Any) -> dict[str, Any]:
        from ratings.classification.models import BallotSession

        return {"pk": BallotSession.objects.get(meeting__classification=_c(demo, name)).pk}
    return kwargs


def township_decides(demo: Any) -> dict[str, Any]:
    """新塘村 was not adopted; under a rule set where the township decides it waits for the township."""
    from ratings.classification.models import Classification

    c = _c(demo, "新塘村党支部")
    Classification.objects.filter(pk=c.pk).update(state="township_decides")
    return {"pk": c.pk}


def attachment(demo: Any) -> dict[str, Any]:
    from django.core.files.base import ContentFile

    from ratings.classification.models import MeetingAttachment

    meeting = _c(demo, "红旗村党支部").meetings.get(step=1)
    att = MeetingAttachment(meeting=meeting, name="签到表.pdf", size=9, uploaded_by=demo.users["branch2"])
    att.file.save("access-test.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return {"pk": att.pk}


def not_started(demo: Any) -> dict[str, Any]:
    return {"campaign_pk": demo.ctx.campaign.pk, "org_pk": demo.org("金星乡中心小学党支部").pk}


def open_code(demo: Any) -> dict[str, Any]:
    from ratings.classification.models import BallotCode

    return {"code": BallotCode.objects.filter(session__meeting__classification=_c(demo, "金星村第二党支部"), used=False).first().code}


NF = 404
#: the branch secretary's own branch (东方村): the branch and the township enter, the county only views
OWN = dict(county=200, township=200, branch=200, branch2=NF, outsider=NF)
OWN_ENTER = dict(county=NF, township=200, branch=200, branch2=NF, outsider=NF)
#: 红旗村 (branch2's)
B2_ENTER = dict(county=NF, township=200, branch=NF, branch2=200, outsider=NF)
B2_VIEW = dict(county=200, township=200, branch=NF, branch2=200, outsider=NF)
#: another branch of the township: township only (the county views)
TOWNSHIP_ONLY = dict(county=NF, township=200, branch=NF, branch2=NF, outsider=NF)
TOWNSHIP_VIEW = dict(county=200, township=200, branch=NF, branch2=NF, outsider=NF)


def t(table: dict[str, int], ok: int = 200, anonymous: int = LOGIN) -> dict[str, int]:
    """``table`` with 200 replaced by ``ok`` (302 for POSTs that redirect)."""
    return {"anonymous": anonymous, **{k: (ok if v == 200 else v) for k, v in table.items()}}


CASES: list[Case] = [
    Case("classification:classification-overview", everyone(200)),
    Case("classification:classification-overview", everyone(200), query="domain=village&status=step1", label="filtered"),
    Case("classification:classification-start", t(dict(county=NF, township=200, branch=NF, branch2=NF, outsider=NF), ok=302),
         kwargs=not_started, method="post", data=lambda d: {}),
    Case("classification:classification-start-all",
         t(dict(county=NF, township=302, branch=NF, branch2=NF, outsider=NF)),
         kwargs=lambda d: {"campaign_pk": d.ctx.campaign.pk}, method="post", data=lambda d: {},
         label="the branches have started; the township has some left"),
    Case("classification:classification-detail", t(OWN), kwargs=cls("东方村党支部")),
    Case("classification:classification-meeting-edit", t(OWN_ENTER), kwargs=lambda d: {**cls("东方村党支部")(d), "step": 1}),
    Case("classification:classification-meeting-edit", everyone(NF), kwargs=lambda d: {**cls("东方村党支部")(d), "step": 3},
         label="step 3 has no meeting"),
    Case("classification:classification-step-complete", t(OWN_ENTER, ok=302), kwargs=cls("东方村党支部"), method="post",
         data=lambda d: {}),
    Case("classification:classification-self-rate", t(OWN_ENTER, ok=302), kwargs=cls("东方村党支部"),
         label="not at step 3: back to the detail page"),
    Case("classification:classification-self-rate", t(TOWNSHIP_ONLY), kwargs=cls("金星村第一党支部")),
    Case("classification:classification-confirm", t(TOWNSHIP_ONLY), kwargs=cls("石桥村党支部")),
    Case("classification:classification-return", t(TOWNSHIP_ONLY), kwargs=cls("石桥村党支部")),
    Case("classification:classification-reopen", t(TOWNSHIP_ONLY), kwargs=cls("金星社区党支部")),
    Case("classification:classification-reopen", everyone(NF), kwargs=cls("石桥村党支部"), label="not confirmed: nothing to reopen"),
    Case("classification:classification-confirm", everyone(NF), kwargs=cls("东方村党支部"), label="nothing to confirm at step 1"),
    Case("classification:classification-decide", t(TOWNSHIP_ONLY), kwargs=township_decides),
    Case("classification:classification-comment", t(dict(county=200, township=NF, branch=NF, branch2=NF, outsider=NF)),
         kwargs=cls("东方村党支部")),
    Case("classification:classification-attachment-create", t(B2_ENTER), kwargs=meeting_of("红旗村党支部", 1)),
    Case("classification:classification-attachment-download", t(B2_VIEW), kwargs=attachment),
    Case("classification:classification-tally-edit", t(B2_ENTER), kwargs=meeting_of("红旗村党支部", 1)),
    Case("classification:meeting-paper-blank", t(B2_ENTER), kwargs=meeting_of("红旗村党支部", 1)),
    Case("classification:classification-tally-confirm", t(B2_ENTER, ok=302), kwargs=meeting_of("红旗村党支部", 1),
         method="post", data=lambda d: {}),
    Case("classification:ballot-session-create", t(B2_ENTER), kwargs=meeting_of("红旗村党支部", 1)),
    Case("classification:ballot-session-detail", t(TOWNSHIP_VIEW), kwargs=session_of("金星村第二党支部")),
    Case("classification:ballot-session-slips", t(TOWNSHIP_ONLY), kwargs=session_of("金星村第二党支部")),
    Case("classification:ballot-session-close", t(TOWNSHIP_ONLY, ok=302), kwargs=session_of("金星村第二党支部"), method="post",
         data=lambda d: {}),
    Case("classification:ballot-vote", everyone(200, anonymous=200)),
    Case("classification:ballot-vote", everyone(200, anonymous=200), method="post", data=open_code,
         label="a code in the POST body"),
    Case("classification:ballot-vote", everyone(200, anonymous=200), method="post", data=lambda d: {"code": "AAAAAAAA"},
         label="unknown code: the form again, with an error"),
    Case("classification:ballot-vote-code-in-address", everyone(302, anonymous=302), kwargs=lambda d: {"rest": "ABCD2345"},
         location="classification:ballot-vote", label="an old slip's address: the code is dropped"),
]
