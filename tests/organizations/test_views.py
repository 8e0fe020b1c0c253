"""Pages of the tree: history, search, counts per domain, accounts; each through the user's scope."""
from __future__ import annotations

from django.urls import reverse

from organizations import services
from organizations.models import Organization
from organizations.selectors import domain_counts, tree_for


def test_history_page_lists_who_changed_what_and_why(demo, client_for):
    services.organization_update(actor=demo.users["township"], organization=demo.branch, member_count=40, reason="党员发展")
    html = client_for("branch").get(reverse("organizations:org-history", kwargs={"pk": demo.branch.pk})).content.decode()
    assert "修改组织信息" in html and "党员发展" in html and "金星乡组织办 王干事" in html


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


def _post(client, name, pk=None, data=None, **query):
    url = reverse(f"organizations:{name}", kwargs={"pk": pk} if pk else {})
    return client.post(url, data or {})


def test_township_creates_moves_archives_and_restores_through_the_pages(demo, client_for):
    client = client_for("township")
    response = _post(client, "org-create", demo.township.pk, {
        "name": "新兴村党总支", "kind": "general_branch", "domain": "village", "member_count": 0, "reason": "新设"})
    assert response.status_code == 302
    new = Organization.objects.get(name="新兴村党总支")
    assert response.url == reverse("organizations:org-detail", kwargs={"pk": new.pk})
    assert _post(client, "org-move", demo.org("石桥村党支部").pk, {"new_parent": new.pk, "reason": "归并"}).status_code == 302
    assert Organization.objects.get(name="石桥村党支部").parent == new
    refused = _post(client, "org-archive", new.pk, {"reason": "撤销"})
    assert refused.status_code == 200 and "请先" in refused.content.decode()  # active children first
    assert _post(client, "org-archive", demo.org("石桥村党支部").pk, {"reason": "撤销"}).status_code == 302
    assert _post(client, "org-restore", demo.org("石桥村党支部").pk, {"reason": ""}).status_code == 302
    assert Organization.objects.get(name="石桥村党支部").is_active


def test_the_create_form_refuses_a_duplicate_name_with_a_message(demo, client_for):
    response = _post(client_for("township"), "org-create", demo.township.pk, {
        "name": "东方村党支部", "kind": "branch", "domain": "village", "member_count": 3})
    assert response.status_code == 200 and response.context["form"].errors


def test_the_move_form_offers_only_parents_inside_scope_and_outside_the_subtree(demo, client_for):
    general = demo.org("金星村党总支")
    response = client_for("township").get(reverse("organizations:org-move", kwargs={"pk": general.pk}))
    offered = set(response.context["form"].fields["new_parent"].queryset)
    assert demo.township in offered
    assert general not in offered and demo.township2 not in offered and demo.county not in offered
    assert not any(o.kind == "branch" for o in offered)


def test_township_creates_an_account_and_resets_its_password_through_the_pages(demo, client_for):
    client = client_for("township")
    form = client.get(reverse("organizations:account-create")).context["form"]
    targets = set(form.fields["organization"].queryset)
    assert demo.branch2 in targets and demo.other_township_branch not in targets and demo.township not in targets
    assert [value for value, _label in form.fields["role"].choices] == ["branch_secretary"]
    response = _post(client, "account-create", data={
        "username": "shiqiao", "full_name": "吴德福", "organization": demo.org("石桥村党支部").pk,
        "role": "branch_secretary", "password": "Qiao-Lu-7731!"})
    assert response.status_code == 302
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="shiqiao")
    assert _post(client, "account-password", user.pk, {"new_password": "Another-2026!"}).status_code == 302
    user.refresh_from_db()
    assert user.check_password("Another-2026!")


def test_a_role_is_removed_through_the_confirmation_page(demo, client_for):
    from organizations.models import OrgRole

    grant = OrgRole.objects.get(user=demo.users["branch2"])
    assert _post(client_for("township"), "role-revoke", grant.pk, {"reason": "调离"}).status_code == 302
    assert not OrgRole.objects.filter(pk=grant.pk).exists()
    assert client_for("branch2").get(reverse("organizations:org-detail", kwargs={"pk": demo.branch2.pk})).status_code == 404


def test_tree_filters_by_level_and_stars_on_the_lazy_tree(demo, client_for):
    """t17's status selects (core/org_status.py) still filter the tree after t18 made it lazy: a chosen
    status turns the tree into the list of matches, and an unknown value is ignored."""
    from core.org_status import statuses_for

    client = client_for("township")
    html = client.get(reverse("organizations:tree")).content.decode()
    assert 'data-testid="filter-level"' in html and 'data-testid="filter-stars"' in html
    scope = list(Organization.objects.filter(path__startswith=demo.township.path, is_active=True).values_list("pk", flat=True))
    statuses = statuses_for(scope)
    for key, value in (("stars", "3"), ("level", "average")):
        expected = {pk for pk in scope if key in statuses[pk] and statuses[pk][key].value == value}
        assert expected, f"the demo has no organisation with {key}={value}"
        response = client.get(reverse("organizations:tree"), {key: value})
        assert response.context["matches"] == len(expected)
        assert {org.pk for org, _ancestors in response.context["results"]} == expected
        assert f'<option value="{value}" selected>' in response.content.decode()
    both = client.get(reverse("organizations:tree"), {"stars": "2", "level": "average"}).context["matches"]
    assert both == len({pk for pk in scope if statuses[pk].get("stars") and statuses[pk]["stars"].value == "2"
                        and statuses[pk].get("level") and statuses[pk]["level"].value == "average"}) == 1
    assert "roots" in client.get(reverse("organizations:tree"), {"stars": "9"}).context  # no such value: the tree
