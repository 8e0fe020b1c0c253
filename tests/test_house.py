"""The house rules of the code base (issue: one house): every app has the same module set, and no module
grows past 600 lines."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["organizations", "campaigns", "surveys", "ratings/classification", "ratings/stars", "upgrades", "reports"]
MODULE_SET = ["models", "choices", "rules", "selectors", "services", "forms", "views", "urls", "admin"]
FLOORS = ["core", "organizations", "campaigns", "surveys", "ratings", "upgrades", "reports", "config", "bench", "tools"]


@pytest.mark.parametrize("app", APPS)
def test_every_app_has_the_same_module_set(app):
    missing = [m for m in MODULE_SET if not (ROOT / app / f"{m}.py").exists() and not (ROOT / app / m).is_dir()]
    assert not missing, f"{app} lacks {missing}"


def test_no_module_is_over_600_lines():
    long = []
    for top in FLOORS:
        for path in (ROOT / top).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            n = len(path.read_text(encoding="utf-8").splitlines())
            if n > 600:
                long.append(f"{path.relative_to(ROOT)}: {n}")
    assert not long, long


PURE_MODULES = [*(f"{app}/rules.py" for app in APPS), "ratings/stars/scoring.py", "core/rules_codes.py", "core/workflow.py"]


@pytest.mark.parametrize("path", PURE_MODULES)
def test_pure_rules_import_nothing_of_django(path):
    """Pure rules return values, not translated text, and never touch the database."""
    import ast

    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [m for m in imported if m.split(".")[0] == "django"], imported
