from django.core.management.base import BaseCommand

from reports.services import report_runs_fail_stale, report_runs_purge


class Command(BaseCommand):
    help = "Mark runs whose worker died as failed, and delete report files older than REPORT_RETENTION_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="retention in days (default: the setting)")

    def handle(self, *args, days=None, **options):
        stale = report_runs_fail_stale()
        purged = report_runs_purge(days=days)
        self.stdout.write(f"{stale} stale runs marked failed, {purged} old runs removed.")
