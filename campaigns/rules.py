"""Quorum rules (DOMAIN.md §4), pure: no database. Numbers come from the rule set's QuorumRule rows.

Sources: questionnaire [seed 000 §二(一)2], masses assessment meeting [seed 000 §二(一)4], step 1
[seed 000 §三(二)1], step 2 [seed 000 §三(二)2], step 4 [seed 000 §三(二)4], year-end [seed 000 §五].
"不少于 / 以上" include the number itself; shares are compared unrounded (exact decimal arithmetic).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

VILLAGE_COMMUNITY_DOMAINS = frozenset({"village", "agri_community", "urban_community"})


def quorum_group(*, group_a_scope: str, domain: str, kind: str, is_county_organ_committee: bool) -> str:
    """'A' or 'B' for one organisation and one activity's definition of group A (DOMAIN.md §2)."""
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
class QuorumResult:
    ok: bool
    counted: int
    masses_percent: Decimal | None
    problems: tuple[str, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = field(default_factory=tuple)
    missing_people: int = 0

    @property
    def summary(self) -> str:
        """One line for a page: what is missing, in words, or that the quorum holds."""
        if self.ok:
            return _("Quorum met")
        return "；".join(self.problems)


def _percent_text(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def _min_percent_text(value: Decimal) -> str:
    return f"{value.normalize():f}%"


def quorum_check(spec: QuorumSpec, attendance: Attendance) -> QuorumResult:
    """Check one activity's participants against its rule; say what failed and by how much."""
    problems: list[str] = []
    notes: list[str] = []
    recipients = attendance.service_recipients
    recipients_counted = 0
    if recipients:
        if not spec.may_invite_service_recipients:
            notes.append(_("Service recipients are not counted for this activity (%(n)d left out).") % {"n": recipients})
        elif spec.invite_when_below is not None and attendance.party_members + attendance.masses >= spec.invite_when_below:
            notes.append(
                _("Service recipients are counted only when fewer than %(limit)d party members and masses take part (%(n)d left out).")
                % {"limit": spec.invite_when_below, "n": recipients}
            )
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
        problems.append(_("%(n)d more people needed (%(have)d of %(need)d)") % {"n": missing, "have": counted, "need": spec.min_total})

    masses_percent = (Decimal(masses_for_share) * 100 / Decimal(counted)) if counted else None
    if spec.min_masses_percent is not None:
        # masses / counted >= min%  <=>  masses * 100 >= min% * counted, exact in Decimal.
        if counted == 0 or Decimal(masses_for_share) * 100 < spec.min_masses_percent * counted:
            shown = _percent_text(masses_percent) if masses_percent is not None else "0%"
            problems.append(
                _("masses share %(share)s, needs at least %(min)s")
                % {"share": shown, "min": _min_percent_text(spec.min_masses_percent)}
            )

    if spec.min_entitled_percent is not None:
        entitled = attendance.entitled or 0
        # "more than half": attendance * 100 > percent * entitled (strict).
        if entitled == 0:
            problems.append(_("the number of members entitled to attend is not known"))
        elif Decimal(counted) * 100 <= spec.min_entitled_percent * entitled:
            needed = int((spec.min_entitled_percent * entitled) // 100) + 1
            missing = max(missing, needed - counted)
            problems.append(
                _("%(have)d of %(entitled)d entitled members attended, more than %(min)s needed (%(n)d more)")
                % {"have": counted, "entitled": entitled, "min": _min_percent_text(spec.min_entitled_percent), "n": needed - counted}
            )

    return QuorumResult(
        ok=not problems, counted=counted, masses_percent=masses_percent,
        problems=tuple(problems), notes=tuple(notes), missing_people=missing,
    )
