"""The one access chokepoint: which organisations a user may see or act on.

A role held on an organisation covers its whole subtree (``path`` prefix). Every list, detail page,
form dropdown, export and download fetches through ``restrict`` / ``get_scoped_or_404`` / ``require``;
a record outside the user's scope answers 404, exactly like a missing one.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from core.bounds import Bound

from .choices import Role
from .models import Organization, OrgRole

M = TypeVar("M", bound=Model)

#: What each role may do on its subtree. Later capabilities add their actions here.
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.COUNTY_REVIEWER: frozenset(
        {"view", "manage_org", "manage_users", "manage_rules", "manage_campaign", "report", "review", "assess",
         "confirm_classification"}
    ),
    # "confirm_classification": the township confirms (审定) a branch's level (ratings, docs/rules.md §5).
    Role.TOWNSHIP_STAFF: frozenset(
        {"view", "manage_org", "manage_users", "manage_campaign", "report", "assess", "enter", "confirm_classification"}
    ),
    Role.BRANCH_SECRETARY: frozenset({"view", "report", "enter"}),
    Role.COUNTY_ADMIN: frozenset({"view", "manage_users"}),
}

#: Which roles a holder of a role may hand out (and reset passwords for) inside their subtree.
ASSIGNABLE_ROLES: dict[str, frozenset[str]] = {
    Role.COUNTY_REVIEWER: frozenset({Role.TOWNSHIP_STAFF}),
    Role.TOWNSHIP_STAFF: frozenset({Role.BRANCH_SECRETARY}),
    Role.BRANCH_SECRETARY: frozenset(),
    Role.COUNTY_ADMIN: frozenset({Role.COUNTY_REVIEWER, Role.COUNTY_ADMIN}),
}


@dataclass(frozen=True)
class Grant:
    role: str
    organization_id: int
    path: str


def grants(user: Any) -> tuple[Grant, ...]:
    """The user's roles on active organisations; one query, then cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, "_jinwei_grants", None)
    if cached is None:
        rows = OrgRole.objects.filter(user=user, organization__is_active=True).values_list(
            "role", "organization_id", "organization__path"
        )
        cached = tuple(Grant(role, org_id, path) for role, org_id, path in rows)
        user._jinwei_grants = cached
    return cached


def forget_grants(user: Any) -> None:
    """Drop the cached roles (after a role change in the same request)."""
    if hasattr(user, "_jinwei_grants"):
        del user._jinwei_grants


def has_role(user: Any, *roles: str) -> bool:
    return any(g.role in roles for g in grants(user))


def scope_paths(user: Any, action: str = "view") -> list[str]:
    """The tree paths under which ``action`` is allowed, with nested paths folded into their parents."""
    paths = sorted({g.path for g in grants(user) if action in ROLE_ACTIONS.get(g.role, ())})
    folded: list[str] = []
    for path in paths:
        if not any(path.startswith(outer) for outer in folded):
            folded.append(path)
    return folded


def scope_q(user: Any, action: str = "view", via: str = "") -> Q:
    """A filter for rows inside the user's scope; ``via`` is the lookup to the organisation ("" for
    Organization itself, "organization" for a model with an ``organization`` foreign key)."""
    field = f"{via}__path__under" if via else "path__under"
    q = Q(pk__in=[])
    for path in scope_paths(user, action):
        q |= Q(**{field: path})
    return q


def _default_via(model: type[Model]) -> str:
    return "" if model is Organization else "organization"


def restrict(qs: QuerySet[M], user: Any, action: str = "view", via: str | None = None) -> QuerySet[M]:
    """``qs`` limited to what ``user`` may ``action``."""
    via = _default_via(qs.model) if via is None else via
    return qs.filter(scope_q(user, action, via))


#: the ids of every table are 32-bit on PostgreSQL (AutoField)
PK = Bound(1, 2_147_483_647)


