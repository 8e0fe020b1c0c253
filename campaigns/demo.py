"""The demo county's campaign of this year, under the first built-in rule set."""
from __future__ import annotations

import datetime
from typing import Any

from django.core.management import call_command

from .models import Campaign, RuleSet


def seed(ctx: Any) -> None:
    call_command("loaddata", "builtin_rules", verbosity=0)
    ctx.ruleset = RuleSet.objects.get(pk=1)
    y = ctx.year
    ctx.campaign, _ = Campaign.objects.get_or_create(
        year=y, scope=ctx.county,
        defaults=dict(
            name=f"{y}年度晋安县基层党组织“三分类三升级”", ruleset=ctx.ruleset,
            survey_start=datetime.date(y, 3, 1), survey_due=datetime.date(y, 3, 31),
            classification_due=datetime.date(y, 4, 30), upgrade_due=datetime.date(y, 11, 30),
            summary_due=datetime.date(y, 12, 31),
        ),
    )
