"""Runs the classification access table: every case for every actor, each on a fresh demo county."""
from __future__ import annotations

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from tests.conftest import ACTORS

from .access_table_classification import CASES


def _case_id(case):
    return f"{case.url_name}{'[' + case.label + ']' if case.label else ''}"


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=_case_id)
@pytest.mark.django_db
def test_access(case, actor, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = Client()
    if actor != "anonymous":
        client.force_login(demo.users[actor])
    url = reverse(case.url_name, kwargs=case.kwargs(demo))
    if case.query:
        url += "?" + case.query
    if case.method == "post":
        response = client.post(url, case.data(demo) if case.data else {})
    else:
        response = client.get(url)
    assert response.status_code == case.expect[actor], (case.url_name, actor, response.status_code)


def test_every_classification_url_has_a_case():
    names = {f"classification:{p.name}" for p in get_resolver("ratings.classification.urls").url_patterns}
    assert names <= {c.url_name for c in CASES}, names - {c.url_name for c in CASES}
