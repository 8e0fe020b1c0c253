"""The county inbox and the quota view cost the same number of queries for a small and a larger tree."""
from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import Organization, make_path, path_depth
from ratings.stars import services as s

# not about the suggested level: a departure from it carries its written reason (docs/rules.md §8)
WHY = "经实地考核综合评定"


def _grow(demo, n: int) -> None:
    """Add ``n`` branches under 金星乡, each with an application assessed at four stars."""
    township = demo.township
    actor = demo.users["township"]
    for i in range(n):
        org = Organization.objects.create(parent=township, name=f"扩展村{i:03d}党支部", kind="branch", domain="village", member_count=20)
        org.path = make_path(township.path, org.pk)
        org.depth = path_depth(org.path)
        org.save(update_fields=["path", "depth"])
        app = s.application_create(actor=actor, organization=org, campaign=demo.ctx.campaign, requested_level=4)
        s.application_submit(actor=actor, application=app)
        # four eyes: the township entered and submitted it, so another person with the role assesses it
        s.application_assess(departure_reason=WHY, actor=demo.users["county"], application=app, level=4, comment="考核合格")


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name,user", [("stars:star-inbox", "county"), ("stars:star-quota", "county"),
                                       ("stars:star-quota", "township"), ("stars:application-list", "county")])
def test_page_queries_do_not_grow_with_the_tree(demo, client_for, name, user):
    client = client_for(user)
    url = reverse(name)
    _count(client, url)  # warm caches (content types, sessions)
    small = _count(client, url)
    _grow(demo, 25)
    large = _count(client, url)
    assert small == large
