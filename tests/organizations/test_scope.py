"""The access chokepoint (organizations/scope.py): a role covers its subtree, nothing else."""
from __future__ import annotations

import pytest
from django.http import Http404

from organizations.demo import TREE
from organizations.models import Organization, OrgRole
from organizations.scope import (
    can, forget_grants, get_scoped_or_404, grants, has_role, primary_role, require, restrict, scope_paths,
)
from organizations.selectors import tree_for


def _names(nodes) -> set[str]:
    out: set[str] = set()
    for node in nodes:
        out.add(node.org.name)
        out |= _names(node.children)
    return out


def _subtree_names(entry) -> set[str]:
    name, *_rest, children = entry
    out = {name}
    for child in children:
        out |= _subtree_names(child)
    return out


def test_township_staff_tree_shows_exactly_the_jinxing_subtree(demo):
    roots, _matches = tree_for(demo.users["township"])
    assert [n.org.name for n in roots] == ["金星乡党委"]
    assert _names(roots) == _subtree_names(TREE[0])


def test_township_staff_tree_page_lists_no_organisation_of_another_township(demo, client_for):
    client = client_for("township")
    html = client.get("/org/").content.decode()
    general = Organization.objects.get(name="金星村党总支")
    deeper = client.get(f"/org/{general.pk}/children/").content.decode()  # the tree's next level, on demand
    assert "东方村党支部" in html and "金星村第二党支部" in deeper
    for name in _subtree_names(TREE[1]) | {"县教育局机关党委", "晋安县委组织部"}:
        assert name not in html and name not in deeper
    other = Organization.objects.get(name=TREE[1][0])
    assert client.get(f"/org/{other.pk}/children/").status_code == 404


def test_branch_secretary_tree_shows_only_their_branch(demo):
    roots, _matches = tree_for(demo.users["branch"])
    assert _names(roots) == {"东方村党支部"}


def test_county_reviewer_tree_holds_every_active_organisation(demo):
    roots, _matches = tree_for(demo.users["county"])
    assert _names(roots) == set(Organization.objects.filter(is_active=True).values_list("name", flat=True))


def test_outsider_sees_nothing(demo):
    outsider = demo.users["outsider"]
    assert tree_for(outsider)[0] == []
    assert not restrict(Organization.objects.all(), outsider).exists()
    assert primary_role(outsider) is None


def test_restrict_limits_a_queryset_to_the_subtree_for_the_action(demo):
    township = demo.users["township"]
    visible = set(restrict(Organization.objects.all(), township).values_list("pk", flat=True))
    assert visible == set(Organization.objects.filter(path__startswith=demo.township.path).values_list("pk", flat=True))
    branch = demo.users["branch"]
    assert list(restrict(Organization.objects.all(), branch)) == [demo.branch]
    assert not restrict(Organization.objects.all(), branch, "manage_org").exists()


def test_restrict_follows_a_via_lookup_for_related_rows(demo):
    rows = restrict(OrgRole.objects.all(), demo.users["branch"])
    assert {r.organization_id for r in rows} == {demo.branch.pk}


def test_get_scoped_or_404_answers_404_for_forbidden_and_missing_alike(demo):
    branch = demo.users["branch"]
    assert get_scoped_or_404(Organization, branch, pk=demo.branch.pk) == demo.branch
    with pytest.raises(Http404):
        get_scoped_or_404(Organization, branch, pk=demo.branch2.pk)
    with pytest.raises(Http404):
        get_scoped_or_404(Organization.objects.all(), branch, pk=10**9)
    with pytest.raises(Http404):
        get_scoped_or_404(Organization, branch, "manage_org", pk=demo.branch.pk)


def test_can_and_require_follow_the_role_actions(demo):
    township, branch, county = demo.users["township"], demo.users["branch"], demo.users["county"]
    assert can(township, "manage_org", demo.branch2)
    assert not can(township, "manage_org", demo.other_township_branch)
    assert not can(township, "manage_rules", demo.township)
    assert can(county, "manage_rules", demo.county)
    assert can(branch, "view", demo.branch) and can(branch, "enter", demo.branch)
    assert not can(branch, "view", demo.township)  # a role covers the subtree, never the parent
    require(branch, "report", demo.branch)
    with pytest.raises(Http404):
        require(branch, "view", demo.branch2)


def test_roles_on_archived_organisations_grant_nothing(demo):
    branch = demo.users["branch"]
    Organization.objects.filter(pk=demo.branch.pk).update(is_active=False)
    forget_grants(branch)
    assert grants(branch) == ()
    assert not can(branch, "view", demo.branch)
    assert not has_role(branch, "branch_secretary")
    assert primary_role(branch) is None


def test_nested_grants_fold_into_the_outer_path(demo):
    township = demo.users["township"]
    OrgRole.objects.create(user=township, organization=demo.branch, role="township_staff")
    forget_grants(township)
    assert len(grants(township)) == 2
    assert scope_paths(township) == [demo.township.path]


def test_separate_grants_add_up(demo):
    branch = demo.users["branch"]
    OrgRole.objects.create(user=branch, organization=demo.other_township_branch, role="branch_secretary")
    forget_grants(branch)
    visible = set(restrict(Organization.objects.all(), branch).values_list("name", flat=True))
    assert visible == {"东方村党支部", "柳河村党支部"}


def test_primary_role_is_the_highest_held(demo):
    branch = demo.users["branch"]
    assert primary_role(branch) == "branch_secretary"
    OrgRole.objects.create(user=branch, organization=demo.township2, role="township_staff")
    forget_grants(branch)
    assert primary_role(branch) == "township_staff"


def test_restrict_and_can_agree_for_every_actor_action_and_organisation(demo):
    from organizations.scope import ROLE_ACTIONS

    actions = sorted(set().union(*ROLE_ACTIONS.values()))
    orgs = list(Organization.objects.all())
    for username in ("county", "township", "township2", "branch", "branch2", "outsider"):
        user = demo.users[username]
        for action in actions:
            visible = set(restrict(Organization.objects.all(), user, action).values_list("pk", flat=True))
            assert visible == {o.pk for o in orgs if can(user, action, o)}, (username, action)
