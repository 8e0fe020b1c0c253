"""One-time codes and anonymous ballots: the one engine every app uses.

The contract for an app that hands out printed codes (a questionnaire, a ballot):

1. Model: subclass ``core.models.OneTimeCodeBase`` (code, category, used; no time stamps) and add the
   foreign key to what the codes belong to (round, session, year-end) — nothing about a person.
2. Issue: inside the service that opens the round, call
   ``codes_issue(Model, {category: n}, <owner fk>=obj, **other_fields)``: unique codes of
   ``core.rules_codes.CODE_ALPHABET``, bulk-created, drawn again on a collision.
3. Redeem: the public page's service calls
   ``code_redeem(Model, typed, owner="<owner fk>", is_open=..., cast=...)``. It normalises what was
   typed, takes a share lock on the owner row (the round, session or year-end), then locks the code row,
   raises ``CodeProblem("unknown" | "used" | "closed")`` — ``is_open(row)`` is the app's word on its
   round, read fresh after the locks — then calls ``cast(row)``, which writes the answers or adds one to
   a counter, and marks the code used: one transaction, retried when SQLite answers "database is locked".
   ``code_check`` answers the same questions without writing (for the page shown before the vote).
   Closing: lock the owner row FOR UPDATE first (``select_for_update()``: it waits for every redeem in
   flight, and every later redeem waits for the close and then sees it closed), then
   ``codes_settle(Model.objects.filter(<owner fk>=obj))`` in the same transaction. One lock order for
   everyone — owner, then codes, then what the vote writes — so a close and a cast never deadlock
   (docs/rules.md §14).
4. Secrecy is the app's half of the bargain: what ``cast`` writes carries no user, no IP address, no code
   and no time of day; ballots are counters (owner × category × choice) created when the ballot opens,
   never rows in voting order.
5. Slips: ``core.slips.slips_pdf(title=..., organization=..., entry_url=..., codes=[(code, category
   label), ...])`` prints the A4 sheet of QR slips; the phone page extends
   ``core/templates/core/code_entry.html``.
"""
from __future__ import annotations

import random
import time
from typing import Any, Callable, Iterable, Mapping, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connections, router, transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from .models import OneTimeCodeBase
from .rules_codes import CODE_ALPHABET, CODE_LENGTH, format_code, new_code, normalise_code

__all__ = [
    "CODE_ALPHABET", "CODE_LENGTH", "CodeProblem", "close_question", "code_check", "code_redeem", "codes_issue",
    "codes_settle", "rows_rewrite",
    "format_code", "new_code", "normalise_code",
]

C = TypeVar("C", bound=OneTimeCodeBase)
R = TypeVar("R")

ISSUE_ATTEMPTS = 5


class CodeProblem(Exception):
    """Why a code cannot be used: "unknown", "used" or "closed" (its round or ballot is not open).
    Each app words the answer on its own page."""

    REASONS = ("unknown", "used", "closed")

    def __init__(self, reason: str):
        if reason not in self.REASONS:
            raise ValueError(f"unknown reason {reason!r}")
        super().__init__(reason)
        self.reason = reason


def codes_issue(model: type[C], counts: Mapping[str, int] | Iterable[tuple[str, int]], *,
                attempts: int = ISSUE_ATTEMPTS, **fields: Any) -> list[C]:
    """Create ``counts[category]`` fresh codes per category, each row also given ``fields`` (its owner,
    a batch, a label). One bulk insert in a savepoint; when a code collides with one already stored
    (rare: 25^8 codes), every code of the batch is drawn again, at most ``attempts`` times. Raises
    ValidationError when it still collides. Call it inside the caller's transaction."""
    pairs = list(counts.items()) if isinstance(counts, Mapping) else list(counts)
    rows = [model(category=category, **fields) for category, n in pairs for _i in range(max(0, int(n or 0)))]
    using = router.db_for_write(model)
    for _attempt in range(attempts):
        drawn: set[str] = set()
        for row in rows:
            code = new_code()
            while code in drawn:  # unique within the batch too
                code = new_code()
            drawn.add(code)
            row.code, row.pk = code, None
        try:
            with transaction.atomic(using=using):
                model.objects.using(using).bulk_create(rows)
            return rows
        except IntegrityError:
            continue
    raise ValidationError(_("Could not make unique one-time codes; please try again."))


