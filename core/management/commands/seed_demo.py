from django.core.management.base import BaseCommand

from core.demo import DEMO_PASSWORD, demo_logins, seed_demo


class Command(BaseCommand):
    help = "Load the demo county (idempotent): organisations, users for every role, this year's campaign."

    def handle(self, *args, **options):
        ctx = seed_demo()
        self.stdout.write(f"Demo county: {ctx.county.name}, {len(ctx.orgs)} organisations, {len(ctx.users)} users.")
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}):")
        for login, role, org in demo_logins():
            self.stdout.write(f"  {login:<10} {role}  {org}")
        self.stdout.write("  sec01..secNN  secretaries of the other demo branches")
