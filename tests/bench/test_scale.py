"""The scale county generator: shape of docs/rules.md §12, valid tree paths, users per role, deterministic."""
from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import transaction

from bench.scale import COUNTY_NAME, seed_scale, shape


def test_shape_is_twenty_townships_of_forty_at_800_and_two_of_twenty_at_40():
    assert shape(800) == (20, 40)
    assert shape(40) == (2, 20)
    assert shape(6) == (1, 6)


@pytest.mark.django_db
def test_forty_organisations_make_a_valid_tree_with_a_user_per_role():
    from campaigns.models import Campaign
    from organizations.models import Organization, OrgRole, make_path, path_depth

    ctx = seed_scale(40, modules=[])
    orgs = {o.pk: o for o in Organization.objects.all()}
    assert len([o for o in orgs.values() if o.kind == "township"]) == 2
    below = [o for o in orgs.values() if o.kind in ("branch", "general_branch")]
    assert len(below) == 40
    for org in orgs.values():
        parent = orgs.get(org.parent_id)
        assert org.path == make_path(parent.path if parent else None, org.pk)
        assert org.depth == path_depth(org.path)
    assert "village" in {o.domain for o in below} and len({o.domain for o in below}) >= 4
    assert any(o.kind == "general_branch" for o in below)
    roles = OrgRole.objects.values_list("role", flat=True)
    assert list(roles).count("county_reviewer") == 1
    assert list(roles).count("township_staff") == 2
    assert list(roles).count("branch_secretary") == 40
    assert ctx.users["branch"].org_roles.get().organization.kind == "branch"
    assert Campaign.objects.get().scope == ctx.county


@pytest.mark.django_db
def test_the_same_seed_makes_the_same_county():
    from organizations.models import Organization

    def names():
        seed_scale(30, modules=[])
        return list(Organization.objects.order_by("path").values_list("name", "domain", "member_count"))

    first = None
    try:
        with transaction.atomic():
            first = names()
            raise RuntimeError
    except RuntimeError:
        pass
    assert first and first == names()


@pytest.mark.django_db
def test_seed_scale_command_refuses_a_second_county_and_rebuilds_with_reset(capsys):
    from organizations.models import Organization

    from bench.seed_scale import seed_scale_command

    seed_scale_command(["--orgs", "6"])
    with pytest.raises(RuntimeError):
        seed_scale_command(["--orgs", "6"])
    seed_scale_command(["--orgs", "20", "--reset"])
    assert Organization.objects.filter(name=COUNTY_NAME).count() == 1
    assert Organization.objects.filter(kind__in=["branch", "general_branch"]).count() == 20
    found = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("bench modules found:"))
    assert "foundation" in found.split(":", 1)[1].strip().split(", ")


@pytest.mark.django_db
def test_every_module_scale_hook_runs_after_the_tree_with_the_context():
    import types

    seen = {}

    def scale(ctx):
        seen["orgs"] = ctx.orgs
        seen["branches"] = len(ctx.branches)
        seen["campaign"] = ctx.campaign is not None
        ctx.extra["fake.done"] = True

    fake = types.ModuleType("bench.fake")
    fake.scale = scale
    no_hook = types.ModuleType("bench.pages_only")
    ctx = seed_scale(20, modules=[fake, no_hook])
    assert seen == {"orgs": 20, "branches": len(ctx.branches), "campaign": True}
    assert ctx.extra["fake.done"]
