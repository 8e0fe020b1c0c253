"""Pure rules of the follow-through (docs/rules.md §9): the case workflow, when a case may exit, the
transformation rate read from the cases, and the dynamic alerts. No django import.

Sources: seed 000 §四(四) "后进党组织重在整顿转化 … 后进党组织转化率达90%以上"; seed 001 "实行动态管理 … 能上能下";
seed 004 "降级摘星".
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable

from core.workflow import Transition, Workflow
from upgrades.rules import Rate

CASE_WORKFLOW = Workflow(
    Transition("request_exit", sources=("open",), targets=("exit_requested",)),
    Transition("accept_exit", sources=("exit_requested",), targets=("closed",)),
    Transition("refuse_exit", sources=("exit_requested",), targets=("open",)),
)


def next_state(state: str, transition: str) -> str | None:
    return CASE_WORKFLOW.next_state(state, transition)


def case_applies(start_level: str | None, situations: Iterable[str]) -> bool:
    """A case is opened for a lagging organisation, or for one where a 软弱涣散 situation applies."""
    return start_level == "lagging" or any(s.strip() for s in situations)


def checklist(text: str) -> list[str]:
    """The rule set's checklist: one situation per line, blanks dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def is_overdue(state: str, deadline: datetime.date, today: datetime.date) -> bool:
    return state != "closed" and deadline < today


@dataclass(frozen=True)
class ExitCheck:
    ok: bool
    problem: str = ""  # "no_rerating" | "still_lagging" | "no_assessment" | "rate_too_low"


def exit_check(basis: str, *, year_end_level: str | None, masses_rate: Decimal | None, min_rate: Decimal) -> ExitCheck:
    """The superior accepts an exit after the year-end re-rating (the level is no longer lagging) or a
    masses assessment (the masses' satisfaction rate reaches the rule set's mark; "以上" includes it)."""
    if basis == "rerating":
        if not year_end_level:
            return ExitCheck(False, "no_rerating")
        if year_end_level == "lagging":
            return ExitCheck(False, "still_lagging")
        return ExitCheck(True)
    if masses_rate is None:
        return ExitCheck(False, "no_assessment")
    if masses_rate < min_rate:
        return ExitCheck(False, "rate_too_low")
    return ExitCheck(True)


def transformation_by_cases(cases: Iterable[tuple[int, str]], target: Decimal | None) -> Rate:
    """Cases that exited (摘帽) ÷ cases opened, as a Rate (not applicable without cases)."""
    cases = list(cases)
    return Rate("transformation_cases", tuple(o for o, s in cases if s == "closed"), tuple(o for o, _s in cases), target)


# ---- dynamic alerts (seed 001 "动态管理…能上能下", seed 004 "降级摘星")
@dataclass(frozen=True)
class AlertSettings:
    lagging_years: int = 2
    low_stars: int = 3
    low_stars_years: int = 2
    star_drop: bool = True
    measure_overdue_days: int = 30


@dataclass(frozen=True)
class OrgHistory:
    org_id: int
    levels: dict[int, str] = field(default_factory=dict)  # year → final level
    stars: dict[int, int] = field(default_factory=dict)  # year → star level
    case_deadline_passed: bool = False
    measures_long_overdue: int = 0


@dataclass(frozen=True)
class Alert:
    org_id: int
    kind: str  # "lagging_running" | "low_stars_running" | "stars_lowered" | "case_overdue" | "measure_overdue"
    years: tuple[int, ...] = ()
    count: int = 0


def _running(values: dict[int, object], year: int, n: int, test) -> tuple[int, ...] | None:
    years = tuple(range(year - n + 1, year + 1))
    if n > 0 and all(y in values and test(values[y]) for y in years):
        return years
    return None


def alerts_for(h: OrgHistory, year: int, s: AlertSettings) -> list[Alert]:
    """The alerts of one organisation, read from its history up to ``year`` (a year without a record
    breaks a run: nothing is guessed)."""
    out: list[Alert] = []
    # each run ends with a lagging level (a low star level): without one there is no run to look for
    # (a cheap test first; the county's dashboard runs this for every organisation)
    last_known = max((y for y in h.levels if y <= year), default=None) if "lagging" in h.levels.values() else None
    if last_known is not None:
        run = _running(h.levels, last_known, s.lagging_years, lambda v: v == "lagging")
        if run:
            out.append(Alert(h.org_id, "lagging_running", run))
    last_star = max((y for y in h.stars if y <= year), default=None) if h.stars else None
    if last_star is not None:
        run = _running(h.stars, last_star, s.low_stars_years, lambda v: v < s.low_stars) if min(h.stars.values()) < s.low_stars else None
        if run:
            out.append(Alert(h.org_id, "low_stars_running", run))
        if s.star_drop and last_star - 1 in h.stars and h.stars[last_star] < h.stars[last_star - 1]:
            out.append(Alert(h.org_id, "stars_lowered", (last_star - 1, last_star)))
    if h.case_deadline_passed:
        out.append(Alert(h.org_id, "case_overdue"))
    if h.measures_long_overdue:
        out.append(Alert(h.org_id, "measure_overdue", count=h.measures_long_overdue))
    return out