def _find(model: type[C], code: str, *, lock: bool, select_related: Iterable[str]) -> C | None:
    qs = model.objects.filter(code=code)
    if lock:
        # Only the code row itself: PostgreSQL refuses to lock the nullable side of an outer join.
        qs = qs.select_for_update(of=("self",))
    related = tuple(select_related)
    if related:
        qs = qs.select_related(*related)
    return qs.first()


def _judge(row: C | None, is_open: Callable[[C], bool]) -> C:
    """The one order of the answers: unknown, then used, then closed (a spent code is told it is
    spent, even after its round closed: that is what its holder wants to know)."""
    if row is None:
        raise CodeProblem("unknown")
    if row.used:
        raise CodeProblem("used")
    if not is_open(row):
        raise CodeProblem("closed")
    return row


def code_check(model: type[C], raw_code: str, *, is_open: Callable[[C], bool],
               select_related: Iterable[str] = ()) -> C:
    """The code row for a page shown before the answer or vote, or CodeProblem. Writes nothing; the
    answer itself goes through ``code_redeem``, which asks again under the lock."""
    return _judge(_find(model, normalise_code(raw_code), lock=False, select_related=select_related), is_open)


def code_redeem(model: type[C], raw_code: str, *, cast: Callable[[C], R], is_open: Callable[[C], bool],
                owner: str, select_related: Iterable[str] = (), attempts: int = 40) -> R:
    """Use a code once: normalise what was typed, share-lock the code's ``owner`` row (the foreign key
    to its round, session or year-end), lock the code row, check it (CodeProblem: unknown,
    used, closed — ``is_open`` runs after the locks, so it must read its round afresh), call
    ``cast(row)`` to store the answer or count the vote, and mark the code used; all in one transaction,
    so a ``cast`` that raises (say a ValidationError for a missing answer) leaves the code unused.

    Once only, also under simultaneous submissions: the row lock makes PostgreSQL wait, SQLite's
    IMMEDIATE transactions serialise writers, and the conditional update ``used=False → True`` must hit
    exactly one row. A SQLite writer that could not get the lock answers "database is locked" /
    "database table is locked" (the shared-cache test database does so at once, without its busy
    timeout): the whole transaction is then tried again after a short pause, up to ``attempts`` times.
    Inside an outer transaction there is no retry (the outer one is already spoiled).

    The owner's share lock comes first on purpose (docs/rules.md §14): a close holds the owner FOR
    UPDATE and then touches the codes, so a redeem that locked its code first and then needed the owner
    (the foreign-key check of an inserted answer takes a key-share lock on it) would deadlock with it.
    With the owner first, a redeem either finishes before the close starts or starts after it ended."""
    code = normalise_code(raw_code)
    using = router.db_for_write(model)
    for attempt in range(attempts):
        try:
            return _redeem_once(model, code, cast=cast, is_open=is_open, owner=owner, select_related=select_related,
                                using=using)
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1 or connections[using].in_atomic_block:
                raise
            time.sleep(0.005 * (attempt + 1) + random.random() * 0.01)
    raise AssertionError("unreachable")  # pragma: no cover


def _lock_owner(model: type[C], code: str, owner: str, using: str) -> None:
    """FOR SHARE on the owner row of ``code`` (when the code exists): many redeems share it, a close's
    FOR UPDATE excludes them all. SQLite has no row locks (its writers are serialised anyway)."""
    field = model._meta.get_field(owner)
    owner_id = model.objects.using(using).filter(code=code).values_list(field.attname, flat=True).first()
    if owner_id is None:
        return
    conn = connections[using]
    if conn.vendor != "postgresql":
        return
    target = field.related_model._meta
    with conn.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {conn.ops.quote_name(target.db_table)} "
                       f"WHERE {conn.ops.quote_name(target.pk.column)} = %s FOR SHARE", [owner_id])


