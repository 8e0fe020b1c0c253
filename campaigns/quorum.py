"""Quorum checks in words: the pure rule (``campaigns.rules``) says what failed as codes and numbers;
this module puts each finding into a Chinese sentence for pages, PDFs and stored summaries.

Callers use ``quorum_check`` from here; it returns the pure result's numbers plus the sentences,
under the same names the pages read (``ok``, ``counted``, ``masses_percent``, ``problems``, ``notes``,
``missing_people``, ``summary``).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .rules import Attendance, Finding, QuorumResult, QuorumSpec, quorum_group
from .rules import quorum_check as quorum_evaluate

__all__ = ["Attendance", "QuorumReport", "QuorumSpec", "finding_text", "quorum_check", "quorum_group", "quorum_report"]


def finding_text(finding: Finding) -> str:
    v = dict(finding.values)
    if finding.code == "short":
        return _("%(n)d more people needed (%(have)d of %(need)d)") % v
    if finding.code == "masses_share":
        return _("masses share %(share)s, needs at least %(min)s") % v
    if finding.code == "entitled_unknown":
        return _("the number of members entitled to attend is not known")
    if finding.code == "entitled_short":
        return _("%(have)d of %(entitled)d entitled members attended, more than %(min)s needed (%(n)d more)") % v
    if finding.code == "recipients_not_invited":
        return _("Service recipients are not counted for this activity (%(n)d left out).") % v
    if finding.code == "recipients_not_needed":
        return _("Service recipients are counted only when fewer than %(limit)d party members and masses take part (%(n)d left out).") % v
    raise ValueError(finding.code)


@dataclass(frozen=True)
class QuorumReport:
    """A quorum result with its findings in words."""

    ok: bool
    counted: int
    masses_percent: Decimal | None
    problems: tuple[str, ...]
    notes: tuple[str, ...]
    missing_people: int
    findings: tuple[Finding, ...]

    @property
    def summary(self) -> str:
        """One line for a page: what is missing, in words, or that the quorum holds."""
        if self.ok:
            return _("Quorum met")
        return "；".join(self.problems)


def quorum_report(result: QuorumResult) -> QuorumReport:
    return QuorumReport(
        ok=result.ok, counted=result.counted, masses_percent=result.masses_percent,
        problems=tuple(finding_text(f) for f in result.problems), notes=tuple(finding_text(f) for f in result.notes),
        missing_people=result.missing_people, findings=result.problems,
    )


def quorum_check(spec: QuorumSpec, attendance: Attendance) -> QuorumReport:
    """Check one activity's participants against its rule; say in words what failed and by how much."""
    return quorum_report(quorum_evaluate(spec, attendance))
