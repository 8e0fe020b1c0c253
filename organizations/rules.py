"""Pure rules of the organisation tree (no database)."""
from __future__ import annotations

#: Which organisation types may stand under which [docs/rules.md §2; a committee may hold branches, seed 001].
ALLOWED_CHILDREN: dict[str, frozenset[str]] = {
    "county": frozenset({"township", "committee", "general_branch", "branch"}),
    "township": frozenset({"committee", "general_branch", "branch"}),
    "committee": frozenset({"general_branch", "branch"}),
    "general_branch": frozenset({"branch"}),
    "branch": frozenset(),
}

#: The domain a township or the county itself carries.
KIND_DOMAIN = {"county": "county", "township": "township"}


def child_allowed(parent_kind: str, child_kind: str) -> bool:
    return child_kind in ALLOWED_CHILDREN.get(parent_kind, frozenset())


def member_meeting_type(member_count: int, *, delegates_from: int) -> str:
    """Member review meeting type: under 50 members an assembly, 50 or more a delegates meeting
    [seed 000 §三(二)2, §五(一)]. ``delegates_from`` is the rule-set setting
    ``delegates_meeting_from_members``."""
    return "delegates" if member_count >= delegates_from else "assembly"
