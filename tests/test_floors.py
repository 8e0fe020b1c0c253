"""The floors of the project: an import may only run downward.

    core (0) → organizations (1) → campaigns (2) → surveys (3) → ratings (4) → members (5) → upgrades (6) → followup (7) → reports (8)

A module may import its own floor and the floors below it, never one above: core imports no domain app,
and no app imports reports (a capability that offers a document registers a report kind in
``core.report_kinds`` and links to the reports app's URL instead). ``ratings`` and its sub-packages
(``ratings.classification``, ``ratings.stars``) are all floor 4 and may import each other. ``bench``,
``tests``, ``tools`` and ``config`` stand outside the floors: no floor module may import them.

Every Python module of the apps is read with ``ast`` (migrations and tests left out), and every import
counts wherever it is written: at the top, inside a function or under ``if TYPE_CHECKING``;
``import x.y``, ``from x import y``, relative imports, and ``import_module``/``importlib.import_module``/
``__import__`` called with a string literal (or an f-string or concatenation that starts with a literal
package name). Names built at run time from the app registry (``f"{config.name}.report_kinds"``) are
not literal imports and are allowed: that is how core's registries find the apps above it.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FLOORS = {"core": 0, "organizations": 1, "campaigns": 2, "surveys": 3, "ratings": 4, "members": 5, "upgrades": 6, "followup": 7, "reports": 8}
OUTSIDE = ("bench", "tests", "tools", "config")  # outside the floors: no floor module may import them
SKIP_DIRS = {"migrations", "tests", "__pycache__", "templates", "static", "locale"}
IMPORT_FUNCTIONS = {"import_module", "__import__"}


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    floor: str
    target: str

    def __str__(self) -> str:
        source = f"{self.floor}({FLOORS[self.floor]})"
        top = self.target.split(".")[0]
        where = f"{top}({FLOORS[top]})" if top in FLOORS else f"{top}(outside the floors)"
        return f"{self.path}:{self.line} {source} -> {self.target} [{where}]"


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _resolve_relative(module: str, is_package: bool, level: int, name: str | None) -> str:
    package = module.split(".") if is_package else module.split(".")[:-1]
    base = package[: len(package) - (level - 1)] if level > 1 else package
    return ".".join(base + ([name] if name else []))


def _literal_prefix(node: ast.AST) -> str | None:
    """The module name a string argument spells, as far as it is literal: "reports.x" → "reports.x";
    f"reports.{part}" → "reports."; f"{config.name}.ledger" → None (built at run time)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        first = node.values[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str) and "." in first.value:
            return first.value
        return None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = _literal_prefix(node.left)
        return left if left and "." in left else None
    return None


def imported_modules(tree: ast.AST, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in ``tree``, wherever it is written."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                target = _resolve_relative(module, is_package, node.level, node.module)
            else:
                target = node.module or ""
            if node.module is None:  # from . import x, y: each name may be a sub-module
                found.extend((node.lineno, f"{target}.{alias.name}") for alias in node.names)
            else:
                found.append((node.lineno, target))
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            if name in IMPORT_FUNCTIONS:
                literal = _literal_prefix(node.args[0])
                if literal and not literal.startswith("."):
                    found.append((node.lineno, literal.rstrip(".")))
    return found


def floor_of(module: str) -> str | None:
    top = module.split(".")[0]
    return top if top in FLOORS else None


def violations_in(source: str, module: str, path: str, is_package: bool = False) -> list[Violation]:
    own = floor_of(module)
    if own is None:
        return []
    out = []
    for line, target in imported_modules(ast.parse(source), module, is_package):
        top = target.split(".")[0]
        if top in OUTSIDE or (top in FLOORS and FLOORS[top] > FLOORS[own]):
            out.append(Violation(path, line, own, target))
    return sorted(set(out), key=lambda v: (v.path, v.line, v.target))


def app_modules() -> list[Path]:
    paths = []
    for app in FLOORS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if not SKIP_DIRS.intersection(path.relative_to(ROOT).parts[:-1]):
                paths.append(path)
    return paths


def all_violations() -> list[Violation]:
    out = []
    for path in app_modules():
        out.extend(violations_in(path.read_text(encoding="utf-8"), module_name(path), str(path.relative_to(ROOT)),
                                 is_package=path.name == "__init__.py"))
    return out


def test_every_app_is_walked():
    names = {module_name(p) for p in app_modules()}
    assert {"core.registry", "organizations.selectors", "campaigns.selectors", "surveys.views", "ratings.classification.apps", "ratings.stars.views",
            "upgrades.ledger", "reports.views"} <= names
    assert not [n for n in names if ".migrations." in n or ".tests." in n]


def test_no_import_runs_up_the_floors():
    found = all_violations()
    if found:
        pytest.fail("imports that run up the floors (core → organizations → campaigns → surveys → ratings → upgrades → "
                    f"reports), {len(found)}:\n" + "\n".join(str(v) for v in found), pytrace=False)


# ---- the walker itself


def _targets(source: str, module: str = "surveys.views", is_package: bool = False) -> list[str]:
    return [v.target for v in violations_in(source, module, "x.py", is_package)]


def test_the_walker_finds_every_form_of_import():
    source = '''
import reports
import reports.services as rs
from reports.registry import register
from reports import ledgers
from organizations.models import Organization   # downward: fine
from . import selectors                           # own app: fine
import importlib
from importlib import import_module

def view():
    from upgrades.selectors import rates_for
    import_module("reports.report_kinds")
    importlib.import_module("ratings.ledger")
    __import__("config.settings")
    import_module(f"reports.{part}")
    import_module("reports." + part)
    import_module(f"{config.name}.report_kinds")  # built from the app registry: allowed
    import bench.scale
'''
    assert _targets(source) == ["reports", "reports.services", "reports.registry", "reports", "upgrades.selectors",
                                "reports.report_kinds", "ratings.ledger", "config.settings", "reports", "reports",
                                "bench.scale"]


def test_relative_imports_are_resolved_from_the_module_and_its_package():
    assert _targets("from ..stars import models", "ratings.classification.selectors") == []
    assert _targets("from ...reports import registry", "ratings.classification.selectors") == ["reports"]
    assert _targets("from .. import reports", "ratings.stars", is_package=True) == []
    assert _targets("from .report_kinds import x", "core.apps") == []
    assert _targets("from .models import Level", "ratings.classification", is_package=True) == []


def test_ratings_parts_may_import_each_other_and_core_imports_no_app():
    assert _targets("from ratings.stars.models import StarRating", "ratings.classification.views") == []
    assert _targets("from ratings.classification.models import Level", "ratings.stars.selectors") == []
    assert _targets("from organizations.models import Organization", "core.views") == ["organizations.models"]
    assert _targets("from django.conf import settings", "core.views") == []
