"""Runs this app's access table for every actor (the central test on main does the same for all apps)."""
from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse

from tests.conftest import ACTORS

from .access_table import CASES


def test_every_survey_url_has_a_case():
    resolver = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "surveys")
    names = {f"surveys:{p.name}" for p in resolver.url_patterns}
    assert names <= {c.url_name for c in CASES}


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.url_name}{'-' + c.label if c.label else ''}")
@pytest.mark.parametrize("actor", ACTORS)
def test_access(case, actor, demo, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse(case.url_name, kwargs=case.kwargs(demo)) + (f"?{case.query}" if case.query else "")
    client = client_for(actor)
    if case.method == "post":
        response = client.post(url, case.data(demo) if case.data else {})
    else:
        response = client.get(url)
    assert response.status_code == case.expect[actor], (case.url_name, actor, response.status_code)
