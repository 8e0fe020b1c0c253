"""Benchmarks of the upgrade phase (contract: bench/api.py): the township's progress view and the rates
page, at equal query counts for any size. ``scale`` gives every branch last year's final level, a
commitment in a spread of states with three measures (one overdue), a year-end level for some, and a few
honours — with bulk inserts, deterministically."""
from __future__ import annotations

import datetime

from django.utils import timezone

from bench.api import Page, ScaleContext

PAGES: list[Page] = [
    Page("page:upgrades-township-progress", "township", lambda ctx: f"/upgrades/?campaign={ctx.campaign.pk}"),
    Page("page:upgrades-rates", "county", lambda ctx: f"/upgrades/rates/?campaign={ctx.campaign.pk}"),
    Page("page:upgrades-township-rates", "township", lambda ctx: f"/upgrades/rates/?campaign={ctx.campaign.pk}"),
]

_STATES = ("draft", "submitted", "returned", "approved", "approved")
_LEVELS = ("advanced", "average", "average", "average", "lagging")


def scale(ctx: ScaleContext) -> None:
    from campaigns.models import Campaign
    from upgrades.models import Commitment, Honour, Measure, YearEnd

    c = ctx.campaign
    y = c.year - 1
    last, _created = Campaign.objects.get_or_create(year=y, scope=c.scope, defaults=dict(
        name=f"{y}年度规模测试县", ruleset=c.ruleset, survey_start=datetime.date(y, 3, 1), survey_due=datetime.date(y, 3, 31),
        classification_due=datetime.date(y, 4, 30), upgrade_due=datetime.date(y, 11, 30), summary_due=datetime.date(y, 12, 31)))
    today = timezone.localdate()
    rng = ctx.random
    last_rows, commitments, ends, honours = [], [], [], []
    for i, branch in enumerate(ctx.branches):
        start = rng.choice(_LEVELS)
        last_rows.append(YearEnd(campaign=last, organization=branch, final_level=start, final_stars=rng.randint(1, 5),
                                 final_reason="上年度定级"))
        commitments.append(Commitment(campaign=c, organization=branch, state=_STATES[i % len(_STATES)], start_level=start,
                                      target_level="advanced" if start != "lagging" else "average",
                                      problems="组织生活不规范", opinions_heard="座谈会"))
        if i % 3 == 0:
            ends.append(YearEnd(campaign=c, organization=branch, final_level=rng.choice(_LEVELS), final_stars=rng.randint(1, 5),
                                final_reason="年终定级"))
        if i % 7 == 0:
            honours.append(Honour(organization=branch, year=c.year, level=rng.choice(("county", "city", "province")),
                                  title="先进基层党组织", issuer="县委"))
    YearEnd.objects.bulk_create(last_rows + ends, ignore_conflicts=True)
    Honour.objects.bulk_create(honours)
    created = Commitment.objects.bulk_create(commitments, ignore_conflicts=True)
    measures = []
    for cm in Commitment.objects.filter(campaign=c):
        for k, days in enumerate((-10, 30, 90)):
            measures.append(Measure(commitment=cm, what=f"措施{k + 1}", responsible="支部书记",
                                    due=today + datetime.timedelta(days=days), status="done" if k == 0 and cm.pk % 2 else "planned"))
    Measure.objects.bulk_create(measures)
    ctx.extra["upgrades.commitments"] = len(created)
