"""The overview grid costs the same number of queries for a small and a large township, and the
benchmark module follows the contract of bench/api.py."""
from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import ratings_classification as bench
from bench.api import ScaleContext
from organizations.models import Organization, make_path, path_depth

pytestmark = pytest.mark.django_db


def add_branches(demo, n: int, start: int = 0) -> list[Organization]:
    made = []
    for i in range(start, start + n):
        org = Organization.objects.create(parent=demo.township, name=f"测试{i:03d}村党支部", kind="branch",
                                          domain="village" if i % 3 else "enterprise", member_count=20 + i % 50)
        org.path = make_path(demo.township.path, org.pk)
        org.depth = path_depth(org.path)
        org.save(update_fields=["path", "depth"])
        made.append(org)
    return made


def scale(demo, branches):
    ctx = ScaleContext(orgs=len(branches), county=demo.county, townships=[demo.township], branches=branches,
                       users={"township": demo.users["township"], "county": demo.users["county"]},
                       campaign=demo.ctx.campaign)
    bench.scale(ctx)
    return ctx


def overview_queries(client, url="/ratings/classification/") -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/ratings/classification/", "/ratings/classification/?domain=village",
                                 "/ratings/classification/?status=step4", "/ratings/classification/?status=not_started"])
def test_overview_costs_the_same_queries_for_a_small_and_a_large_township(demo, client_for, url):
    scale(demo, add_branches(demo, 5))
    client = client_for("township")
    client.get(url)  # warm the session and the user's grants
    small = overview_queries(client, url)
    scale(demo, add_branches(demo, 120, start=5))
    large = overview_queries(client, url)
    assert small == large


def test_scale_gives_every_branch_a_classification_with_its_meetings(demo):
    branches = add_branches(demo, 30)
    ctx = scale(demo, branches)
    from ratings.classification.models import Classification, Meeting

    assert Classification.objects.filter(campaign=demo.ctx.campaign, organization__in=branches).count() == 30
    assert Meeting.objects.filter(classification__organization__in=branches).exists()
    assert ctx.extra["ratings.classification.count"] == 30
    assert [p.name for p in bench.PAGES] == ["page:classification-overview", "page:classification-overview-county"]


def test_the_ballot_benchmark_casts_ballots(demo):
    ctx = scale(demo, add_branches(demo, 12))
    [timed] = bench.timed(ctx)
    assert timed.metric == "ballots_per_s" and timed.run() > 0
