"""Report kinds: a builder gives the rows (what), the renderers give the format (how).

An app adds a report with ``register(ReportKind(...))`` from its ``report_kinds.py``, imported by
``ReportsConfig.ready`` through ``autodiscover``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import Any, Callable, Sequence

from django.apps import apps

from core.xlsx import Column


@dataclass
class ReportData:
    """What a builder returns: a titled table (and optional extra blocks for the PDF template)."""

    title: str
    organization_name: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]
    subtitle: str = ""
    year: int | None = None
    totals: Sequence[Any] | None = None
    notes: Sequence[str] = ()
    signatures: Sequence[str] = ()
    landscape: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportKind:
    key: str
    label: Any
    build: Callable[[Any, Callable[[int], None]], ReportData]
    formats: tuple[str, ...] = ("pdf", "xlsx")
    action: str = "report"
    pdf_template: str = "reports/pdf/table.html"


REPORTS: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> None:
    REPORTS[kind.key] = kind


def autodiscover() -> None:
    for config in apps.get_app_configs():
        try:
            import_module(f"{config.name}.report_kinds")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.report_kinds":
                raise
