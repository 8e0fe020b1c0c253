"""Every URL of the project × every actor answers as the access table says (tests/access.py).

The table is the union of ``CASES`` from every ``tests/**/access_table*.py``; a URL pattern without a
case fails the first test, so a new page cannot ship without saying who may open it.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import Case
from tests.conftest import ACTORS

TESTS_DIR = Path(__file__).resolve().parent
EXCLUDED_PREFIXES = ("admin/", "static/", "media/")


def _load_cases() -> list[Case]:
    cases: list[Case] = []
    for path in sorted(TESTS_DIR.rglob("access_table*.py")):
        name = "access_tables." + "_".join(path.relative_to(TESTS_DIR).with_suffix("").parts)
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        cases.extend(module.CASES)
    return cases


def project_url_names() -> set[str]:
    """Namespaced names of every URL pattern, walking included resolvers, without the admin site."""
    names: set[str] = set()

    def walk(patterns, namespace: str, prefix: str) -> None:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if route.startswith(EXCLUDED_PREFIXES):
                continue
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner, route)
            elif isinstance(entry, URLPattern) and entry.name:
                names.add(namespace + entry.name)
            elif isinstance(entry, URLPattern):
                names.add(f"<unnamed {route}>")

    walk(get_resolver().url_patterns, "", "")
    return names


CASES = _load_cases()


def test_the_url_walk_finds_nested_namespaced_names_and_leaves_out_the_admin():
    names = project_url_names()
    assert {"login", "logout", "password_change", "campaigns:dashboard", "organizations:org-detail",
            "reports:run-download"} <= names
    assert not any(name.startswith("admin:") for name in names)


def test_every_url_pattern_has_an_access_table_entry():
    covered = {case.url_name for case in CASES}
    missing = sorted(project_url_names() - covered)
    assert not missing, "URLs without an entry in any tests/**/access_table*.py: " + ", ".join(missing)


def test_every_access_table_entry_names_a_real_url_and_every_actor():
    names = project_url_names()
    unknown = sorted({case.url_name for case in CASES} - names)
    assert not unknown, f"access-table entries for URLs that do not exist: {unknown}"
    incomplete = [f"{c.url_name} {c.label}" for c in CASES if set(c.expect) != set(ACTORS)]
    assert not incomplete, f"cases that do not give an answer for every actor {ACTORS}: {incomplete}"


def _case_id(case: Case) -> str:
    return f"{case.url_name}{'-' + case.label if case.label else ''}".replace(" ", "_")


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_url_answers_each_actor_as_the_access_table_says(case: Case, demo, client_for):
    url = reverse(case.url_name, kwargs=case.kwargs(demo))
    if case.query:
        url += "?" + case.query
    data = case.data(demo) if case.data else {}
    answers: dict[str, int] = {}
    for actor in ACTORS:
        client = client_for(actor)
        if case.method == "post":
            response = client.post(url, data)
        else:
            response = client.get(url, data)
        answers[actor] = response.status_code
        if response.status_code == 302 and case.location:
            assert response["Location"] == reverse(case.location), response["Location"]
        elif actor == "anonymous" and response.status_code == 302:
            # an anonymous visitor is only ever sent to the login page
            assert response["Location"].startswith(reverse("login")), response["Location"]
    wrong = {a: f"got {answers[a]}, expected {case.expect[a]}" for a in ACTORS if answers[a] != case.expect[a]}
    assert not wrong, f"{case.method.upper()} {url}: {wrong}"
