"""``path__under`` (organizations/lookups.py) selects exactly what ``path__startswith`` does, for the
organisation and through a relation, and on SQLite as a range its path index can seek."""
from __future__ import annotations

import pytest
from django.db import connection

from organizations.models import Organization, OrgRole


@pytest.mark.django_db
def test_under_selects_the_same_organisations_as_startswith_for_every_node(demo):
    orgs = list(Organization.objects.all())
    assert len(orgs) > 10
    for org in orgs:
        under = set(Organization.objects.filter(path__under=org.path).values_list("pk", flat=True))
        assert under == {o.pk for o in orgs if o.path.startswith(org.path)}
        assert org.pk in under


@pytest.mark.django_db
def test_under_through_a_relation_and_negated(demo):
    township = demo.township
    roles = set(OrgRole.objects.filter(organization__path__under=township.path).values_list("pk", flat=True))
    assert roles == {r.pk for r in OrgRole.objects.select_related("organization") if r.organization.path.startswith(township.path)}
    outside = set(Organization.objects.exclude(path__under=township.path).values_list("pk", flat=True))
    assert outside == {o.pk for o in Organization.objects.all() if not o.path.startswith(township.path)}
    assert Organization.objects.filter(path__under="").count() == Organization.objects.count()


@pytest.mark.django_db
def test_on_sqlite_it_is_a_range_the_index_serves_elsewhere_the_like(demo):
    sql = str(Organization.objects.filter(path__under=demo.township.path).query)
    if connection.vendor == "sqlite":
        assert "LIKE" not in sql and ">=" in sql
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN SELECT id FROM organizations_organization WHERE path >= %s AND path < %s",
                           [demo.township.path, demo.township.path[:-1] + "0"])
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "USING" in plan and "INDEX" in plan and "path" in plan
    else:
        assert "LIKE" in sql
