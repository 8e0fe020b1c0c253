"""Where each organisation stands, shown beside it in the tree and on the township board: one registry
so that organizations (below the ratings apps) and reports can show what the apps above know.

An app registers in ``<app>/org_status.py``:

    register(OrgStatus(key="level", label=_("Level"), order=10, read=levels_of))

``read(org_ids, year)`` returns ``{org_id: StatusValue}`` for the organisations it knows, in one or two
queries (``year`` None: the latest). The keys in use: "level" (ratings.classification), "stars"
(ratings.stars) and "case" — the hook for the open case of the casework (upgrades, helper t16): a
provider registered under "case" shows on every page that shows the others, nothing else to change.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

from .registry import autodiscover


@dataclass(frozen=True)
class StatusValue:
    text: str
    value: str = ""  # what a filter compares ("advanced", "3", "open")
    tone: str = "light"  # a Bootstrap colour name for the badge


@dataclass(frozen=True)
class OrgStatus:
    key: str
    label: Any
    read: Callable[[list[int], int | None], dict[int, StatusValue]]
    order: int = 50
    choices: tuple[tuple[str, Any], ...] = ()  # the values a filter offers


REGISTRY: dict[str, OrgStatus] = {}


def register(*items: OrgStatus) -> None:
    for item in items:
        REGISTRY[item.key] = item


def org_statuses() -> list[OrgStatus]:
    autodiscover("org_status")
    return sorted(REGISTRY.values(), key=lambda s: s.order)


def statuses_for(org_ids: Iterable[int], year: int | None = None) -> dict[int, dict[str, StatusValue]]:
    """{org_id: {key: value}} for every registered status: one read per status, whatever the number of
    organisations."""
    ids = list(org_ids)
    found: dict[int, dict[str, StatusValue]] = {pk: {} for pk in ids}
    if not ids:
        return found
    for status in org_statuses():
        for pk, value in status.read(ids, year).items():
            found.setdefault(pk, {})[status.key] = value
    return found
