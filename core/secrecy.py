"""Small groups are never broken down (docs/rules.md, secrecy).

A count of answers or votes split by category, option or group is shown only when the group holds at
least ``threshold`` people (the rule-set setting ``small_group_threshold``, default 5). Every page, PDF,
export and audit row that breaks results down asks here first, so the rule has one owner.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

K = TypeVar("K")


def group_too_small(size: int, threshold: int) -> bool:
    """A group of 1..threshold-1 people is too small to show apart; an empty group reveals nothing."""
    return 0 < size < threshold


def breakdown_or_none(counts: Mapping[K, int], group_size: int, threshold: int) -> dict[K, int] | None:
    """The breakdown of one group, or None when the group is too small to be shown apart."""
    if group_too_small(group_size, threshold):
        return None
    return dict(counts)


G = TypeVar("G")
V = TypeVar("V")


def breakdown_by_groups_or_none(breakdown: Mapping[G, V], sizes: Mapping[G, int], threshold: int) -> dict[G, V] | None:
    """The breakdown of every group, or None when any group of ``sizes`` is too small.

    All or nothing on purpose: a results table also shows the total, so hiding only the small group
    would leave its figures to a subtraction (total minus the groups shown)."""
    if any(group_too_small(n, threshold) for n in sizes.values()):
        return None
    return dict(breakdown)
