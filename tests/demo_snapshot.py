"""The demo county, seeded once per test database and replayed into each test that asks for it.

Seeding the whole county (core.demo.seed_demo) costs seconds; most of the suite's tests use it. So the
session seeds it once inside a transaction, reads what the seed changed in every table (rows added, rows
changed or removed), and rolls back: the database stays as the migrations left it, for the tests that
want it empty. A test that asks for the demo gets those changes written again inside its own
transaction (or, for a transactional test, before its flush), and a fresh copy of the seed's context
(the model instances the tests read). The state a test starts from is exactly what ``seed_demo()``
would have written in it.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Callable

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction


@dataclass
class TableChange:
    table: str
    columns: list[str]
    pk_index: int | None
    removed: list[tuple]
    added: list[tuple]


@dataclass
class Snapshot:
    ctx: Any
    changes: list[TableChange]
    #: the rows of the content types and the row count of every table the migrations filled: a flush (the
    #: end of a transactional test) recreates content types with new ids, and then the seed runs afresh
    baseline: tuple

    @property
    def tables(self) -> set[str]:
        return {c.table for c in self.changes if c.added}

    def context(self) -> Any:
        return copy.deepcopy(self.ctx)


class _RollBack(Exception):
    pass


def _plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


def _key(row: tuple) -> str:
    return repr(row)


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _read(table: str) -> tuple[list[str], list[tuple]]:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {qn(table)}")
        columns = [d[0] for d in cursor.description]
        return columns, [tuple(_plain(v) for v in row) for row in cursor.fetchall()]


def _pk_columns() -> dict[str, str]:
    return {m._meta.db_table: m._meta.pk.column for m in apps.get_models(include_auto_created=True)}


def capture(seed: Callable[[], Any]) -> Snapshot:
    """Run ``seed`` in a transaction that is rolled back; return its context and what it changed."""
    tables = _tables()
    before = {t: _read(t) for t in tables}
    after: dict[str, tuple[list[str], list[tuple]]] = {}
    ctx = None
    try:
        with transaction.atomic():
            ctx = seed()
            after = {t: _read(t) for t in tables}
            raise _RollBack
    except _RollBack:
        pass
    pks = _pk_columns()
    changes = []
    for table in tables:
        columns, rows_before = before[table]
        _, rows_after = after[table]
        old = {_key(r): r for r in rows_before}
        new = {_key(r): r for r in rows_after}
        removed = [old[k] for k in old.keys() - new.keys()]
        added = [new[k] for k in new.keys() - old.keys()]
        if removed or added:
            pk = pks.get(table)
            changes.append(TableChange(table, columns, columns.index(pk) if pk in columns else None, removed, added))
    return Snapshot(ctx=ctx, changes=changes, baseline=_baseline({t: len(before[t][1]) for t in tables if before[t][1]}))


def _baseline(filled: dict[str, int]) -> tuple:
    qn = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for table in filled:
            cursor.execute(f"SELECT COUNT(*) FROM {qn(table)}")
            counts[table] = cursor.fetchone()[0]
    return tuple(sorted(counts.items())), tuple(sorted(_read("django_content_type")[1]))


def pristine(snapshot: Snapshot) -> bool:
    """Is the database as the migrations left it (so the recorded changes apply)?"""
    return _baseline(dict(snapshot.baseline[0])) == snapshot.baseline


def _adapt(value: Any) -> Any:
    if connection.vendor == "postgresql" and isinstance(value, (dict, list)):
        from psycopg2.extras import Json

        return Json(value)
    return value


def replay(snapshot: Snapshot) -> Any:
    """Write the seed's changes again (foreign keys are checked at commit, so order does not matter) and
    move the id sequences past the written rows; returns a fresh copy of the seed's context."""
    qn = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:  # one transaction: foreign keys checked at its end
        for change in snapshot.changes:
            for row in change.removed:
                if change.pk_index is not None:
                    cursor.execute(f"DELETE FROM {qn(change.table)} WHERE {qn(change.columns[change.pk_index])} = %s",
                                   [row[change.pk_index]])
                else:
                    where = " AND ".join(f"{qn(c)} = %s" for c in change.columns)
                    cursor.execute(f"DELETE FROM {qn(change.table)} WHERE {where}", list(row))
            if change.added:
                cols = ", ".join(qn(c) for c in change.columns)
                rows = [[_adapt(v) for v in row] for row in change.added]
                if connection.vendor == "postgresql":  # one statement per 500 rows, not one round trip per row
                    from psycopg2.extras import execute_values

                    execute_values(cursor.cursor, f"INSERT INTO {qn(change.table)} ({cols}) VALUES %s", rows, page_size=500)
                else:
                    marks = ", ".join(["%s"] * len(change.columns))
                    cursor.executemany(f"INSERT INTO {qn(change.table)} ({cols}) VALUES ({marks})", rows)
        resets = connection.ops.sequence_reset_sql(no_style(), [m for m in apps.get_models(include_auto_created=True)
                                                                if m._meta.db_table in snapshot.tables])
        if resets:
            cursor.execute("\n".join(resets))
    return snapshot.context()
