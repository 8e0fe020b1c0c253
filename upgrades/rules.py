"""Pure rules of the upgrade phase (docs/rules.md §9): the commitment state machine, level changes across
years and the rates against targets. No django.db import; frozen dataclasses in and out.

Sources: seed 000 §四(四) "力争年底前，全乡村(社区)一般党组织争创县及以上先进(示范)党组织升级率达15%以上，
后进党组织转化率达90%以上"; seed 000 §五(四) "对照年初制定的先进党组织提升率、一般党组织升级率、后进党组织转化率等
工作目标". A rate whose denominator is 0 is not applicable (不适用), never 0% or 100%.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

from core.workflow import Transition, Workflow

LEVEL_RANK = {"lagging": 0, "average": 1, "advanced": 2}
#: Honour levels, ordered (seed 000 §四(四): "全国及省市县先进(示范)党组织").
HONOUR_RANK = {"county": 1, "city": 2, "province": 3, "national": 4}
#: Village and community domains: the seed's "全乡村(社区)" (docs/rules.md §9 default scope).
VILLAGE_COMMUNITY = frozenset({"village", "agri_community", "urban_community"})

# ---- the commitment workflow: the one transition table (seed 000 §四(一): "报上级党组织审核")
COMMITMENT_WORKFLOW = Workflow(
    Transition("submit", sources=("draft", "returned"), targets=("submitted",)),
    Transition("approve", sources=("submitted",), targets=("approved",)),
    Transition("return", sources=("submitted",), targets=("returned",)),
    # the only way back from an approval: the superior that approved reopens it, with a reason (docs/rules.md §13)
    Transition("reopen", sources=("approved",), targets=("submitted",)),
)


def next_state(state: str, transition: str) -> str | None:
    """The state after ``transition`` from ``state``, or None when the move is not allowed."""
    return COMMITMENT_WORKFLOW.next_state(state, transition)


def level_change(before: str | None, after: str | None) -> str | None:
    """"up" / "same" / "down" between two levels (lagging < average < advanced); None when one is unknown."""
    if not before or not after or before not in LEVEL_RANK or after not in LEVEL_RANK:
        return None
    diff = LEVEL_RANK[after] - LEVEL_RANK[before]
    return "up" if diff > 0 else "down" if diff < 0 else "same"


def stars_change(before: int | None, after: int | None) -> str | None:
    if before is None or after is None:
        return None
    return "up" if after > before else "down" if after < before else "same"


def starting_level(confirmed_this_year: str | None, final_last_year: str | None) -> str | None:
    """The level a commitment starts from: the township-confirmed classification of the campaign
    (seed 000 §四(一) "根据分类级次"), else last year's final level (docs/rules.md §9 multi-year)."""
    return confirmed_this_year or final_last_year or None


@dataclass(frozen=True)
class OrgYear:
    """One organisation's year, as the rates read it."""

    org_id: int
    domain: str
    start_level: str | None
    end_level: str | None  # the level fixed by the superior at year-end; None = not yet fixed
    best_honour_before: int = 0  # highest HONOUR_RANK held before the year (0 = none)
    best_honour_in_year: int = 0  # highest HONOUR_RANK gained during the year (0 = none)
    end_stars: int | None = None


@dataclass(frozen=True)
class RateSettings:
    upgrade_target: Decimal | None = Decimal("15")
    transformation_target: Decimal | None = Decimal("90")
    improvement_target: Decimal | None = None
    upgrade_counts: str = "honour"  # "honour" (default, seed wording) | "rerating" (labelled alternative)
    scope: str = "village_community"  # "village_community" (seed 000 §四(四)) | "all"
    star_goal_3plus: Decimal | None = None  # seed 001 goals, where the rule set has them
    star_goal_5: Decimal | None = None


class _Ratio:
    """Percent and target check of a numerator over a denominator (shared by Rate and RateTotal)."""

    numerator: int
    denominator: int
    target: Decimal | None

    @property
    def rate(self) -> Decimal | None:
        """Percent with one decimal, or None (不适用) when the denominator is 0."""
        if not self.denominator:
            return None
        return (Decimal(100) * self.numerator / self.denominator).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def meets_target(self) -> bool | None:
        """Compared unrounded (docs/rules.md §4: "以上" includes the number); None without rate or target."""
        if not self.denominator or self.target is None:
            return None
        return Decimal(100) * self.numerator >= self.target * self.denominator


@dataclass(frozen=True)
class Rate(_Ratio):
    key: str  # "upgrade" | "transformation" | "improvement" | "stars_3plus" | "stars_5"
    numerator_ids: tuple[int, ...]
    denominator_ids: tuple[int, ...]
    target: Decimal | None

    @property
    def numerator(self) -> int:  # type: ignore[override]
        return len(self.numerator_ids)

    @property
    def denominator(self) -> int:  # type: ignore[override]
        return len(self.denominator_ids)


