"""What the user has to do next. Each app adds a provider: ``register(fn)``, where ``fn(user, context)``
returns TodoItems. The dashboard shows them in order of urgency.

An app registers its providers (``@register``, ``@register_panel``) in its modules ``<app>/todo.py``
or ``<app>/dashboard.py``, imported at start-up by ``autodiscover`` (``CoreConfig.ready``)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Callable

from django.utils import timezone

from .registry import autodiscover as _autodiscover

MODULES = ("todo", "dashboard")


@dataclass(frozen=True)
class TodoItem:
    title: str
    detail: str = ""
    url: str = ""
    due: datetime.date | None = None
    level: str = "info"  # "danger" (overdue), "warning" (due soon), "info"

    @property
    def days_left(self) -> int | None:
        if self.due is None:
            return None
        return (self.due - timezone.localdate()).days

    @property
    def days_overdue(self) -> int:
        left = self.days_left
        return -left if left is not None and left < 0 else 0


PROVIDERS: list[Callable[[Any, dict[str, Any]], list[TodoItem]]] = []

_ORDER = {"danger": 0, "warning": 1, "info": 2}


def register(provider: Callable[[Any, dict[str, Any]], list[TodoItem]]) -> Callable:
    PROVIDERS.append(provider)
    return provider


def todo_for(user: Any, context: dict[str, Any]) -> list[TodoItem]:
    items: list[TodoItem] = []
    for provider in PROVIDERS:
        items.extend(provider(user, context))
    return sorted(items, key=lambda t: (_ORDER.get(t.level, 3), t.due or datetime.date.max))


@dataclass(frozen=True)
class Panel:
    """A block of the county/township dashboard contributed by a capability (rates, distributions...).
    ``template`` is rendered with ``context``; ``order`` sorts the blocks."""

    title: str
    template: str
    context: dict
    order: int = 50


PANEL_PROVIDERS: list[Callable[[Any, dict[str, Any]], list[Panel]]] = []


def register_panel(provider: Callable[[Any, dict[str, Any]], list[Panel]]) -> Callable:
    """``provider(user, context) -> list[Panel]``; must cost a constant number of queries."""
    PANEL_PROVIDERS.append(provider)
    return provider


def panels_for(user: Any, context: dict[str, Any]) -> list[Panel]:
    items: list[Panel] = []
    for provider in PANEL_PROVIDERS:
        items.extend(provider(user, context))
    return sorted(items, key=lambda p: p.order)


def autodiscover() -> None:
    for name in MODULES:
        _autodiscover(name)
