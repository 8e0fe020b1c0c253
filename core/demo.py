"""The demo install: every app that has a ``demo.py`` with ``seed(ctx)`` adds its part, in the order of
INSTALLED_APPS (the floors: the tree and logins first, then the campaign, then each capability).
Each part is idempotent, so running the whole twice changes nothing."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from .registry import autodiscover


@dataclass
class DemoContext:
    """What the parts of the demo share: the organisations and users by name, the campaign, and the
    lines ``manage.py seed_demo`` prints."""

    year: int
    county: Any = None
    orgs: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    campaign: Any = None
    ruleset: Any = None
    extra: dict[str, Any] = field(default_factory=dict)  # capabilities share what their demo made
    lines: list[str] = field(default_factory=list)


def demo_modules() -> list[Any]:
    """The ``<app>.demo`` modules that have a ``seed(ctx)``, in INSTALLED_APPS order."""
    return [module for module in autodiscover("demo") if hasattr(module, "seed")]


@transaction.atomic
def seed_demo() -> DemoContext:
    ctx = DemoContext(year=timezone.localdate().year)
    for module in demo_modules():
        module.seed(ctx)
    return ctx
