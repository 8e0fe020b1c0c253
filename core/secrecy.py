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
