"""The pure scoring engine (docs/rules.md §7). No django.db: frozen dataclasses in, frozen dataclasses out.

A template has sections with a maximum; a section holds rules, each with one method:
- a rule *on the section* (seed 000: "每一项未制定或未落实的扣2分") deducts from, or awards to, the section;
- an *item with its own points* (seed 002: "党委全年研究党建工作达4次得1分,少一次扣0.5分") scores within
  [0, its own points] and the section adds the items up.
Every section floors at zero ("扣完为止" [seed 002]; a default for seed 000's sheet) and never exceeds its
maximum. Bonus rules add on top of the sections (+5 per recognised innovation project [seed 002]), capped
per rule and by the template's bonus cap when set. Veto rules score nothing and raise a flag [seed 001].
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Mapping

ZERO = Decimal("0")
HUNDRED = Decimal("100")

DEDUCT_METHODS = frozenset({"per_failure", "per_shortfall", "per_subunit", "checklist", "tiered",
                            "flat_penalty", "discretionary", "forfeit"})
AWARD_METHODS = frozenset({"award"})
METHODS = DEDUCT_METHODS | AWARD_METHODS | {"bonus", "veto"}


@dataclass(frozen=True)
class RuleSpec:
    key: int | str
    method: str
    points: Decimal = ZERO  # per unit (failure, shortfall, sub-unit, document, bonus item) or flat
    own_points: Decimal | None = None  # an item with its own points
    required: int | None = None  # per shortfall: the required count
    tiers: tuple[Decimal, ...] = ()  # tiered: the deduction of each tier
    checklist_size: int = 0  # checklist: how many documents
    max_points: Decimal | None = None  # bonus cap of the rule / limit of a discretionary deduction


@dataclass(frozen=True)
class SectionSpec:
    key: int | str
    max_points: Decimal
    kind: str = "deduct"  # "deduct": starts at max; "award": starts at 0
    rules: tuple[RuleSpec, ...] = ()


@dataclass(frozen=True)
class TemplateSpec:
    sections: tuple[SectionSpec, ...]
    bonus_cap: Decimal | None = None

    @property
    def max_total(self) -> Decimal:
        return sum((s.max_points for s in self.sections), ZERO)


@dataclass(frozen=True)
class Entry:
    """What was entered for one rule. ``quantity``: failures / actual count / failing sub-units /
    missing documents / recognised bonus items; ``flag``: condition holds (forfeit, flat penalty,
    award met, veto); ``choice``: tier index; ``amount``: discretionary deduction."""

    quantity: Decimal | None = None
    flag: bool = False
    choice: int | None = None
    amount: Decimal | None = None
    comment: str = ""


@dataclass(frozen=True)
class RuleResult:
    key: int | str
    deduction: Decimal = ZERO  # from the section (rules on the section)
    award: Decimal = ZERO  # to the section (award rules on the section)
    item_score: Decimal | None = None  # items with own points
    bonus: Decimal = ZERO
    veto: bool = False
    problems: tuple[str, ...] = ()

    @property
    def effect(self) -> Decimal:
        """One signed number to show beside the rule."""
        if self.item_score is not None:
            return self.item_score
        return self.award + self.bonus - self.deduction


@dataclass(frozen=True)
class SectionResult:
    key: int | str
    max_points: Decimal
    score: Decimal
    raw: Decimal  # before the floor and the cap, to show "扣完为止" at work
    rules: tuple[RuleResult, ...]


@dataclass(frozen=True)
class SheetResult:
    sections: tuple[SectionResult, ...]
    base_total: Decimal
    bonus: Decimal
    total: Decimal
    vetoes: tuple[int | str, ...] = ()
    problems: tuple[tuple[int | str, str], ...] = field(default=())

    def section(self, key: int | str) -> SectionResult:
        return next(s for s in self.sections if s.key == key)

    def rule(self, key: int | str) -> RuleResult:
        return next(r for s in self.sections for r in s.rules if r.key == key)


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _count(value: Decimal | None) -> Decimal:
    return max(ZERO, value or ZERO)


def rule_result(rule: RuleSpec, entry: Entry | None, section_max: Decimal) -> RuleResult:
    """The effect of one rule given what was entered; nothing entered = nothing happened."""
    e = entry or Entry()
    m = rule.method
    problems: list[str] = []
    deduction = ZERO
    if m == "per_failure" or m == "per_subunit":
        deduction = rule.points * _count(e.quantity)  # "每一项…扣2分" [seed 000]; "有一个村扣0.5分" [seed 002]
    elif m == "per_shortfall":
        # "少一次扣0.5分" [seed 002]: deduction = points × max(0, required − actual)
        if e.quantity is not None and rule.required is not None:
            deduction = rule.points * max(ZERO, Decimal(rule.required) - _count(e.quantity))
    elif m == "checklist":
        missing = _count(e.quantity)
        if rule.checklist_size and missing > rule.checklist_size:
            problems.append("more missing than listed")
            missing = Decimal(rule.checklist_size)
        deduction = rule.points * missing  # "缺一项扣1分,扣完为止" [seed 002]
    elif m == "tiered":
        if e.choice is not None:
            if 0 <= e.choice < len(rule.tiers):
                deduction = rule.tiers[e.choice]  # one tier chosen [seed 000 活动阵地]
            else:
                problems.append("unknown tier")
    elif m == "flat_penalty":
        deduction = rule.points if e.flag else ZERO  # "近两年出现…的扣5分" [seed 000]
    elif m == "discretionary":
        limit = rule.max_points if rule.max_points is not None else (rule.own_points or section_max)
        amount = _count(e.amount)
        if amount > limit:
            problems.append("discretionary deduction above its limit")
            amount = limit
        if amount > ZERO and not e.comment.strip():
            problems.append("a discretionary deduction needs a comment")  # "酌情扣分" [seed 000]
        deduction = amount
    elif m == "forfeit":
        if e.flag:  # "…的不得分" [seed 002]
            full = rule.own_points if rule.own_points is not None else section_max
            deduction = full
    elif m == "award":
        award = (rule.own_points if rule.own_points is not None else rule.points) if e.flag else ZERO
        if rule.own_points is not None:
            return RuleResult(rule.key, item_score=_q(award), problems=tuple(problems))
        return RuleResult(rule.key, award=_q(award), problems=tuple(problems))
    elif m == "bonus":
        bonus = rule.points * _count(e.quantity)  # "每项加5分" [seed 002]
        if rule.max_points is not None:
            bonus = min(bonus, rule.max_points)
        return RuleResult(rule.key, bonus=_q(bonus), problems=tuple(problems))
    elif m == "veto":
        return RuleResult(rule.key, veto=bool(e.flag))  # "一票否决" [seed 001]
    else:
        problems.append(f"unknown method {m}")
    if rule.own_points is not None:
        # an item with its own points never goes below zero (扣完为止 [seed 002])
        return RuleResult(rule.key, item_score=_q(max(ZERO, rule.own_points - deduction)), problems=tuple(problems))
    return RuleResult(rule.key, deduction=_q(deduction), problems=tuple(problems))


def section_result(section: SectionSpec, entries: Mapping[int | str, Entry], floor: bool = True) -> SectionResult:
    results = tuple(rule_result(r, entries.get(r.key), section.max_points) for r in section.rules)
    items = [r for r in results if r.item_score is not None]
    deductions = sum((r.deduction for r in results), ZERO)
    awards = sum((r.award for r in results), ZERO)
    if section.kind == "award":
        raw = awards + sum((r.item_score for r in items), ZERO) - deductions
    else:
        lost_by_items = sum(((rule.own_points or ZERO) - res.item_score for rule, res in zip(section.rules, results)
                             if res.item_score is not None), ZERO)
        raw = section.max_points - deductions - lost_by_items + awards
    score = min(section.max_points, raw)
    if floor:
        score = max(ZERO, score)
    return SectionResult(section.key, section.max_points, _q(score), _q(raw), results)


def score_sheet(template: TemplateSpec, entries: Mapping[int | str, Entry], floor: bool = True) -> SheetResult:
    """The whole sheet: sections floored and capped, bonus on top (capped), vetoes collected."""
    sections = tuple(section_result(s, entries, floor) for s in template.sections)
    base = sum((s.score for s in sections), ZERO)
    bonus = sum((r.bonus for s in sections for r in s.rules), ZERO)
    if template.bonus_cap is not None:
        bonus = min(bonus, template.bonus_cap)
    vetoes = tuple(r.key for s in sections for r in s.rules if r.veto)
    problems = tuple((r.key, p) for s in sections for r in s.rules for p in r.problems)
    return SheetResult(sections, _q(base), _q(bonus), _q(base + bonus), vetoes, problems)


def weighted_total(spot_check: Decimal | None, year_end: Decimal, spot_check_percent: Decimal) -> Decimal:
    """Routine spot checks 10% + year-end assessment 90% [seed 002 三、考核方式]; no spot check = year-end only."""
    if spot_check is None:
        return _q(year_end)
    w = spot_check_percent / HUNDRED
    return _q(spot_check * w + year_end * (1 - w))
