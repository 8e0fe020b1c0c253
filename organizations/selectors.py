"""Reads of the tree, always scoped to the user; a page costs the same queries for 10 or 10,000 rows."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Substr

from core.choices import choice_labels

from .models import PATH_DIGITS, Organization, OrgRole
from .scope import grants, restrict, scope_paths, scope_q


@dataclass
class TreeNode:
    org: Organization
    children: list["TreeNode"] = field(default_factory=list)
    match: bool = False
    open: bool = False
    domain_label: str = ""  # get_domain_display() rebuilt the translated choices per node: a third of an 800-node tree's time
    #: where it stands (core/org_status.py): level, stars, open case — {key: StatusValue}
    statuses: dict = field(default_factory=dict)


def organizations_for(user: Any, action: str = "view", *, include_archived: bool = False) -> QuerySet[Organization]:
    qs = restrict(Organization.objects.all(), user, action)
    return qs if include_archived else qs.filter(is_active=True)


def tree_for(user: Any, *, query: str = "", domain: str = "", include_archived: bool = False,
             status: dict[str, str] | None = None) -> tuple[list[TreeNode], int]:
    """The user's visible forest in one query, plus one per registered status (core/org_status.py). With
    a search (name, domain, or a status value such as level=lagging), matches are shown with their
    ancestors (opened); returns (roots, number of matches)."""
    from core.org_status import statuses_for

    from .choices import Domain

    orgs = list(organizations_for(user, include_archived=include_archived).order_by("path"))
    labels = choice_labels(Domain)
    statuses = statuses_for([o.pk for o in orgs])
    by_id = {o.pk: TreeNode(o, domain_label=labels.get(o.domain, o.domain), statuses=statuses.get(o.pk, {})) for o in orgs}
    status = {k: v for k, v in (status or {}).items() if v}
    roots: list[TreeNode] = []
    for node in by_id.values():
        parent = by_id.get(node.org.parent_id)
        (parent.children if parent else roots).append(node)
    matches = 0
    if query or domain or status:
        keep: set[int] = set()
        for node in by_id.values():
            hit = (not query or query in node.org.name or query in node.org.secretary_name) and (
                not domain or node.org.domain == domain) and all(
                key in node.statuses and node.statuses[key].value == value for key, value in status.items())
            if hit:
                node.match = True
                matches += 1
                for ancestor_id in node.org.ancestor_ids:
                    keep.add(ancestor_id)
                    if ancestor_id != node.org.pk and ancestor_id in by_id:
                        by_id[ancestor_id].open = True

        def prune(nodes: list[TreeNode]) -> list[TreeNode]:
            kept = [n for n in nodes if n.org.pk in keep]
            for n in kept:
                n.children = prune(n.children)
            return kept

        roots = prune(roots)
    else:
        for node in roots:
            node.open = True
    return roots, matches


TREE_CHUNK = 50  # children shown per load in the lazy tree: a page's cost does not grow with the county


def _with_child_counts(qs: QuerySet[Organization], include_archived: bool) -> QuerySet[Organization]:
    active = Q() if include_archived else Q(children__is_active=True)
    return qs.annotate(n_children=Count("children", filter=active)).order_by("path")


def tree_roots(user: Any, *, include_archived: bool = False) -> QuerySet[Organization]:
    """The tops of the user's visible forest (the organisations their roles sit on), with their numbers
    of children; the tree below them is loaded on demand (``tree_children``)."""
    qs = organizations_for(user, include_archived=include_archived).filter(path__in=scope_paths(user))
    return _with_child_counts(qs, include_archived)


def tree_children(user: Any, parent: Organization, *, include_archived: bool = False) -> QuerySet[Organization]:
    """The visible children of ``parent`` in tree order, each with its number of children."""
    qs = organizations_for(user, include_archived=include_archived).filter(parent=parent)
    return _with_child_counts(qs, include_archived)


def ancestor_names(user: Any, orgs: Any) -> dict[int, list[str]]:
    """{pk: [names of its visible ancestors, top first]} for a page of organisations (one query)."""
    wanted = {pk for o in orgs for pk in o.ancestor_ids if pk != o.pk}
    names = dict(restrict(Organization.objects.filter(pk__in=wanted), user).values_list("pk", "name")) if wanted else {}
    return {o.pk: [names[pk] for pk in o.ancestor_ids if pk != o.pk and pk in names] for o in orgs}


def domain_counts(user: Any) -> list[tuple[str, int, int]]:
    """(domain label, organisations, party members) over the user's active organisations."""
    from .choices import Domain

    rows = organizations_for(user).values("domain").annotate(n=Count("id"), members=Sum("member_count")).order_by("domain")
    labels = dict(Domain.choices)
    order = {value: i for i, value in enumerate(Domain.values)}
    rows = sorted(rows, key=lambda r: order.get(r["domain"], len(order)))
    return [(labels.get(r["domain"], r["domain"]), r["n"], r["members"] or 0) for r in rows]


