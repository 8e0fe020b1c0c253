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


#: The names offices write in the 领域 column for a domain, beside the domain's own label (a project rule,
#: docs/rules.md §2 "Names offices use"): a township's own row says 乡镇党委 or 街道党工委, a village
#: branch 村 or 行政村. Matched after trimming spaces; the label of every Domain is always accepted too.
DOMAIN_ALIASES: dict[str, str] = {
    "县委": "county", "县委组织部": "county",
    "乡镇党委": "township", "乡党委": "township", "镇党委": "township", "乡": "township", "镇": "township",
    "街道": "township", "街道党工委": "township", "党工委": "township",
    "行政村": "village", "农村": "village", "村党组织": "village",
    "城市社区党组织": "urban_community", "农村社区": "agri_community",
    "机关单位": "organ", "党政机关": "organ", "事业": "institution",
    "学校": "school", "中小学": "school", "医院": "health", "卫生": "health", "卫生院": "health",
    "非公企业": "enterprise", "非公有制经济组织": "enterprise", "企业": "enterprise",
    "社会团体": "social_org", "远程教育": "remote_edu",
}

#: The same for the 组织类型 column: a township-level body is a 乡镇党委 or, in a sub-district, a
#: 街道党工委 (docs/rules.md §2).
KIND_ALIASES: dict[str, str] = {
    "街道党工委": "township", "党工委": "township", "乡党委": "township", "镇党委": "township",
    "乡镇": "township", "街道": "township",
    "支部": "branch", "村党支部": "branch", "总支": "general_branch", "党总支部": "general_branch",
}


def read_alias(text: str, labels: dict[str, str], aliases: dict[str, str]) -> str | None:
    """The stored value for what a sheet says: a label, or else an alias; None when neither."""
    key = "".join(str(text).split())
    return labels.get(key) or aliases.get(key)


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
