"""The registry of named rule-set settings: key, kind, default and the source of the default.

Apps register their settings at import time (``register(Setting(...))`` in their ``rulesettings.py``,
imported from their AppConfig.ready). A rule set stores only the values it changes; everything else
is the registered default, so a new setting needs no migration.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import RuleSet


@dataclass(frozen=True)
class Setting:
    key: str
    label: Any  # lazy translation string
    kind: str  # "int" | "decimal" | "bool" | "choice" | "text"
    default: Any
    source: str
    group: Any = ""
    choices: tuple[tuple[str, Any], ...] = ()
    help: Any = ""


REGISTRY: dict[str, Setting] = {}


def register(*settings: Setting) -> None:
    for item in settings:
        if item.key in REGISTRY and REGISTRY[item.key] != item:
            raise ValueError(f"rule-set setting {item.key!r} registered twice with different definitions")
        REGISTRY[item.key] = item


def parse_value(setting: Setting, raw: Any) -> Any:
    """Turn a stored or submitted value into the setting's type; raises ValueError on bad input."""
    if setting.kind == "int":
        return int(raw)
    if setting.kind == "decimal":
        try:
            return Decimal(str(raw))
        except InvalidOperation as exc:
            raise ValueError(str(raw)) from exc
    if setting.kind == "bool":
        if isinstance(raw, bool):
            return raw
        return str(raw).lower() in {"1", "true", "on", "yes"}
    if setting.kind == "choice":
        if raw not in {key for key, _label in setting.choices}:
            raise ValueError(str(raw))
        return raw
    return str(raw)


def setting_value(ruleset: "RuleSet | None", key: str) -> Any:
    setting = REGISTRY[key]
    if ruleset is not None and key in (ruleset.values or {}):
        return parse_value(setting, ruleset.values[key])
    return setting.default