def _redeem_once(model: type[C], code: str, *, cast: Callable[[C], R], is_open: Callable[[C], bool],
                 owner: str, select_related: Iterable[str], using: str) -> R:
    with transaction.atomic(using=using):
        _lock_owner(model, code, owner, using)
        row = _judge(_find(model, code, lock=True, select_related=select_related), is_open)
        result = cast(row)
        if model.objects.filter(pk=row.pk, used=False).update(used=True) != 1:
            raise CodeProblem("used")
        row.used = True
        return result


def codes_settle(codes: QuerySet, *counters: QuerySet) -> None:
    """At a close, inside its transaction, after locking the owner FOR UPDATE and before reading the
    counters: rewrite every code row of ``codes``, and every row of the ``counters`` querysets (a
    ballot's vote counters), in this transaction, in primary-key order.

    The owner lock already waited for the redeems in flight; the rewrite is for secrecy
    (docs/rules.md §14): on PostgreSQL a row carries the id of the transaction that last wrote it
    (``xmin``), and a redeem writes its code and its vote in one transaction. Rewritten here, every code
    row and every counter carries the close's transaction id (an app that stores answers as rows writes
    them again itself), so no system column pairs a code with a vote any more."""
    for rows in (codes, *counters):
        rows_rewrite(rows)


def rows_rewrite(rows: QuerySet) -> None:
    """Write every row of ``rows`` again, unchanged, in the current transaction (locked in primary-key
    order first, so two of these never deadlock)."""
    pk = rows.model._meta.pk.attname
    pks = list(rows.order_by("pk").select_for_update().values_list("pk", flat=True))
    for start in range(0, len(pks), 500):
        rows.model.objects.filter(pk__in=pks[start:start + 500]).update(**{pk: F(pk)})


def close_question(codes: QuerySet, *, threshold: int, what: str) -> str:
    """The question asked before a ballot closes (static/js/jinwei.js ``data-confirm``), saying what happens:
    ``what`` (the close, the count, whether it can be undone), how many codes are still unused, and
    when the close is early who has not voted yet, by category only, never by person. The categories
    are shown apart only when none of them holds fewer than ``threshold`` people (core.secrecy, the
    rule-set setting ``small_group_threshold``); otherwise only the total is said."""
    from .choices import ParticipantCategory
    from .secrecy import breakdown_by_groups_or_none

    issued: dict[str, int] = {}
    unused: dict[str, int] = {}
    for row in codes.order_by().values("category").annotate(n=Count("pk"), left=Count("pk", filter=Q(used=False))):
        issued[row["category"]] = row["n"]
        unused[row["category"]] = row["left"]
    total, left = sum(issued.values()), sum(unused.values())
    parts = [what]
    if not left:
        parts.append(_("All %(total)d codes have been used.") % {"total": total})
        return " ".join(parts)
    parts.append(_("%(left)d of the %(total)d codes are unused and become void.") % {"left": left, "total": total})
    shown = breakdown_by_groups_or_none(unused, issued, threshold)
    if shown is None:
        parts.append(_("Not voted yet: %(left)d people (not shown by category: a category has fewer than %(n)d "
                       "people).") % {"left": left, "n": threshold})
    else:
        labels = dict(ParticipantCategory.choices)
        by_category = "、".join(_("%(category)s %(n)d") % {"category": labels.get(c, c), "n": n}
                                for c, n in sorted(shown.items(), key=lambda kv: list(labels).index(kv[0])
                                                   if kv[0] in labels else 99) if n)
        parts.append(_("Not voted yet, by category: %(list)s.") % {"list": by_category})
    return " ".join(parts)
