import time

from django.core.management.base import BaseCommand

from bench.scale import SCALE_PASSWORD, USER_PREFIX, seed_scale, shape


class Command(BaseCommand):
    help = ("Build the scale county of DOMAIN.md §12 (default 800 organisations: 20 townships × 40) with users "
            "and this year's campaign, then every bench/<app>.py scale(ctx). Deterministic; bulk inserts.")

    def add_arguments(self, parser):
        parser.add_argument("--orgs", type=int, default=800, help="organisations below the townships (default 800)")
        parser.add_argument("--reset", action="store_true", help="empty the whole database first (flush)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (same seed → same data)")

    def handle(self, *args, orgs: int, reset: bool, seed: int, **options):
        from bench.run import discover

        modules = discover(log=self.stdout.write)
        townships, per = shape(orgs)
        started = time.perf_counter()
        ctx = seed_scale(orgs, reset=reset, seed=seed, modules=modules, log=self.stdout.write)
        self.stdout.write(
            f"Scale county {ctx.county.name}: {len(ctx.townships)} townships × {per}, {len(ctx.branches)} branches, "
            f"in {time.perf_counter() - started:.1f} s."
        )
        self.stdout.write(f"Logins (password {SCALE_PASSWORD}): " + ", ".join(
            f"{key}={user.username}" for key, user in ctx.users.items()) + f"; all users start with {USER_PREFIX}")