def pk_param(data: Mapping[str, Any], name: str) -> int | None:
    """The object id in ``data[name]`` (a query string or a POST), or None when it is missing or is not one
    (``abc``, ``-1``, ``²``, 2**63): the object a page is about, to fetch with ``get_scoped_or_404`` (None → 404)
    or to preselect in a form. List filters are django-filter FilterSets, not this."""
    raw = str(data.get(name) or "").strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 10:
        return None
    value = int(raw)
    return value if value in PK else None


def get_scoped_or_404(
    qs: QuerySet[M] | type[M], user: Any, action: str = "view", via: str | None = None, **lookup: Any
) -> M:
    """Fetch one object inside the user's scope, or 404 (the same answer as for a missing object, and for
    a key that is not even a number: ``?org=abc`` names no organisation)."""
    if not isinstance(qs, QuerySet):
        qs = qs._default_manager.all()
    try:
        return restrict(qs, user, action, via).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc


def can(user: Any, action: str, organization: Organization) -> bool:
    return any(
        action in ROLE_ACTIONS.get(g.role, ()) and organization.path.startswith(g.path) for g in grants(user)
    )


def rating_body(organization: Organization) -> Organization | None:
    """The superior that rates ``organization`` (docs/rules.md §5): the nearest township or county above it."""
    from .rules import rating_body_path

    ids = organization.ancestor_ids[:-1]
    rows = {o.pk: o for o in Organization.objects.filter(pk__in=ids)}
    path = rating_body_path([(rows[i].kind, rows[i].path) for i in ids if i in rows])
    return next((o for o in rows.values() if o.path == path), None)


def may_rate(user: Any, action: str, organization: Organization) -> bool:
    """``action`` (confirm a level, assess, fix a year-end level) as the organisation's superior: a role held
    on its rating body (or on an organisation between that body and it), never on the organisation itself.
    So a township is rated by the county, a 党委 or branch by its township, and nobody rates itself
    (docs/rules.md §5)."""
    body = rating_body(organization)
    if body is None:
        return False
    return any(action in ROLE_ACTIONS.get(g.role, ()) and g.path != organization.path
               and organization.path.startswith(g.path) and g.path.startswith(body.path) for g in grants(user))


def rated_q(user: Any, action: str, via: str = "") -> Q:
    """A filter for rows whose organisation the user rates as its superior (``may_rate`` for a whole list):
    below a grant's organisation, and not below a township under it unless the grant is on that township."""
    field = f"{via}__path" if via else "path"
    from .rules import RATING_BODY_KINDS

    q = Q(pk__in=[])
    for g in grants(user):
        if action not in ROLE_ACTIONS.get(g.role, ()):
            continue
        mine = Q(**{f"{field}__startswith": g.path}) & ~Q(**{field: g.path})
        inner = (Organization.objects.filter(path__under=g.path, kind__in=RATING_BODY_KINDS)
                 .exclude(path=g.path).values_list("path", flat=True))
        for path in inner:
            mine &= ~(Q(**{f"{field}__startswith": path}) & ~Q(**{field: path}))
        q |= mine
    return q


def require(user: Any, action: str, organization: Organization) -> None:
    """Raise 404 unless ``user`` may ``action`` on ``organization``."""
    if not can(user, action, organization):
        raise Http404


def assignable_roles(user: Any, organization: Organization) -> set[str]:
    """Roles ``user`` may hand out on ``organization``."""
    roles: set[str] = set()
    for g in grants(user):
        if organization.path.startswith(g.path):
            roles |= ASSIGNABLE_ROLES.get(g.role, frozenset())
    return roles


def primary_role(user: Any) -> str | None:
    """The highest role the user holds, for choosing the dashboard."""
    held = {g.role for g in grants(user)}
    for role in (Role.COUNTY_REVIEWER, Role.TOWNSHIP_STAFF, Role.BRANCH_SECRETARY, Role.COUNTY_ADMIN):
        if role in held:
            return role
    return None
