"""Make one-time codes for the load test (bench/loadtest_surveys.py) and write them to a file.

    python manage.py surveys_loadtest_codes --round 12 --count 500 --out codes.txt

The round must be open; codes are split between party members and masses like a real village survey.
"""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from organizations.choices import Role
from organizations.models import OrgRole
from surveys import services
from surveys.models import SurveyRound


class Command(BaseCommand):
    help = "Make one-time codes of an open round for the load test and write them to a file, one per line."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--round", type=int, required=True)
        parser.add_argument("--count", type=int, default=200)
        parser.add_argument("--out", required=True)

    def handle(self, *args, **options) -> None:
        round_ = SurveyRound.objects.select_related("organization").filter(pk=options["round"], status="open").first()
        if round_ is None:
            raise CommandError("No open round with that id.")
        ancestors = round_.organization.ancestor_ids
        grant = (OrgRole.objects.filter(organization_id__in=ancestors, role__in=[Role.TOWNSHIP_STAFF, Role.BRANCH_SECRETARY])
                 .select_related("user").first())
        if grant is None:
            raise CommandError("Nobody may enter answers for this round.")
        actor = grant.user
        codes: list[str] = []
        remaining = options["count"]
        while remaining > 0:
            n = min(remaining, services.MAX_CODES_PER_BATCH)
            masses = n * 35 // 100
            made = services.codes_generate(actor=actor, round_=round_, counts={"party_member": n - masses, "masses": masses})
            codes.extend(c.code for c in made)
            remaining -= n
        with open(options["out"], "w", encoding="utf-8") as handle:
            handle.write("\n".join(codes) + "\n")
        self.stdout.write(f"{len(codes)} codes written to {options['out']}")
