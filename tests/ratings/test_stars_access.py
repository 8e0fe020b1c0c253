"""Every star URL × the six actors answers as the access table says (outside scope = 404)."""
from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import ACTORS

from .access_table_stars import CASES


@pytest.mark.parametrize("case", CASES, ids=[f"{c.url_name}{'-' + c.label if c.label else ''}" for c in CASES])
def test_star_url_answers_each_actor_as_the_table_says(case, demo, client_for):
    kwargs = case.kwargs(demo)
    url = reverse(case.url_name, kwargs=kwargs) + (f"?{case.query}" if case.query else "")
    got = {}
    for actor in ACTORS:
        client = client_for(actor)
        if case.method == "post":
            response = client.post(url, case.data(demo) if case.data else {})
        else:
            response = client.get(url)
        got[actor] = response.status_code
    assert got == case.expect


def test_every_star_url_has_a_case():
    from ratings.stars.urls import urlpatterns

    names = {f"stars:{p.name}" for p in urlpatterns}
    assert names == {c.url_name for c in CASES}
