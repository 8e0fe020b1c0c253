"""Extract the translatable strings of every app (and of the project templates) into its own
locale/zh_Hans/LC_MESSAGES/django.po, then compile the .mo files that are committed.

Each app keeps its own catalogue so that work on different apps never edits the same file.
Run with `make messages`; fill the new msgstr lines; run it again to compile.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["core", "organizations", "campaigns", "surveys", "ratings/classification", "ratings/stars", "members", "upgrades", "followup", "reports"]
PY = sys.executable
ENV = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings", DEBUG="1")
COMMON = ["makemessages", "-l", "zh_Hans", "--no-obsolete", "--no-location", "--ignore=.venv/*", "--ignore=tests/*"]


# Run django-admin inside an app folder without that folder on sys.path (core/selectors.py would
# shadow the standard library's selectors, organizations/reports.py the reports app).
LAUNCH = (
    "import os, sys; cwd = os.getcwd(); "
    "sys.path[:] = [p for p in sys.path if p not in ('', '.', cwd)]; sys.path.insert(0, %r); "
    "from django.core.management import execute_from_command_line; "
    "execute_from_command_line(['django-admin'] + sys.argv[1:])"
) % str(ROOT)


def run(args: list[str], cwd: Path) -> None:
    subprocess.run([PY, "-c", LAUNCH, *args], cwd=cwd, env=ENV, check=True)


def main() -> None:
    for app in APPS:
        (ROOT / app / "locale").mkdir(exist_ok=True)
        run(COMMON + ["--ignore=migrations/*"], ROOT / app)
    (ROOT / "locale").mkdir(exist_ok=True)
    run(COMMON + [f"--ignore={app}/*" for app in APPS] + ["--ignore=static/*", "--ignore=bench/*", "--ignore=tools/*"], ROOT)
    for base in [ROOT / app for app in APPS] + [ROOT]:
        run(["compilemessages", "-l", "zh_Hans"], base)


if __name__ == "__main__":
    main()
