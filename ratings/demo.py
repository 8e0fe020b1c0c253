"""Demo data of the ratings app: each part seeds its own (core.demo calls ``seed``)."""
from __future__ import annotations

from importlib import import_module
from typing import Any


def seed(ctx: Any) -> None:
    for part in ("demo_classification", "demo_stars"):
        try:
            module = import_module(f"ratings.{part}")
        except ModuleNotFoundError as exc:
            if exc.name != f"ratings.{part}":
                raise
            continue
        module.seed(ctx)
