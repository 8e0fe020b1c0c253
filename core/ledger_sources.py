"""The contract between the ledgers (分类管理台账 and the reports built on it) and the apps that feed them.

Enter once: the ledgers never ask anyone to type a fact again; each app contributes the columns it
knows. An app registers a ``LedgerSource`` in its module ``<app>/ledger.py`` (imported at start-up by
``autodiscover``, ``CoreConfig.ready``):

    register(LedgerSource(
        key="upgrades", order=40,
        columns=(LedgerColumn("target", _("Target level"), 10), ...),
        values=lambda orgs, ctx: {org.pk: {"target": "先进", ...} for org in orgs},
    ))

``values(orgs, ctx)`` gets the organisations of the ledger (already scoped to the requester) and a
``LedgerContext`` of plain values (the year, the covering campaign's id and rule set, the ledger's
subtree); it reads only what it needs and must answer with a constant number of queries whatever the
number of organisations. A missing value is None (or simply absent).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from django.db.models import Q

from .registry import autodiscover as _autodiscover

MODULE = "ledger"


@dataclass(frozen=True)
class LedgerContext:
    """What a ledger is about, in plain values (built by the reports app from the request or the run).

    ``campaign_id``/``ruleset_id`` are those of the campaign of ``year`` that covers the ledger's root
    (None when the year has no campaign yet: a source then answers from ``year`` alone, or nothing);
    ``scope_path`` is the materialised path of the ledger's root organisation."""

    year: int
    scope_path: str = ""
    campaign_id: int | None = None
    ruleset_id: int | None = None


def in_ledger(orgs: Sequence[Any], ctx: LedgerContext, field: str = "organization") -> Q:
    """A filter on ``field`` (a foreign key to the organisation) for the rows of the ledger's organisations:
    the ledger's subtree by its path (``path__under``), one condition whatever its size (binding 4,000 ids
    into every query cost a county ledger a third of its build). A superset of ``orgs`` when some of the subtree are left out; a source
    answers for them too and the ledger reads only its own. By id when the context has no subtree."""
    if ctx.scope_path:
        return Q(**{f"{field}__path__under": ctx.scope_path})
    return Q(**{f"{field}__in": [o.pk for o in orgs]})


@dataclass(frozen=True)
class LedgerColumn:
    key: str
    header: Any  # lazy translation
    width: float = 10
    number_format: str | None = None


LedgerValues = Callable[[Sequence[Any], LedgerContext], dict[int, dict[str, Any]]]


@dataclass(frozen=True)
class LedgerSource:
    key: str
    columns: Sequence[LedgerColumn]
    values: LedgerValues
    order: int = 50


SOURCES: dict[str, LedgerSource] = {}


def register(source: LedgerSource) -> LedgerSource:
    SOURCES[source.key] = source
    return source


def sources() -> list[LedgerSource]:
    return sorted(SOURCES.values(), key=lambda s: (s.order, s.key))


def autodiscover() -> None:
    _autodiscover(MODULE)
