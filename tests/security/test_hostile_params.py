"""Every page read with a GET answers a hostile query string with a 404 or by ignoring it, never a 500
(issue 14: ``?campaign=abc``, ``?org=abc``, ``?scope=abc`` answered 500 on several pages).

The walk uses the access table (tests/access.py): every GET case, opened by the first actor the table
says may see it, is requested again with each set of hostile parameters below. One demo county for
the whole walk, so it costs one seed.
"""
from __future__ import annotations

from urllib.parse import urlencode

from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.conftest import ACTORS
from tests.test_access_table import CASES

HUGE = str(2**63)
# every query parameter the views read (grep request.GET), each with values that are not what it expects
PARAMS = ("campaign", "org", "scope", "year", "page", "group", "domain", "state", "level", "stars", "overdue",
          "status", "rate", "q", "archived", "code", "new")
HOSTILE_SETS = [
    {"campaign": "abc"},
    {"campaign": HUGE},
    {name: "abc" for name in PARAMS if name != "campaign"},
    {name: HUGE for name in PARAMS if name != "campaign"},
    {name: "²" for name in PARAMS if name != "campaign"},  # a Unicode digit: "²".isdigit() is True, int("²") fails
    {"year": "99999", "group": "-1", "stars": "0", "org": "0", "scope": "-1", "page": "1e400", "new": "-1"},
]


def _first_allowed_actor(case) -> str | None:
    return next((a for a in ACTORS if a != "anonymous" and case.expect.get(a) == 200), None)


def test_no_page_answers_a_hostile_query_string_with_a_500(demo, client_for):
    clients: dict[str, Client] = {}
    failures: list[str] = []
    walked = 0
    for case in CASES:
        actor = _first_allowed_actor(case)
        if case.method != "get" or actor is None:
            continue
        client = clients.setdefault(actor, client_for(actor))
        with transaction.atomic():  # each case's own objects (its kwargs may create some) vanish after it
            walked += _walk(case, actor, client, demo, failures)
            transaction.set_rollback(True)
    assert walked > 100, walked  # the walk really covers the pages
    assert not failures, "\n".join(failures)


def _walk(case, actor: str, client: Client, demo, failures: list[str]) -> int:
    walked = 0
    base = reverse(case.url_name, kwargs=case.kwargs(demo))
    for hostile in HOSTILE_SETS:
        query = dict(hostile)
        if case.query:  # the case's own parameters stay, unless a hostile one replaces them
            for pair in case.query.split("&"):
                key, _sep, value = pair.partition("=")
                query.setdefault(key, value)
        url = f"{base}?{urlencode(query)}"
        try:
            status = client.get(url).status_code
        except Exception as exc:  # noqa: BLE001 — the test client re-raises a view's exception (a 500)
            failures.append(f"{actor} GET {url}: {type(exc).__name__}: {exc}")
            continue
        walked += 1
        if status >= 500:
            failures.append(f"{actor} GET {url}: {status}")
    return walked


def test_a_malformed_org_or_scope_is_a_404(demo, client_for):
    township = client_for("township")
    for url in (reverse("upgrades:commitment-create") + "?org=abc", reverse("upgrades:rates-orgs") + "?scope=abc&rate=x",
                reverse("upgrades:commitment-create") + f"?org={HUGE}"):
        assert township.get(url).status_code == 404, url
