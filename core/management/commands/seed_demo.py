from django.core.management.base import BaseCommand

from core.demo import seed_demo


class Command(BaseCommand):
    help = "Load the demo county (idempotent): organisations, users for every role, this year's campaign, each app's demo."

    def handle(self, *args, **options):
        ctx = seed_demo()
        for line in ctx.lines:
            self.stdout.write(line)
