"""Pure rules of the four-step classification and its ballots (docs/rules.md §5, §6). No database.

Sources: the four steps [seed 000 §三(二)1-4]; member meeting type [seed 000 §三(二)2]; the adoption
threshold, the failure path and the township's confirmation are defaults (docs/rules.md §5) held as rule-set
settings (ratings/classification/rulesettings.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.rules_codes import CODE_ALPHABET, CODE_LENGTH, format_code, normalise_code  # noqa: F401
from core.workflow import Workflow
from organizations.rules import member_meeting_type

# --- Levels: lagging < average < advanced (docs/rules.md §5).
LEVELS: tuple[str, ...] = ("lagging", "average", "advanced")
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}


def level_above(a: str, b: str) -> bool:
    return LEVEL_RANK[a] > LEVEL_RANK[b]


# --- The state machine: every allowed move in one workflow (core.workflow, django-oscar style).
#: state -> {transition: target states}. A service may only move a classification along these edges.
CLASSIFICATION_WORKFLOW = Workflow.from_table({
    "step1": {"step1_complete": ("step2",)},
    "step2": {"step2_complete": ("step3",)},
    "step3": {"self_rate": ("step4",)},
    # Adopted -> submitted to the township; not adopted -> back to step 3, or the township decides.
    "step4": {"step4_complete": ("submitted", "step3", "township_decides")},
    "township_decides": {"township_decide": ("confirmed",)},
    "submitted": {"confirm": ("confirmed",), "return": ("step3",)},
    # The only way back from a confirmed level: the township reopens it with a reason (docs/rules.md §13).
    "confirmed": {"reopen": ("submitted", "township_decides")},
})


def allowed(state: str, transition: str, target: str) -> bool:
    return CLASSIFICATION_WORKFLOW.allowed(state, transition, target)


def transitions_from(state: str) -> tuple[str, ...]:
    return CLASSIFICATION_WORKFLOW.transitions_from(state)


#: Which step's meeting a state needs, and the step a state stands for in the overview grid.
STATE_STEP = {"step1": 1, "step2": 2, "step3": 3, "step4": 4, "township_decides": 5, "submitted": 5, "confirmed": 6}
MEETING_STEPS = (1, 2, 4)

#: Meeting type per step [seed 000 §三(二)1, 2, 4]; step 2 depends on the member count.
STEP_ACTIVITY = {1: "step1_prerating", 2: "step2_member_review", 4: "step4_deliberation"}


def meeting_kind_for_step(step: int, member_count: int, *, delegates_from: int) -> str:
    """Step 1: masses representatives meeting; step 2: assembly under ``delegates_from`` members, else a
    delegates meeting [seed 000 §三(二)2]; step 4: party-member-and-masses representatives meeting."""
    if step == 1:
        return "masses_representatives"
    if step == 2:
        kind = member_meeting_type(member_count, delegates_from=delegates_from)
        return "member_delegates" if kind == "delegates" else "member_assembly"
    if step == 4:
        return "members_masses_representatives"
    raise ValueError(f"step {step} has no meeting")


def ballot_question_for_step(step: int) -> str:
    """Steps 1 and 2 rate the branch; step 4 deliberates on the proposed level."""
    return "deliberation" if step == 4 else "rating"


RATING_CHOICES = ("advanced", "average", "lagging")
DELIBERATION_CHOICES = ("agree", "disagree", "abstain")


def choices_for_question(question: str) -> tuple[str, ...]:
    return DELIBERATION_CHOICES if question == "deliberation" else RATING_CHOICES


# --- Tallies of steps 1 and 2.
@dataclass(frozen=True)
class RatingTally:
    advanced: int = 0
    average: int = 0
    lagging: int = 0

    def __post_init__(self) -> None:
        if min(self.advanced, self.average, self.lagging) < 0:
            raise ValueError("tallies cannot be negative")

    @property
    def total(self) -> int:
        return self.advanced + self.average + self.lagging

    def count(self, level: str) -> int:
        return getattr(self, level)

    def __add__(self, other: "RatingTally") -> "RatingTally":
        return RatingTally(self.advanced + other.advanced, self.average + other.average, self.lagging + other.lagging)

    def plurality(self) -> tuple[str, ...]:
        """The level(s) with the most votes (several on a tie); empty when nobody voted."""
        if self.total == 0:
            return ()
        top = max(self.count(level) for level in LEVELS)
        return tuple(level for level in reversed(LEVELS) if self.count(level) == top)

    def percent(self, level: str) -> Decimal | None:
        return Decimal(self.count(level)) * 100 / self.total if self.total else None


@dataclass(frozen=True)
class PluralityFlag:
    flagged: bool
    steps: tuple[int, ...]  # the steps whose plurality the choice stands above


def self_rating_flag(choice: str, step1: RatingTally, step2: RatingTally) -> PluralityFlag:
    """Flag a self-rating above the plurality of step 1 or of step 2 (docs/rules.md §5 step 3).

    On a tie the choice is compared with the highest of the tied levels: a branch is not flagged for
    choosing a level that as many people gave as any other."""
    steps = []
    for number, tally in ((1, step1), (2, step2)):
        top = tally.plurality()
        if top and level_above(choice, max(top, key=LEVEL_RANK.__getitem__)):
            steps.append(number)
    return PluralityFlag(bool(steps), tuple(steps))


# --- Step 4 adoption.
@dataclass(frozen=True)
class DeliberationTally:
    agree: int = 0
    disagree: int = 0
    abstain: int = 0
    spoiled: int = 0

    def __post_init__(self) -> None:
        if min(self.agree, self.disagree, self.abstain, self.spoiled) < 0:
            raise ValueError("tallies cannot be negative")

    @property
    def valid(self) -> int:
        """An abstention is a valid ballot; a spoiled one is not (docs/rules.md §5 step 4)."""
        return self.agree + self.disagree + self.abstain

    @property
    def total(self) -> int:
        return self.valid + self.spoiled


@dataclass(frozen=True)
class Adoption:
    adopted: bool
    valid: int
    agree_percent: Decimal | None
    threshold: Decimal
    strict: bool


def adoption(tally: DeliberationTally, *, threshold_percent: Decimal, strict: bool = True) -> Adoption:
    """Adopted when agree > threshold% of valid ballots (strict, the default: exactly 50% fails) or
    agree >= threshold% when not strict. Compared exactly (agree*100 vs threshold*valid), unrounded."""
    valid = tally.valid
    if valid == 0:
        return Adoption(False, 0, None, threshold_percent, strict)
    left, right = Decimal(tally.agree) * 100, threshold_percent * valid
    ok = left > right if strict else left >= right
    return Adoption(ok, valid, Decimal(tally.agree) * 100 / valid, threshold_percent, strict)


def step4_outcome(adopted: bool, *, not_adopted_rule: str) -> str:
    """The state after step 4: submitted to the township if adopted; else back to step 3 or the
    township decides, as the rule set says (default back to step 3, docs/rules.md §5)."""
    if adopted:
        return "submitted"
    return "township_decides" if not_adopted_rule == "township_decides" else "step3"
