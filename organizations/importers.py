"""The organisation list in Excel: template, export of a subtree, and the validated, atomic import.

Every row is checked before anything is written, and every problem of the file is reported at once
(reading, each field by the model's own validators, parents, cycles, which type may stand under
which); any error imports nothing. A row is matched to an existing organisation by its parent and
name, so importing the same file again updates in place. A blank parent means the organisation the
file is imported into; a row naming that organisation itself (blank parent) updates it.

Writing is batched (docs/rules.md §2 is the tree; make bench measures the rate): new organisations are
inserted level by level, their paths computed in memory, changes and audit rows written in bulk.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Any, Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat, LPad
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import audit_bulk, audit_event, changed, snapshot
from core.bounds import clean_model_fields
from core.imports import ImportKind, register
from core.xlsx import Column, RowError, XlsxError, read_table

from .choices import Domain, OrgKind
from .models import PATH_DIGITS, PATH_SEP, Organization, make_path, path_depth
from .rules import DOMAIN_ALIASES, KIND_ALIASES, KIND_DOMAIN, child_allowed, read_alias
from .scope import can, require, restrict
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
FIELD_COLUMN = {"name": H_NAME, "kind": H_KIND, "domain": H_DOMAIN, "member_count": H_MEMBERS,
                "secretary_name": H_SECRETARY, "secretary_phone": H_PHONE}
DATA_FIELDS = ("kind", "domain", "member_count", "secretary_name", "secretary_phone")
# The model's fields an import does not set: left out of the field check.
NOT_IMPORTED = ("parent", "path", "depth", "is_active", "archived_reason", "is_county_organ_committee", "created", "updated")
# The template's examples (on their own sheet, never imported): a blank parent is the organisation
# the file is imported into.
EXAMPLE = [["东风村党总支", "", "党总支", "村", 62, "张三", "13800000000"],
           ["东风村第一党支部", "东风村党总支", "党支部", "村", 30, "李四", ""],
           ["东风商会党支部", "", "党支部", "社会组织", 8, "", ""]]


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

    def fields(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in DATA_FIELDS}


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int


@dataclass
class _Plan:
    """What the file means once every row is placed: ``parents`` maps a row to an organisation or a
    row of the file; ``matched`` a row to the organisation it updates."""

    parents: dict[int, Organization | ImportedRow] = field(default_factory=dict)
    matched: dict[int, Organization] = field(default_factory=dict)
    order: list[ImportedRow] = field(default_factory=list)


def export_rows(root: Organization, user: Any) -> list[list[Any]]:
    """The organisations under ``root`` in the import format, parents before children.

    ``root`` itself is left out (it is edited on its own page), so the file imports again as it is.
    A parent whose name is not unique in the subtree is written as a path from ``root``.
    """
    orgs = list(restrict(Organization.objects.filter(path__under=root.path), user).order_by("path"))
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


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value if value is not None else "").strip()


def _members(raw: Any) -> int | None:
    """A whole number as the sheet holds it (12, 12.0 or "12"); None when it is not one."""
    if isinstance(raw, bool):
        return None
    try:
        as_float = float(raw)
    except (TypeError, ValueError):
        return None
    if as_float != as_float or as_float in (float("inf"), float("-inf")) or not as_float.is_integer():
        return None
    return int(as_float)


def parse_rows(upload: IO[bytes] | bytes, errors: list[RowError] | None = None,
               progress: Callable[[float], None] | None = None) -> list[ImportedRow]:
    """Every row whose own cells are right. The problems of the others go to ``errors`` (when given)
    or are raised at once; each field is checked by the model's validators, as the form checks it."""
    collect = errors is not None
    errors = errors if errors is not None else []
    table = read_table(upload, required=REQUIRED, optional=OPTIONAL, max_rows=MAX_ROWS, collect=True, progress=progress)
    errors.extend(table.errors)
    kinds, domains = _labels(OrgKind), _labels(Domain)
    parsed: list[ImportedRow] = []
    for number, rec in table.rows:
        row_errors: list[RowError] = []
        skip: list[str] = list(NOT_IMPORTED)
        name = _text(rec.get(H_NAME))
        parent_ref = _text(rec.get(H_PARENT))
        raw_kind, raw_domain = _text(rec.get(H_KIND)), _text(rec.get(H_DOMAIN))
        kind = read_alias(raw_kind, kinds, KIND_ALIASES) or ""
        if not kind:
            skip.append("kind")
            row_errors.append(RowError(number, H_KIND, _("must be one of: %(values)s") % {"values": "、".join(kinds)}))
        domain = read_alias(raw_domain, domains, DOMAIN_ALIASES) or ""
        if not domain:
            skip.append("domain")
            row_errors.append(RowError(number, H_DOMAIN, _("must be one of: %(values)s") % {"values": "、".join(domains)}))
        raw_members = rec.get(H_MEMBERS)
        members = _members(raw_members)
        if raw_members is None:
            skip.append("member_count")
            row_errors.append(RowError(number, H_MEMBERS, _("required")))
        elif members is None:
            skip.append("member_count")
            row_errors.append(RowError(number, H_MEMBERS, _("not a whole number of zero or more")))
        org = Organization(name=name, kind=kind, domain=domain, member_count=members or 0,
                           secretary_name=_text(rec.get(H_SECRETARY)), secretary_phone=_text(rec.get(H_PHONE)))
        try:
            clean_model_fields(org, exclude=skip)  # the model's validators, in the form's words (core.bounds)
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                for message in messages:
                    row_errors.append(RowError(number, FIELD_COLUMN.get(key), message))
        if kind and domain and KIND_DOMAIN.get(kind) and domain != KIND_DOMAIN[kind]:
            row_errors.append(RowError(number, H_DOMAIN, _("a %(kind)s has the domain %(domain)s")
                                       % {"kind": OrgKind(kind).label, "domain": Domain(KIND_DOMAIN[kind]).label}))
        if row_errors:
            row_errors.sort(key=lambda e: REQUIRED.index(e.column) if e.column in REQUIRED else len(REQUIRED))
            errors.extend(row_errors)
            continue
        parsed.append(ImportedRow(number, name, parent_ref, kind, domain, members or 0,
                                  org.secretary_name, org.secretary_phone))
    if not parsed and not errors and not table.bad_rows:
        errors.append(RowError(None, None, _("The file holds no organisations.")))
    if errors and not collect:
        raise XlsxError(errors)
    return parsed


