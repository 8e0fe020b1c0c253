"""Enter once: a member's public pledge names a member of the branch's list (members app), picked, not
typed again; a branch without a list still types the name."""
import pytest
from django.core.exceptions import ValidationError

from upgrades import services

pytestmark = pytest.mark.django_db


def test_a_pledge_names_a_member_of_the_list(demo, client_for):
    c = demo.ctx.extra["upgrades.commitments"]["approved"]  # 红旗村: its member list is in the demo
    with pytest.raises(ValidationError) as exc:
        services.pledge_add(actor=demo.users["branch2"], commitment=c, member_name="不在名单的人", text="承诺")
    assert "member_name" in exc.value.message_dict
    p = services.pledge_add(actor=demo.users["branch2"], commitment=c, member_name="何家旺", text="带头清理村道。")
    assert p.member_name == "何家旺"
    page = client_for("branch2").get(f"/upgrades/c/{c.pk}/").content.decode()
    assert 'data-testid="pledge-member"' in page and "<option>罗春生</option>" in page
