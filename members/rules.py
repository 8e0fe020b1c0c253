"""Pure rules of the two-ballot member evaluation (docs/rules.md §11). No django import.

Source: seed 001 §三2 一是 「党员民主测评、党外群众代表测评“两票制”民主评议党员 … 评议结果分别确定为优秀、合格、
基本合格、基本不合格、不合格五个档次,并对基本不合格和不合格的作出相应的组织处置」. How the two ballots combine
is not in the seeds: it is the rule-set setting ``member_eval_combination`` (default below).
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Mapping

GRADES = ("excellent", "qualified", "basic", "basic_not", "not")
#: points of each grade, best first; the grade of a ballot is its mean, rounded half up
POINTS = {"excellent": 5, "qualified": 4, "basic": 3, "basic_not": 2, "not": 1}
BY_POINTS = {v: k for k, v in POINTS.items()}
#: the grades the seed ties to organisational handling
HANDLING_GRADES = frozenset({"basic_not", "not"})
BALLOTS = ("party_member", "masses")


def mean_points(tally: Mapping[str, int]) -> Decimal | None:
    """The mean points of one ballot's votes for one member; None without a vote."""
    votes = sum(int(tally.get(g, 0)) for g in GRADES)
    if votes == 0:
        return None
    return Decimal(sum(POINTS[g] * int(tally.get(g, 0)) for g in GRADES)) / votes


def grade_of(points: Decimal | None) -> str | None:
    if points is None:
        return None
    return BY_POINTS[int(points.quantize(Decimal(1), rounding=ROUND_HALF_UP))]


def combine(party: Mapping[str, int], masses: Mapping[str, int], *, method: str, party_weight: int) -> tuple[str | None, str | None, str | None]:
    """(party ballot's grade, masses ballot's grade, result).

    "weighted" (default): the mean points of the two ballots weighted ``party_weight``% and the rest, rounded
    half up; a ballot nobody voted in leaves the other alone. "lower": the lower of the two grades."""
    p, m = mean_points(party), mean_points(masses)
    pg, mg = grade_of(p), grade_of(m)
    if p is None or m is None:
        return pg, mg, pg or mg
    if method == "lower":
        return pg, mg, min((pg, mg), key=lambda g: POINTS[g])
    w = Decimal(party_weight) / 100
    return pg, mg, grade_of(p * w + m * (1 - w))


def needs_handling(grade: str | None) -> bool:
    return grade in HANDLING_GRADES


def paper_check(tallies: Mapping[int, Mapping[str, int]], papers: int) -> list[int]:
    """Members whose paper tally holds more votes than papers were entered (a paper may leave a member out)."""
    return [mid for mid, t in tallies.items() if sum(int(t.get(g, 0)) for g in GRADES) > papers or min(
        (int(t.get(g, 0)) for g in GRADES), default=0) < 0]
