"""The URL × role access table. Every app's tests keep a module ``tests/<app>/access_table.py`` with
``CASES: list[Case]``; ``tests/test_access_table.py`` checks that every URL pattern of the project
has at least one case and that every case answers as expected for every actor.

Actors: "anonymous", "county" (county reviewer), "township" (staff of 金星乡), "branch" (secretary of
东方村党支部), "branch2" (secretary of 红旗村党支部, same township), "outsider" (logged in, no role).
``kwargs``/``data`` get the ``Demo`` fixture (tests/conftest.py) and return the URL kwargs / POST data.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

LOGIN = 302  # anonymous visitors of a login-only page are sent to the login page


@dataclass(frozen=True)
class Case:
    url_name: str
    expect: dict[str, int]
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda demo: {})
    method: str = "get"
    data: Callable[[Any], dict[str, Any]] | None = None
    label: str = ""
    query: str = ""
    #: where a 302 must lead when it does not lead to the login page (a URL name), e.g. an old address
    #: that carried a code and now leads to the page that asks for it
    location: str = ""


def everyone(status: int, anonymous: int = LOGIN, **overrides: int) -> dict[str, int]:
    """The same answer for every logged-in actor, with overrides per actor."""
    table = {"anonymous": anonymous, "county": status, "township": status, "branch": status,
             "branch2": status, "outsider": status}
    table.update(overrides)
    return table