def _resolve_parents(rows: list[ImportedRow], root: Organization, existing: list[Organization],
                     errors: list[RowError], plan: _Plan) -> None:
    """Each row's parent: an organisation of the file (by name) or an active one under ``root``; blank
    means ``root``. A parent may be given as a name or as a path "乡镇/村总支"; a name matching several
    organisations asks for the path."""
    active = [o for o in existing if o.is_active]
    by_name: dict[str, list[Organization]] = {}
    for org in active:
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
        return "/".join(by_id[i].name for i in org.ancestor_ids if i in by_id)

    for row in rows:
        ref = row.parent_ref
        if not ref:
            if row.name == root.name:
                plan.matched[row.row] = root  # the organisation the file is imported into, itself
            else:
                plan.parents[row.row] = root
            continue
        if ref == row.name:
            errors.append(RowError(row.row, H_PARENT, _("row %(row)d names itself as its parent") % {"row": row.row}))
            continue
        parts = [p.strip() for p in ref.split("/") if p.strip()] or [ref]
        # A name that itself holds "/" (our own export writes such names as they are) wins over a path.
        hits = list(by_name.get(ref, []))
        if not hits and len(parts) > 1:
            hits = [o for o in active if full_path_name(o).split("/")[-len(parts):] == parts]
        if ref in file_names:
            in_file = [r for r in file_names[ref] if r is not row]
        else:
            in_file = [r for r in file_names.get(parts[-1], []) if r is not row]
            if len(parts) > 1:  # a path names the file row's own parent too
                in_file = [r for r in in_file if r.parent_ref.split("/")[-1].strip() == parts[-2]]
        if len(hits) == 1:
            plan.parents[row.row] = hits[0]
        elif len(hits) > 1:
            errors.append(RowError(row.row, H_PARENT, _("several organisations are named “%(name)s”; write the path, e.g. %(example)s")
                                   % {"name": ref, "example": full_path_name(hits[0])}))
        elif len(in_file) == 1:
            plan.parents[row.row] = in_file[0]
        elif len(in_file) > 1:
            errors.append(RowError(row.row, H_PARENT, _("several organisations are named “%(name)s”; write the path, e.g. %(example)s")
                                   % {"name": ref, "example": f"{in_file[0].parent_ref}/{parts[-1]}"}))
        else:
            errors.append(RowError(row.row, H_PARENT, _("no organisation “%(name)s” in your scope or in this file") % {"name": ref}))


