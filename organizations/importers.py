"""The organisation list in Excel: template, export of a subtree, and the validated, atomic import.

Every row is checked before anything is written; any error imports nothing. A row is matched to an
existing organisation by its parent and name, so importing the same file again updates in place.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record, changed, snapshot
from core.bounds import MEMBERS
from core.xlsx import Column, RowError, XlsxError, read_table

from .choices import Domain, OrgKind
from .models import Organization, make_path, path_depth
from .rules import KIND_DOMAIN, child_allowed
from .scope import require, restrict
from .services import ORG_FIELDS

H_NAME, H_PARENT, H_KIND, H_DOMAIN, H_MEMBERS, H_SECRETARY, H_PHONE = (
    "组织名称", "上级组织", "组织类型", "领域", "党员人数", "书记姓名", "联系电话",
)
COLUMNS = [
    Column(H_NAME, 28), Column(H_PARENT, 28), Column(H_KIND, 12), Column(H_DOMAIN, 16),
    Column(H_MEMBERS, 10), Column(H_SECRETARY, 12), Column(H_PHONE, 16),
]
REQUIRED = [H_NAME, H_PARENT, H_KIND, H_DOMAIN, H_MEMBERS]
OPTIONAL = [H_SECRETARY, H_PHONE]
MAX_ROWS = 10_000


def _labels(choices: Any) -> dict[str, str]:
    """Chinese label → stored value, so the sheet is filled with words the users know."""
    return {str(label): value for value, label in choices.choices}


@dataclass
class ImportedRow:
    row: int
    name: str
    parent_ref: str
    kind: str
    domain: str
    member_count: int
    secretary_name: str
    secretary_phone: str


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int


def export_rows(root: Organization, user: Any) -> list[list[Any]]:
    """The organisations under ``root`` in the import format, parents before children.

    ``root`` itself is left out (it is edited on its own page), so the file imports again as it is.
    A parent whose name is not unique in the subtree is written as a path from ``root``.
    """
    orgs = list(restrict(Organization.objects.filter(path__startswith=root.path), user).order_by("path"))
    by_id = {o.pk: o for o in orgs}
    name_count: dict[str, int] = {}
    for o in orgs:
        name_count[o.name] = name_count.get(o.name, 0) + 1

    def ref(org: Organization) -> str:
        if name_count.get(org.name, 0) <= 1:
            return org.name
        return "/".join(by_id[i].name for i in org.ancestor_ids if i in by_id)

    return [
        [o.name, ref(by_id[o.parent_id]), o.get_kind_display(), o.get_domain_display(), o.member_count,
         o.secretary_name, o.secretary_phone]
        for o in orgs if o.pk != root.pk and o.parent_id in by_id
    ]


def parse_rows(upload: IO[bytes]) -> list[ImportedRow]:
    table = read_table(upload, required=REQUIRED, optional=OPTIONAL, max_rows=MAX_ROWS)
    kinds, domains = _labels(OrgKind), _labels(Domain)
    errors: list[RowError] = []
    parsed: list[ImportedRow] = []
    for number, rec in table.rows:
        row_errors: list[RowError] = []
        name = str(rec.get(H_NAME) or "").strip()
        if not name:
            row_errors.append(RowError(number, H_NAME, _("required")))
        elif len(name) > 100:
            row_errors.append(RowError(number, H_NAME, _("longer than %(n)d characters") % {"n": 100}))
        parent_ref = str(rec.get(H_PARENT) or "").strip()
        if not parent_ref:
            row_errors.append(RowError(number, H_PARENT, _("required")))
        kind = kinds.get(str(rec.get(H_KIND) or "").strip())
        if kind is None:
            row_errors.append(RowError(number, H_KIND, _("must be one of: %(values)s") % {"values": "、".join(kinds)}))
        domain = domains.get(str(rec.get(H_DOMAIN) or "").strip())
        if domain is None:
            row_errors.append(RowError(number, H_DOMAIN, _("must be one of: %(values)s") % {"values": "、".join(domains)}))
        raw_members = rec.get(H_MEMBERS)
        members = 0
        if raw_members is None:
            row_errors.append(RowError(number, H_MEMBERS, _("required")))
        else:
            try:
                if isinstance(raw_members, bool):
                    raise ValueError
                as_float = float(raw_members)
                if as_float != int(as_float) or as_float < 0:
                    raise ValueError
                members = int(as_float)
            except (TypeError, ValueError, OverflowError):
                row_errors.append(RowError(number, H_MEMBERS, _("not a whole number of zero or more")))
            else:
                if members not in MEMBERS:  # the model's own bound (core.bounds), so the import never stores more
                    row_errors.append(RowError(number, H_MEMBERS, _("must be between %(low)s and %(high)s") % {
                        "low": MEMBERS.low, "high": MEMBERS.high}))
                    members = 0
        phone = str(rec.get(H_PHONE) or "").strip()
        if isinstance(rec.get(H_PHONE), float):
            phone = str(int(rec[H_PHONE]))
        if len(phone) > 30:
            row_errors.append(RowError(number, H_PHONE, _("longer than %(n)d characters") % {"n": 30}))
        secretary = str(rec.get(H_SECRETARY) or "").strip()
        if len(secretary) > 50:
            row_errors.append(RowError(number, H_SECRETARY, _("longer than %(n)d characters") % {"n": 50}))
        if kind and domain and KIND_DOMAIN.get(kind) and domain != KIND_DOMAIN[kind]:
            row_errors.append(RowError(number, H_DOMAIN, _("a %(kind)s has the domain %(domain)s")
                                       % {"kind": OrgKind(kind).label, "domain": Domain(KIND_DOMAIN[kind]).label}))
        if row_errors:
            errors.extend(row_errors)
            continue
        parsed.append(ImportedRow(number, name, parent_ref, kind, domain, members, secretary, phone))
    if errors:
        raise XlsxError(errors)
    if not parsed:
        raise XlsxError([RowError(None, None, _("The file holds no organisations."))])
    return parsed


def _resolve_parents(rows: list[ImportedRow], root: Organization, user: Any) -> dict[int, Organization | ImportedRow]:
    """Each row's parent: an organisation of the file (by name) or one in the user's scope under ``root``.

    A parent may be given as a name or as a path "乡镇/村总支". A name matching several organisations
    in scope is an error that asks for the path.
    """
    errors: list[RowError] = []
    existing = list(restrict(Organization.objects.filter(path__startswith=root.path, is_active=True), user, "manage_org"))
    by_name: dict[str, list[Organization]] = {}
    for org in existing:
        by_name.setdefault(org.name, []).append(org)
    by_id = {o.pk: o for o in existing}
    # Names are unique only under one parent (an export writes namesakes with their parent's path),
    # so a row repeats another only when both name and parent are the same.
    file_names: dict[str, list[ImportedRow]] = {}
    same_place: dict[tuple[str, str], list[ImportedRow]] = {}
    for row in rows:
        file_names.setdefault(row.name, []).append(row)
        same_place.setdefault((row.name, row.parent_ref), []).append(row)
    for same in same_place.values():
        for dup in same[1:]:
            errors.append(RowError(dup.row, H_NAME, _("the same name stands in row %(row)d too") % {"row": same[0].row}))

    def full_path_name(org: Organization) -> str:
        names = [by_id[i].name for i in org.ancestor_ids if i in by_id]
        return "/".join(names)

    parents: dict[int, Organization | ImportedRow] = {}
    for row in rows:
        ref = row.parent_ref
        parts = [p.strip() for p in ref.split("/") if p.strip()] or [ref]
        # A name that itself holds "/" (our own export writes such names as they are) wins over a path.
        hits = list(by_name.get(ref, []))
        if not hits and len(parts) > 1:
            hits = [o for o in existing if full_path_name(o).split("/")[-len(parts):] == parts]
        if ref in file_names:
            in_file = [r for r in file_names[ref] if r is not row]
        else:
            in_file = [r for r in file_names.get(parts[-1], []) if r is not row]
            if len(parts) > 1:  # a path names the file row's own parent too
                in_file = [r for r in in_file if r.parent_ref.split("/")[-1].strip() == parts[-2]]
        if len(hits) == 1:
            parents[row.row] = hits[0]
        elif len(hits) > 1:
            errors.append(RowError(row.row, H_PARENT, _("several organisations are named “%(name)s”; write the path, e.g. %(example)s")
                                   % {"name": ref, "example": full_path_name(hits[0])}))
        elif len(in_file) == 1:
            parents[row.row] = in_file[0]
        elif len(in_file) > 1:
            errors.append(RowError(row.row, H_PARENT, _("several organisations are named “%(name)s”; write the path, e.g. %(example)s")
                                   % {"name": ref, "example": f"{in_file[0].parent_ref}/{parts[-1]}"}))
        else:
            errors.append(RowError(row.row, H_PARENT, _("no organisation “%(name)s” in your scope or in this file") % {"name": ref}))
    if errors:
        raise XlsxError(errors)
    return parents


@transaction.atomic
def organizations_import(*, actor: Any, root: Organization, upload: IO[bytes]) -> ImportResult:
    """Validate the whole file, then create or update every row in one transaction."""
    require(actor, "manage_org", root)
    rows = parse_rows(upload)
    parents = _resolve_parents(rows, root, actor)
    row_by_number = {r.row: r for r in rows}
    errors: list[RowError] = []
    # Order rows so that a parent defined in the file is written before its children; detect cycles.
    order: list[ImportedRow] = []
    state: dict[int, str] = {}

    def visit(row: ImportedRow) -> None:
        if state.get(row.row) == "done":
            return
        if state.get(row.row) == "visiting":
            errors.append(RowError(row.row, H_PARENT, _("the parents in the file go round in a circle")))
            return
        state[row.row] = "visiting"
        parent = parents[row.row]
        if isinstance(parent, ImportedRow):
            visit(row_by_number[parent.row])
        state[row.row] = "done"
        order.append(row)

    for row in rows:
        visit(row)
    if errors:
        raise XlsxError(errors)

    created = updated = unchanged = 0
    written: dict[int, Organization] = {}
    for row in order:
        parent = parents[row.row]
        parent_org = written[parent.row] if isinstance(parent, ImportedRow) else parent
        if not child_allowed(parent_org.kind, row.kind):
            errors.append(RowError(row.row, H_KIND, _("a %(child)s cannot stand under a %(parent)s")
                                   % {"child": OrgKind(row.kind).label, "parent": OrgKind(parent_org.kind).label}))
            continue
        fields = dict(kind=row.kind, domain=row.domain, member_count=row.member_count,
                      secretary_name=row.secretary_name, secretary_phone=row.secretary_phone)
        org = Organization.objects.filter(parent=parent_org, name=row.name).first() if parent_org.pk else None
        if org is None:
            org = Organization(parent=parent_org, name=row.name, **fields)
            org.save()
            org.path = make_path(parent_org.path, org.pk)
            org.depth = path_depth(org.path)
            org.save(update_fields=["path", "depth"])
            audit_record(actor=actor, action="organization.import_create", obj=org, organization=org,
                         after=snapshot(org, ORG_FIELDS), reason=_("Excel import"))
            created += 1
        else:
            if row.kind != org.kind and any(not child_allowed(row.kind, c.kind) for c in org.children.all()):
                errors.append(RowError(row.row, H_KIND, _("Its sub-organisations could not stand under this type.")))
                continue
            before = snapshot(org, ORG_FIELDS)
            for key, value in fields.items():
                setattr(org, key, value)
            old, new = changed(before, snapshot(org, ORG_FIELDS))
            if new:
                org.save()
                audit_record(actor=actor, action="organization.import_update", obj=org, organization=org,
                             before=old, after=new, reason=_("Excel import"))
                updated += 1
            else:
                unchanged += 1
        written[row.row] = org
    if errors:
        raise XlsxError(errors)
    try:
        # Rows are saved already, so the database has enforced the unique constraints and the parent
        # key: checking them again cost 3 queries a row, 60% of the import's time (make bench).
        for org in written.values():
            org.full_clean(exclude=["parent"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:  # pragma: no cover - parse_rows already checks every field
        raise XlsxError([RowError(None, None, "; ".join(exc.messages))])
    return ImportResult(created, updated, unchanged)
