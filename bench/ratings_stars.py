"""Benchmarks of the star part (contract: bench/api.py): the county inbox and the quota view as pages at
40 and 800 organisations, and saving a full score sheet (110-point five-star sheet, every rule entered)."""
from __future__ import annotations

import time
from decimal import Decimal

from django.utils import timezone

from bench.api import Page, ScaleContext, Timed

PAGES: list[Page] = [
    Page("page:stars-county-inbox", "county", lambda ctx: "/ratings/stars/inbox/"),
    Page("page:stars-quota", "county", lambda ctx: f"/ratings/stars/quota/?campaign={ctx.campaign.pk}"),
]

_STATES = ("submitted", "assessed", "inspected", "notice", "approved")


def scale(ctx: ScaleContext) -> None:
    """One star application per branch, spread over the states, with bulk inserts (deterministic)."""
    from ratings.stars.models import StarApplication

    now = timezone.now()
    today = timezone.localdate()
    rows = []
    for i, branch in enumerate(ctx.branches):
        state = _STATES[i % len(_STATES)]
        level = ctx.random.choice((2, 3, 4, 4, 5))
        if state == "inspected" and level < 4:
            level = 4
        rows.append(StarApplication(
            organization=branch, campaign=ctx.campaign, state=state, requested_level=level,
            proposed_level=None if state == "submitted" else level, final_level=level if state == "approved" else None,
            notice_start=today if state in ("notice", "approved") else None,
            notice_end=today if state in ("notice", "approved") else None, state_since=now,
        ))
    created = StarApplication.objects.bulk_create(rows, ignore_conflicts=True)
    ctx.extra["ratings.stars.applications"] = len(created)


def _save_full_sheet(ctx: ScaleContext) -> float:
    from ratings.stars import services as s
    from ratings.stars.choices import Stage
    from ratings.stars.models import ScoreSheet, ScoringTemplate
    from ratings.stars.scoring import Entry
    from ratings.stars.selectors import template_with_rules

    from organizations.scope import can

    user = ctx.users["branch"]
    branch = next((b for b in ctx.branches if can(user, "enter", b)), None)
    if branch is None:  # the scale generator's branch user may sit elsewhere: the township enters for a branch
        user, branch = ctx.users["township"], next(b for b in ctx.branches if can(ctx.users["township"], "enter", b))
    template = template_with_rules(ScoringTemplate.objects.get(builtin_key="seed004_fivestar", is_builtin=True).pk)
    ScoreSheet.objects.filter(organization=branch, campaign=ctx.campaign, template=template).delete()
    actor = user
    sheet = s.sheet_create(actor=actor, organization=branch, campaign=ctx.campaign, template=template)
    entries = {}
    for section in template.sections.all():
        for rule in section.rules.all():
            entries[rule.pk] = Entry(quantity=Decimal(1), amount=Decimal("0.5"), flag=False, comment="台账齐全，扣0.5分")
    start = time.perf_counter()
    s.sheet_save_entries(actor=actor, sheet=sheet, stage=Stage.SELF, entries=entries, template=template)
    return time.perf_counter() - start


def timed(ctx: ScaleContext) -> list[Timed]:
    return [Timed("service:stars-save-full-score-sheet", "seconds", lambda: _save_full_sheet(ctx))]
