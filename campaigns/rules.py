"""Quorum rules (docs/rules.md §4), pure: no database, no translation. Numbers come from the rule set's
QuorumRule rows; what failed comes back as ``Finding`` values (a code and its numbers), which
``campaigns.quorum`` puts into words.

Sources: questionnaire [seed 000 §二(一)2], masses assessment meeting [seed 000 §二(一)4], step 1
[seed 000 §三(二)1], step 2 [seed 000 §三(二)2], step 4 [seed 000 §三(二)4], year-end [seed 000 §五].
"不少于 / 以上" include the number itself; shares are compared unrounded (exact decimal arithmetic).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

VILLAGE_COMMUNITY_DOMAINS = frozenset({"village", "agri_community", "urban_community"})


def quorum_group(*, group_a_scope: str, domain: str, kind: str, is_county_organ_committee: bool) -> str:
    """'A' or 'B' for one organisation and one activity's definition of group A (docs/rules.md §2)."""
    if domain in VILLAGE_COMMUNITY_DOMAINS:
        return "A"
    if group_a_scope == "with_township_and_organ" and (kind == "township" or is_county_organ_committee):
        return "A"
    return "B"


@dataclass(frozen=True)
class QuorumSpec:
    """The numbers of one quorum rule row."""

    min_total: int | None = None
    min_masses_percent: Decimal | None = None
    min_entitled_percent: Decimal | None = None
    may_invite_service_recipients: bool = False
    invite_when_below: int | None = None
    service_recipients_count_as_masses: bool = False
    count_only_non_party: bool = False


@dataclass(frozen=True)
class Attendance:
    """Who took part, by category; ``entitled`` is the number entitled to attend (member meetings)."""

    party_members: int = 0
    masses: int = 0
    service_recipients: int = 0
    entitled: int | None = None


@dataclass(frozen=True)
class Finding:
    """One thing a quorum check found: ``code`` names it, ``values`` hold its numbers (as text where a
    share is shown, so the words do not round differently from the check)."""

    code: str  # "short" | "masses_share" | "entitled_unknown" | "entitled_short" | "recipients_not_invited" | "recipients_not_needed"
    values: tuple[tuple[str, int | str], ...] = ()

    def get(self, key: str) -> int | str:
        return dict(self.values)[key]


@dataclass(frozen=True)
class QuorumResult:
    ok: bool
    counted: int
    masses_percent: Decimal | None
    problems: tuple[Finding, ...] = field(default_factory=tuple)
    notes: tuple[Finding, ...] = field(default_factory=tuple)
    missing_people: int = 0


def percent_text(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def min_percent_text(value: Decimal) -> str:
    return f"{value.normalize():f}%"


def quorum_check(spec: QuorumSpec, attendance: Attendance) -> QuorumResult:
    """Check one activity's participants against its rule; say what failed and by how much."""
    problems: list[Finding] = []
    notes: list[Finding] = []
    recipients = attendance.service_recipients
    recipients_counted = 0
    if recipients:
        if not spec.may_invite_service_recipients:
            notes.append(Finding("recipients_not_invited", (("n", recipients),)))
        elif spec.invite_when_below is not None and attendance.party_members + attendance.masses >= spec.invite_when_below:
            notes.append(Finding("recipients_not_needed", (("limit", spec.invite_when_below), ("n", recipients))))
        else:
            recipients_counted = recipients

    if spec.count_only_non_party:
        counted = attendance.masses + recipients_counted
    else:
        counted = attendance.party_members + attendance.masses + recipients_counted
    masses_for_share = attendance.masses + (recipients_counted if spec.service_recipients_count_as_masses else 0)

    missing = 0
    if spec.min_total is not None and counted < spec.min_total:
        missing = spec.min_total - counted
        problems.append(Finding("short", (("n", missing), ("have", counted), ("need", spec.min_total))))

    masses_percent = (Decimal(masses_for_share) * 100 / Decimal(counted)) if counted else None
    if spec.min_masses_percent is not None:
        # masses / counted >= min%  <=>  masses * 100 >= min% * counted, exact in Decimal.
        if counted == 0 or Decimal(masses_for_share) * 100 < spec.min_masses_percent * counted:
            shown = percent_text(masses_percent) if masses_percent is not None else "0%"
            problems.append(Finding("masses_share", (("share", shown), ("min", min_percent_text(spec.min_masses_percent)))))

    if spec.min_entitled_percent is not None:
        entitled = attendance.entitled or 0
        # "more than half": attendance * 100 > percent * entitled (strict).
        if entitled == 0:
            problems.append(Finding("entitled_unknown"))
        elif Decimal(counted) * 100 <= spec.min_entitled_percent * entitled:
            needed = int((spec.min_entitled_percent * entitled) // 100) + 1
            missing = max(missing, needed - counted)
            problems.append(Finding("entitled_short", (("have", counted), ("entitled", entitled),
                                                        ("min", min_percent_text(spec.min_entitled_percent)), ("n", needed - counted))))

    return QuorumResult(
        ok=not problems, counted=counted, masses_percent=masses_percent,
        problems=tuple(problems), notes=tuple(notes), missing_people=missing,
    )


# --- a new campaign's dates: last year's, one year on (issue #19) --------------------------------
def shift_year(day, years: int = 1):
    """The same calendar day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