def accounts_for(user: Any) -> QuerySet:
    """Accounts that hold a role inside the user's manage_users scope, with their roles."""
    User = get_user_model()
    role_q = scope_q(user, "manage_users", "organization")
    visible_roles = OrgRole.objects.filter(role_q).select_related("organization")
    return (
        User.objects.filter(pk__in=OrgRole.objects.filter(role_q).values("user_id"))
        .prefetch_related(Prefetch("org_roles", queryset=visible_roles, to_attr="visible_roles"))
        .order_by("username")
    )


GROUP_PATH_LEN = 1 + 2 * (PATH_DIGITS + 1)  # "/00000001/00000007/": the county segment and the township segment


def subtree_for(user: Any, root: Organization, action: str = "view", *, kinds: Any = None) -> QuerySet[Organization]:
    """The active organisations of ``root``'s subtree (``root`` included) inside the user's scope for
    ``action``, optionally only of some ``kinds``; unordered."""
    qs = Organization.objects.filter(path__under=root.path, is_active=True)
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    return restrict(qs, user, action)


def names_by_id(ids: Any) -> dict[int, str]:
    """{pk: name} of the given organisations (one query; for labels, no scope check)."""
    return dict(Organization.objects.filter(pk__in=list(ids)).values_list("pk", "name"))


def highest_covered(user: Any, roles: Any) -> Organization | None:
    """The highest organisation one of the user's ``roles`` covers (a county reviewer: the county)."""
    paths = sorted((g.path, g.organization_id) for g in grants(user) if g.role in set(roles))
    if not paths:
        return None
    return Organization.objects.filter(pk=paths[0][1]).first()


def name_in_scope(user: Any, pk: int, action: str = "view") -> str | None:
    """The name of organisation ``pk`` if the user may see it, else None."""
    return restrict(Organization.objects.filter(pk=pk), user, action).values_list("name", flat=True).first()


@dataclass(frozen=True)
class GroupCount:
    path: str  # the group's own path: "/<county>/<township>/"
    domain: str
    count: int


def group_counts(orgs: QuerySet[Organization]) -> list[GroupCount]:
    """How many of ``orgs`` per group (the second-level ancestor: a township, or a county department's
    committee) and domain, counted in the database (one query whatever the number)."""
    rows = (orgs.annotate(g=Substr("path", 1, GROUP_PATH_LEN)).values("g", "domain").annotate(n=Count("id"))
            .order_by())
    return [GroupCount(r["g"], r["domain"], r["n"]) for r in rows]


def groups_by_path(paths: Any) -> dict[str, tuple[str, int]]:
    """{path: (name, pk)} of the organisations at these paths (one query)."""
    return {path: (name, pk) for path, name, pk in
            Organization.objects.filter(path__in=list(paths)).values_list("path", "name", "pk")}


def history_for(organization: Organization) -> QuerySet:
    from core.models import AuditEvent

    return AuditEvent.objects.filter(organization=organization).select_related("actor")
