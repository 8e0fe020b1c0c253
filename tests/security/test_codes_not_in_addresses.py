"""Codes reach the server only in a POST body (docs/rules.md §14): no address holds a code, so neither a
proxy's access log nor Django's own log ("Not Found: …", "Gone: …") can map a code to an address and a
time; the slips' QR codes carry the code after "#", which browsers never send."""
from __future__ import annotations

import logging

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _codes(demo):
    from ratings.classification.models import BallotCode
    from surveys import services as surveys
    from upgrades import services as upgrades
    from upgrades.models import SatisfactionCode

    from tests.ratings.test_classification_ballots import open_session
    from tests.security.vote_paths import yearend_self_check
    from tests.surveys.helpers import new_round

    round_ = new_round(demo)
    survey = [c.code for c in surveys.codes_generate(actor=demo.users["township"], round_=round_, counts={"masses": 3})]
    session = open_session(demo, masses=3)
    ballot = list(BallotCode.objects.filter(session=session).values_list("code", flat=True))
    yearend_self_check(demo, demo.branch2, demo.users["branch2"])  # seed 000 §五: the self-check meeting first
    ye = upgrades.satisfaction_ballot_open(actor=demo.users["township"], campaign=demo.ctx.campaign,
                                           organization=demo.branch2, codes={"masses": 3})
    satisfaction = list(SatisfactionCode.objects.filter(year_end=ye).values_list("code", flat=True))
    member = list(demo.ctx.extra["members.open"].codes.filter(used=False).values_list("code", flat=True))
    return round_, survey, ballot, satisfaction, member


def test_every_vote_path_takes_the_code_from_the_post_body_and_logs_no_code(demo, caplog):
    from tests.surveys.test_views import _post_answers

    round_, survey, ballot, satisfaction, member = _codes(demo)
    phone = Client()
    caplog.set_level(logging.DEBUG)
    seen = []

    def go(method, url, data=None):
        response = getattr(phone, method)(url, data or {})
        seen.append((url, response.status_code))
        assert response.status_code < 500, (url, response.status_code)
        location = response.get("Location", "")
        assert not any(code in location for code in survey + ballot + satisfaction + member), location
        return response

    # questionnaire: show, answer, answer again (used), a code typed into the address, an unknown code
    go("post", "/surveys/c/", {"code": survey[0]})
    assert go("post", "/surveys/c/", {"code": survey[0], "answering": "1", **_post_answers(round_)}).status_code == 302
    assert go("post", "/surveys/c/", {"code": survey[0]}).status_code == 410
    assert go("get", f"/surveys/c/{survey[1]}/").status_code == 302  # back to the entry page, code unread
    assert go("post", "/surveys/c/", {"code": "ZZZZ9999"}).status_code == 404
    # classification ballot
    go("post", "/ratings/vote/", {"code": ballot[0]})
    go("post", "/ratings/vote/", {"code": ballot[0], "choice": "agree"})
    go("post", "/ratings/vote/", {"code": ballot[0], "choice": "agree"})
    assert go("get", f"/ratings/vote/{ballot[1]}/").status_code == 302
    # satisfaction ballot
    go("post", "/upgrades/vote/", {"code": satisfaction[0], "choice": "satisfied"})
    go("post", "/upgrades/vote/", {"code": satisfaction[0], "choice": "satisfied"})
    assert survey[0] not in go("get", f"/upgrades/vote/?code={satisfaction[1]}").content.decode()
    # member evaluation (two ballots): the code, then a grade for every member; a code in the address is unread
    members = demo.ctx.extra["members.open"].members.all()
    assert 'name="m' in go("post", "/members/vote/", {"code": member[0]}).content.decode()
    grades = {f"m{m.pk}": "qualified" for m in members}
    assert 'id="vote-done"' in go("post", "/members/vote/", {"code": member[0], **grades}).content.decode()
    assert 'name="m' not in go("get", f"/members/vote/?code={member[1]}").content.decode()

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert any("Gone" in r.getMessage() or "Not Found" in r.getMessage() for r in caplog.records)  # 4xx were logged ...
    for code in survey + ballot + satisfaction + member:  # ... but no line holds a code
        assert code not in logged, code
    assert all(code not in url for url, _status in seen for code in survey[:1] + ballot[:1] + satisfaction[:1] + member[:1])


def test_slips_carry_the_code_after_the_hash_of_the_entry_address():
    from core.slips import fragment_code_url

    assert fragment_code_url("https://jinwei.example.org/surveys/c/")("3ATGNRVG") == "https://jinwei.example.org/surveys/c/#3ATGNRVG"


def test_the_entry_pages_script_is_our_own_static_file_under_the_csp(client):
    from django.conf import settings

    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"] == ["'self'"]
    for url in ("/surveys/c/", "/ratings/vote/", "/upgrades/vote/", "/members/vote/"):
        page = client.get(url).content.decode()
        assert '<script src="/static/js/code_entry.js" defer></script>' in page
        assert "<script>" not in page  # nothing inline


def test_the_printed_qr_codes_of_every_vote_path_hold_the_code_after_the_hash(demo, client_for):
    from unittest import mock

    import segno

    round_, survey, ballot, satisfaction, member = _codes(demo)
    from ratings.classification.models import BallotCode

    session_pk = BallotCode.objects.get(code=ballot[0]).session_id
    sheets = [(f"/surveys/rounds/{round_.pk}/codes/1/slips.pdf", "township", "/surveys/c/#", survey),
              (f"/ratings/ballots/{session_pk}/slips.pdf", "branch", "/ratings/vote/#", ballot),
              (f"/upgrades/yearend/{demo.branch2.pk}/codes/slips.pdf", "township", "/upgrades/vote/#", satisfaction),
              (f"/members/eval/{demo.ctx.extra['members.open'].pk}/slips.pdf", "township", "/members/vote/#", member)]
    for url, user, entry, codes in sheets:
        with mock.patch("core.slips.segno.make", wraps=segno.make) as make:
            response = client_for(user).get(url, {"campaign": demo.ctx.campaign.pk})
        assert response.status_code == 200, url
        encoded = sorted(call.args[0] for call in make.call_args_list)
        assert encoded == sorted(f"http://testserver{entry}{code}" for code in codes), encoded
