"""Build the scale county of docs/rules.md §12 in the configured database (default 800 organisations:
20 townships × 40) with users and this year's campaign, then every bench/<app>.py ``scale(ctx)``.
Deterministic; bulk inserts.

    DEBUG=1 .venv/bin/python -m bench.seed_scale --orgs 800 [--reset] [--seed 2026]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Callable


def seed_scale_command(argv: list[str], log: Callable[[str], None] = print) -> None:
    """Parse ``argv`` and build the county (Django must be set up)."""
    from bench.run import discover
    from bench.scale import SCALE_PASSWORD, USER_PREFIX, seed_scale, shape

    parser = argparse.ArgumentParser(prog="python -m bench.seed_scale", description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=800, help="organisations below the townships (default 800)")
    parser.add_argument("--reset", action="store_true", help="empty the whole database first (flush)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (same seed → same data)")
    args = parser.parse_args(argv)
    modules = discover(log=log)
    _townships, per = shape(args.orgs)
    started = time.perf_counter()
    ctx = seed_scale(args.orgs, reset=args.reset, seed=args.seed, modules=modules, log=log)
    log(f"Scale county {ctx.county.name}: {len(ctx.townships)} townships × {per}, {len(ctx.branches)} branches, "
        f"in {time.perf_counter() - started:.1f} s.")
    log(f"Logins (password {SCALE_PASSWORD}): " + ", ".join(
        f"{key}={user.username}" for key, user in ctx.users.items()) + f"; all users start with {USER_PREFIX}")


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    seed_scale_command(sys.argv[1:] if argv is None else argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
