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


#: Every party organisation below the county is rated, each by its superior (docs/rules.md §5): seed 000
#: 附件2 opens with 乡镇党委分类定级参考标准, seed 002 assesses 乡(镇)党委, seed 001 turns communities
#: near 100 members into 党委. Classification, score sheets, stars, commitments and the year-end use this list.
RATED_KINDS: tuple[str, ...] = ("township", "committee", "general_branch", "branch")

#: The organisations whose staff rate what lies below them: a township rates its subtree, the county rates
#: the townships and the organisations under no township (docs/rules.md §5 "a township committee by the county").
RATING_BODY_KINDS: frozenset[str] = frozenset({"county", "township"})


def rating_body_path(ancestors: list[tuple[str, str]]) -> str | None:
    """The path of the body that rates an organisation, given its strict ancestors as (kind, path) from the
    root down: the nearest township or county above it. None for the county itself (nobody above)."""
    for kind, path in reversed(ancestors):
        if kind in RATING_BODY_KINDS:
            return path
    return None