def _order(rows: list[ImportedRow], errors: list[RowError], plan: _Plan) -> None:
    """Parents before children; a chain of parents that comes back to itself names every row in it."""
    by_number = {r.row: r for r in rows}
    state: dict[int, str] = {}
    for start in rows:
        if start.row in state:
            continue
        chain: list[ImportedRow] = []
        row: ImportedRow | None = start
        while row is not None and row.row not in state:
            state[row.row] = "visiting"
            chain.append(row)
            parent = plan.parents.get(row.row)
            row = by_number[parent.row] if isinstance(parent, ImportedRow) else None
        if row is not None and state[row.row] == "visiting":  # came back into this chain: a cycle
            circle = chain[chain.index(row):]
            names = " → ".join(_("row %(row)d") % {"row": r.row} for r in [*circle, circle[0]])
            for r in circle:
                errors.append(RowError(r.row, H_PARENT, _("the parents go round in a circle: %(rows)s") % {"rows": names}))
                plan.parents.pop(r.row, None)
        for r in reversed(chain):
            state[r.row] = "done"
            if r.row in plan.parents or r.row in plan.matched:
                plan.order.append(r)
    # A row whose parent row was refused cannot be placed either; it says nothing more of its own.
    placed: set[int] = set()
    ordered: list[ImportedRow] = []
    for r in plan.order:
        parent = plan.parents.get(r.row)
        if isinstance(parent, ImportedRow) and parent.row not in placed:
            continue
        placed.add(r.row)
        ordered.append(r)
    plan.order = ordered


def _check_kinds(root: Organization, existing: list[Organization], errors: list[RowError], plan: _Plan) -> None:
    """Which type may stand under which, in memory; the organisation a row updates is matched here."""
    by_place = {(o.parent_id, o.name): o for o in existing}
    kinds_below: dict[int, set[str]] = {}
    for o in existing:
        if o.parent_id is not None:
            kinds_below.setdefault(o.parent_id, set()).add(o.kind)
    kind_of: dict[int, str] = {}
    for row in plan.order:
        org = plan.matched.get(row.row)
        if org is None:
            parent = plan.parents[row.row]
            if isinstance(parent, ImportedRow):
                parent_kind = kind_of[parent.row]
                parent_org = plan.matched.get(parent.row)
            else:
                parent_kind, parent_org = parent.kind, parent
            if not child_allowed(parent_kind, row.kind):
                errors.append(RowError(row.row, H_KIND, _("a %(child)s cannot stand under a %(parent)s")
                                       % {"child": OrgKind(row.kind).label, "parent": OrgKind(parent_kind).label}))
            if parent_org is not None:
                org = by_place.get((parent_org.pk, row.name))
                if org is not None:
                    plan.matched[row.row] = org
        elif org.pk == root.pk and row.kind != root.kind:
            errors.append(RowError(row.row, H_KIND, _("the organisation the file is imported into is a %(kind)s")
                                   % {"kind": OrgKind(root.kind).label}))
        if org is not None:
            if row.kind != org.kind and any(not child_allowed(row.kind, k) for k in kinds_below.get(org.pk, ())):
                errors.append(RowError(row.row, H_KIND, _("Its sub-organisations could not stand under this type.")))
            if not org.is_active and any(getattr(org, k) != v for k, v in row.fields().items()):
                errors.append(RowError(row.row, H_NAME, _("this organisation is archived; restore it before changing it")))
        kind_of[row.row] = row.kind


