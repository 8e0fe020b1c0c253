"""Main pages cost the same number of queries for the demo county and for a county 200 branches larger."""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import Organization, OrgRole, make_path

PAGES = [
    ("township", "organizations:tree", None),
    ("county", "organizations:tree", None),
    ("township", "campaigns:dashboard", None),
    ("county", "campaigns:dashboard", None),
    ("branch", "campaigns:dashboard", None),
    ("township", "organizations:org-detail", "township"),
    ("county", "organizations:org-detail", "township"),
    ("township", "organizations:account-list", None),
    ("county", "organizations:account-list", None),
]


def grow(demo, extra: int = 200) -> None:
    """Add ``extra`` village branches (each with a secretary account) under both townships."""
    new = []
    for i in range(extra):
        parent = demo.township if i % 2 == 0 else demo.township2
        new.append(Organization(parent=parent, name=f"扩展村{i:03d}党支部", kind="branch", domain="village",
                                member_count=20 + i % 60, secretary_name=f"书记{i}"))
    Organization.objects.bulk_create(new)
    created = list(Organization.objects.filter(name__startswith="扩展村").select_related("parent"))
    assert len(created) == extra
    for org in created:
        org.path = make_path(org.parent.path, org.pk)
        org.depth = org.parent.depth + 1
    Organization.objects.bulk_update(created, ["path", "depth"])
    User = get_user_model()
    User.objects.bulk_create([User(username=f"ext{i:03d}", password="!") for i in range(extra)])
    users = {u.username: u for u in User.objects.filter(username__startswith="ext")}
    OrgRole.objects.bulk_create([
        OrgRole(user=users[f"ext{org.name[3:6]}"], organization=org, role="branch_secretary") for org in created
    ])


def count_queries(client, url: str) -> int:
    client.get(url)  # warm caches (session, content types) the same way for both sizes
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("actor,url_name,pk_of", PAGES, ids=[f"{a}-{u}" for a, u, _ in PAGES])
def test_page_costs_the_same_queries_for_a_small_and_a_large_tree(demo, client_for, actor, url_name, pk_of):
    url = reverse(url_name, kwargs={"pk": getattr(demo, pk_of).pk} if pk_of else {})
    client = client_for(actor)
    small = count_queries(client, url)
    grow(demo)
    large = count_queries(client, url)
    assert large == small, f"{url} as {actor}: {small} queries for the demo county, {large} with 200 more branches"


def test_the_grown_tree_is_really_larger_on_the_page(demo, client_for):
    """The tree shows a township's first TREE_CHUNK children and loads the rest on demand ("show more")."""
    from organizations.selectors import TREE_CHUNK

    grow(demo)
    client = client_for("township")
    html = client.get(reverse("organizations:tree")).content.decode()
    children = Organization.objects.filter(parent=demo.township, is_active=True).count()
    assert children > TREE_CHUNK
    more = reverse("organizations:tree-children", args=[demo.township.pk]) + "?page=2"
    assert more.replace("&", "&amp;") in html and "扩展村000党支部" in html
    rest, number = "", 2
    while f"?page={number}" in (html if number == 2 else chunk):  # each chunk links the next ("show more")
        chunk = client.get(reverse("organizations:tree-children", args=[demo.township.pk]) + f"?page={number}").content.decode()
        rest, number = rest + chunk, number + 1
    assert number - 1 == -(-children // TREE_CHUNK)  # as many loads as chunks
    assert "扩展村198党支部" in html + rest and "扩展村199党支部" not in html + rest  # 柳河镇's half stays out
    assert html.count('class="jw-node"') - 1 + rest.count('class="jw-node"') == children  # the root, then every child once
