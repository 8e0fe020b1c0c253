"""Secrecy against whoever reads the database (docs/rules.md §14), on PostgreSQL.

A vote's transaction writes the code (used) and the vote (a counter, or a response with its answers), so
while the vote is open both rows carry that transaction's id in the system column ``xmin``: joining them
names the voter's code's choice. After the close, the join and the order of ids must tell nothing.
"""
from __future__ import annotations

import pytest
from django.db import connection

from .vote_paths import PATHS, code_xmins, xmins

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def _xmin_pairs(path) -> int:
    """How many used codes share their xmin with a row that holds votes: what the attack finds."""
    used = set(code_xmins(path, used=True))
    return sum(1 for table, where in path.vote_tables for x in xmins(table, where) if x in used)


@pytest.mark.parametrize("name", sorted(PATHS))
def test_after_the_close_no_system_column_joins_a_code_to_its_vote(demo, name):
    assert connection.vendor == "postgresql", "this test is about PostgreSQL's system columns"
    path = PATHS[name](demo, 6)
    for code, choice in zip(path.codes[:4], path.choices * 2):  # each cast commits on its own
        path.cast(code, choice)
    assert _xmin_pairs(path) > 0  # the attack works on rows as a cast writes them ...
    path.close()
    # ... and after the close every code row (used or not) and every vote row carry one and the same
    # transaction id, the close's: a join pairs everything with everything, which names nobody.
    found = set(code_xmins(path, used=True)) | set(code_xmins(path, used=False))
    for table, where in path.vote_tables:
        found |= set(xmins(table, where))
    assert len(found) == 1, found
    assert path.counted() == 4