def organizations_import(*, actor: Any, root: Organization, upload: IO[bytes] | bytes,
                         progress: Callable[[int], None] | None = None) -> ImportResult:
    """Check the whole file and report every problem; then create or update every row in one transaction.

    The cells are read and checked before the transaction (the long part of a large file, and its
    progress shows); the tree is read, checked and written under a lock of the root."""
    progress = progress or (lambda value: None)
    require(actor, "manage_org", root)
    errors: list[RowError] = []
    rows = parse_rows(upload, errors, progress=lambda share: progress(int(5 + share * 45)))
    progress(50)
    with transaction.atomic():
        root = Organization.objects.select_for_update().get(pk=root.pk)
        require(actor, "manage_org", root)
        existing = list(Organization.objects.filter(path__under=root.path)
                        .only("id", "name", "parent_id", "path", "kind", "is_active", *DATA_FIELDS))
        plan = _Plan()
        _resolve_parents(rows, root, existing, errors, plan)
        _order(rows, errors, plan)
        _check_kinds(root, existing, errors, plan)
        progress(60)
        if errors:
            raise XlsxError(sorted(errors, key=lambda e: (e.row or 0, REQUIRED.index(e.column) if e.column in REQUIRED else 9)))
        result = _write(actor, plan)
        progress(99)
    return result


def _write(actor: Any, plan: _Plan) -> ImportResult:
    now = timezone.now()
    reason = _("Excel import")
    events = []
    created: dict[int, Organization] = {}
    # New organisations level by level: a level's parents have their ids before its rows are inserted.
    pending = [r for r in plan.order if r.row not in plan.matched]
    while pending:
        level, later = [], []
        for row in pending:
            parent = plan.parents[row.row]
            if isinstance(parent, ImportedRow):
                parent = plan.matched.get(parent.row) or created.get(parent.row)
            (level if parent is not None else later).append((row, parent))
        batch = [Organization(parent=parent, name=row.name, **row.fields()) for row, parent in level]
        Organization.objects.bulk_create(batch, batch_size=500)
        parents: dict[int, Organization] = {}
        for (row, parent), org in zip(level, batch):
            org.path = make_path(parent.path, org.pk)
            org.depth = path_depth(org.path)
            created[row.row] = org
            parents[parent.pk] = parent
        _write_paths(batch, parents.values())
        pending = [row for row, _p in later]
    for org in created.values():
        events.append(audit_event(actor=actor, action="organization.import_create", obj=org, organization=org,
                                  after=snapshot(org, ORG_FIELDS), reason=reason))
    changed_orgs: list[Organization] = []
    for row in plan.order:
        org = plan.matched.get(row.row)
        if org is None:
            continue
        before = snapshot(org, DATA_FIELDS)
        for key, value in row.fields().items():
            setattr(org, key, value)
        old, new = changed(before, snapshot(org, DATA_FIELDS))
        if new:
            org.updated = now
            changed_orgs.append(org)
            events.append(audit_event(actor=actor, action="organization.import_update", obj=org, organization=org,
                                      before=old, after=new, reason=reason))
    Organization.objects.bulk_update(changed_orgs, [*DATA_FIELDS, "updated"], batch_size=500)
    audit_bulk(events)
    matched = sum(1 for r in plan.order if r.row in plan.matched)
    return ImportResult(len(created), len(changed_orgs), matched - len(changed_orgs))


def _write_paths(batch: list[Organization], parents: Any) -> None:
    """The paths of new rows, one UPDATE per parent computed by the database from each row's id (a
    bulk_update of thousands of paths was half the import's time). Only this import's new rows still
    have an empty path. make_path pads ids to PATH_DIGITS; beyond that width the padding cannot be
    done by LPAD, so the rows are written one by one as the model would."""
    if any(org.pk >= 10 ** PATH_DIGITS for org in batch):
        Organization.objects.bulk_update(batch, ["path", "depth"], batch_size=500)
        return
    digits = LPad(Cast("id", output_field=CharField()), PATH_DIGITS, Value("0"))
    for parent in parents:
        Organization.objects.filter(parent_id=parent.pk, path="").update(
            path=Concat(Value(parent.path), digits, Value(PATH_SEP), output_field=CharField()),
            depth=path_depth(parent.path) + 1,
        )


# --- The import as a run of core.imports -----------------------------------------------------------

def _execute(run: Any, data: bytes, progress: Callable[[int], None]) -> str:
    result = organizations_import(actor=run.requested_by, root=run.organization, upload=data, progress=progress)
    return _("Import done: %(c)d created, %(u)d updated, %(n)d unchanged.") % {
        "c": result.created, "u": result.updated, "n": result.unchanged}


register(ImportKind(
    key="organizations", label=gettext_lazy("Organisations"), execute=_execute,
    allowed=lambda user, run: can(user, "manage_org", run.organization),
    done_url=lambda run: reverse("organizations:org-detail", args=[run.organization_id]),
))
