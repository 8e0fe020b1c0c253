"""The contract between the ledgers (issue: ledgers and dashboards) and the capabilities that feed them.

Enter once: the classification ledger (分类管理台账) and the other ledgers never ask anyone to type a fact
again; each capability contributes the columns it knows. A capability registers a ``LedgerSource`` in
its module ``<app>/ledger.py`` (imported by ``autodiscover`` at start-up):

    register(LedgerSource(
        key="upgrades", order=40,
        columns=(LedgerColumn("target", _("Target level"), 10), ...),
        values=lambda orgs, campaign: {org.pk: {"target": "先进", ...} for org in orgs},
    ))

``values`` gets the organisations of the ledger (already scoped) and the campaign, and must answer
with a constant number of queries whatever the number of organisations. A missing value is None.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any, Callable, Sequence

from django.apps import apps


@dataclass(frozen=True)
class LedgerColumn:
    key: str
    header: Any  # lazy translation
    width: float = 10
    number_format: str | None = None


@dataclass(frozen=True)
class LedgerSource:
    key: str
    columns: Sequence[LedgerColumn]
    values: Callable[[Sequence[Any], Any], dict[int, dict[str, Any]]]
    order: int = 50


SOURCES: dict[str, LedgerSource] = {}


def register(source: LedgerSource) -> None:
    SOURCES[source.key] = source


def sources() -> list[LedgerSource]:
    return sorted(SOURCES.values(), key=lambda s: (s.order, s.key))


def autodiscover() -> None:
    for config in apps.get_app_configs():
        try:
            import_module(f"{config.name}.ledger")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.ledger":
                raise
