"""Pages of the tree: history, search, counts per domain, accounts; each through the user's scope."""
from __future__ import annotations

from django.urls import reverse

from organizations import services
from organizations.models import Organization
from organizations.selectors import domain_counts, tree_for


def test_history_page_lists_who_changed_what_and_why(demo, client_for):
    services.organization_update(actor=demo.users["township"], organization=demo.branch, member_count=40, reason="党员发展")
    html = client_for("branch").get(reverse("organizations:org-history", kwargs={"pk": demo.branch.pk})).content.decode()
    assert "organization.update" in html and "党员发展" in html and "金星乡组织办 王干事" in html


def test_tree_search_opens_the_matches_with_their_ancestors(demo):
    roots, matches = tree_for(demo.users["county"], query="金星村第二")
    assert matches == 1
    township = roots[0].children[0]
    assert township.org == demo.township and township.open
    general = township.children[0]
    assert general.org.name == "金星村党总支" and [c.org.name for c in general.children] == ["金星村第二党支部"]
    assert general.children[0].match


def test_tree_filter_by_domain_counts_the_matches(demo, client_for):
    response = client_for("township").get(reverse("organizations:tree"), {"domain": "village"})
    village = Organization.objects.filter(path__startswith=demo.township.path, domain="village").count()
    assert response.context["matches"] == village
    assert "石桥村党支部" in response.content.decode() and "金达机械有限公司党支部" not in response.content.decode()


def test_counts_per_domain_cover_only_the_users_scope(demo):
    counts = {label: (n, members) for label, n, members in domain_counts(demo.users["township"])}
    assert counts["村"] == (7, 36 + 52 + 0 + 45 + 43 + 28 + 61)
    assert "城市社区" not in counts  # 柳河镇's urban communities are outside
    assert sum(n for n, _m in counts.values()) == Organization.objects.filter(path__startswith=demo.township.path).count()


def test_archived_organisations_leave_the_tree_unless_asked_for(demo, client_for):
    services.organization_archive(actor=demo.users["township"], organization=demo.branch2, reason="合并")
    client = client_for("township")
    assert "红旗村党支部" not in client.get(reverse("organizations:tree")).content.decode()
    assert "红旗村党支部" in client.get(reverse("organizations:tree"), {"archived": "1"}).content.decode()


def test_account_list_shows_the_townships_accounts_only(demo, client_for):
    html = client_for("township").get(reverse("organizations:account-list")).content.decode()
    assert "branch2" in html and "sec01" in html
    other = Organization.objects.get(name="柳河村党支部").roles.get().user.username
    assert other not in html


def test_branch_secretary_sees_no_management_buttons_on_their_branch(demo, client_for):
    response = client_for("branch").get(reverse("organizations:org-detail", kwargs={"pk": demo.branch.pk}))
    assert not response.context["can_manage"] and not response.context["parent_visible"]
    assert reverse("organizations:org-edit", kwargs={"pk": demo.branch.pk}) not in response.content.decode()