@dataclass(frozen=True)
class RateTotal(_Ratio):
    """A rate from counts only (groups of organisations counted in SQL), without the ids behind it."""

    key: str
    numerator: int
    denominator: int
    target: Decimal | None


def in_scope(row: OrgYear, scope: str) -> bool:
    return scope == "all" or row.domain in VILLAGE_COMMUNITY


def _rate_parts(rows: Iterable[OrgYear], settings: RateSettings) -> list[tuple[str, list[OrgYear], list[OrgYear], Decimal | None]]:
    """(key, numerator rows, denominator rows, target) of each rate (seed 000 §四(四), §五(四); docs/rules.md §9)."""
    rows = [r for r in rows if in_scope(r, settings.scope)]
    average = [r for r in rows if r.start_level == "average"]
    lagging = [r for r in rows if r.start_level == "lagging"]
    advanced = [r for r in rows if r.start_level == "advanced"]
    if settings.upgrade_counts == "rerating":
        upgraded = [r for r in average if r.end_level == "advanced"]
    else:  # "争创县及以上先进(示范)党组织": a county-or-higher honour recorded in the year
        upgraded = [r for r in average if r.best_honour_in_year >= HONOUR_RANK["county"]]
    transformed = [r for r in lagging if r.end_level is not None and r.end_level != "lagging"]
    improved = [r for r in advanced if r.best_honour_in_year > r.best_honour_before]
    out = [
        ("upgrade", upgraded, average, settings.upgrade_target),
        ("transformation", transformed, lagging, settings.transformation_target),
        ("improvement", improved, advanced, settings.improvement_target),
    ]
    starred = [r for r in rows if r.end_stars is not None]
    if settings.star_goal_3plus:  # seed 001 三: 80%以上…达到三星级以上
        out.append(("stars_3plus", [r for r in starred if r.end_stars >= 3], rows, settings.star_goal_3plus))
    if settings.star_goal_5:  # seed 001 三: 其中20%以上达到五星级
        out.append(("stars_5", [r for r in starred if r.end_stars >= 5], rows, settings.star_goal_5))
    return out


def rates(rows: Iterable[OrgYear], settings: RateSettings) -> list[Rate]:
    """The rates of one township or the county, with the organisations behind each number."""
    return [Rate(key, tuple(r.org_id for r in num), tuple(r.org_id for r in den), target)
            for key, num, den, target in _rate_parts(rows, settings)]


@dataclass(frozen=True)
class StartGroup:
    """Organisations alike in start level and scope, with how many of them meet each condition a rate counts
    (counted by the database): what ``rate_totals_by_start`` reads instead of one OrgYear per organisation."""

    start_level: str | None
    village_community: bool
    n: int
    gained: int = 0  # gained a county-or-higher honour in the year
    rose: int = 0  # best honour in the year above the best before it
    end_advanced: int = 0  # year-end level advanced
    transformed: int = 0  # year-end level fixed and not lagging
    stars_3plus: int = 0
    stars_5: int = 0


def rate_totals_by_start(groups: Iterable[StartGroup], settings: RateSettings) -> list[RateTotal]:
    """``rates``' numbers from StartGroups: the same rates, in the same order, as ``_rate_parts``."""
    groups = [g for g in groups if settings.scope == "all" or g.village_community]

    def total(level: str, counted: str) -> tuple[int, int]:
        alike = [g for g in groups if g.start_level == level]
        return sum(getattr(g, counted) for g in alike), sum(g.n for g in alike)

    upgraded = total("average", "end_advanced" if settings.upgrade_counts == "rerating" else "gained")
    out = [RateTotal("upgrade", *upgraded, settings.upgrade_target),
           RateTotal("transformation", *total("lagging", "transformed"), settings.transformation_target),
           RateTotal("improvement", *total("advanced", "rose"), settings.improvement_target)]
    everyone = sum(g.n for g in groups)
    if settings.star_goal_3plus:
        out.append(RateTotal("stars_3plus", sum(g.stars_3plus for g in groups), everyone, settings.star_goal_3plus))
    if settings.star_goal_5:
        out.append(RateTotal("stars_5", sum(g.stars_5 for g in groups), everyone, settings.star_goal_5))
    return out


@dataclass(frozen=True)
class SatisfactionTally:
    satisfied: int = 0
    basically: int = 0
    dissatisfied: int = 0

    @property
    def valid(self) -> int:
        return self.satisfied + self.basically + self.dissatisfied


def satisfaction_rate(tally: SatisfactionTally, count_basically: bool = True) -> Decimal | None:
    """Satisfied (and, by default, basically satisfied) ÷ valid ballots, percent; None without ballots.
    The seed sets no pass mark (seed 000 §五(二)); whether 基本满意 counts is a setting."""
    if tally.valid == 0:
        return None
    good = tally.satisfied + (tally.basically if count_basically else 0)
    return (Decimal(100) * good / tally.valid).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
