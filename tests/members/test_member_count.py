"""Enter once: a branch with a member list takes the list's count as its member count with one button
(members.services.member_count_from_list), audited; the quorum and the ledger keep reading
Organization.member_count."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import AuditEvent
from members import services as s
from members.models import Member
from organizations.models import Organization

pytestmark = pytest.mark.django_db


def _url(demo, org):
    return reverse("members:member-count", args=[org.pk]) + f"?campaign={demo.ctx.campaign.pk}"


def _differs(org):
    listed = Member.objects.filter(organization=org, is_active=True).count()
    assert listed  # 东方村党支部 has its member list in the demo
    Organization.objects.filter(pk=org.pk).update(member_count=listed + 7)
    return listed


@pytest.mark.parametrize("who", ["branch", "township"])
def test_the_button_takes_the_lists_count_and_writes_an_audit_row(demo, client_for, who):
    listed = _differs(demo.branch)
    client = client_for(who)
    page = client.get(reverse("members:branch", args=[demo.branch.pk]) + f"?campaign={demo.ctx.campaign.pk}").content.decode()
    assert 'id="take-member-count"' in page and f"<strong>{listed + 7}</strong>" in page and f"<strong>{listed}</strong>" in page
    response = client.post(_url(demo, demo.branch))
    assert response.status_code == 302
    assert Organization.objects.get(pk=demo.branch.pk).member_count == listed
    row = AuditEvent.objects.get(action="organization.member_count_from_list", object_id=str(demo.branch.pk))
    assert row.before == {"member_count": listed + 7} and row.after == {"member_count": listed}
    page = client.get(reverse("members:branch", args=[demo.branch.pk]) + f"?campaign={demo.ctx.campaign.pk}").content.decode()
    assert 'id="take-member-count"' not in page  # nothing left to take


def test_a_user_outside_scope_gets_404_and_nothing_changes(demo, client_for):
    listed = _differs(demo.branch)
    assert client_for("branch2").post(_url(demo, demo.branch)).status_code == 404
    assert client_for("outsider").post(_url(demo, demo.branch)).status_code == 404
    assert Organization.objects.get(pk=demo.branch.pk).member_count == listed + 7
    assert not AuditEvent.objects.filter(action="organization.member_count_from_list").exists()


def test_an_archived_organisation_refuses(demo, client_for):
    listed = _differs(demo.branch)
    Organization.objects.filter(pk=demo.branch.pk).update(is_active=False, archived_reason="并入")
    with pytest.raises(ValidationError):
        s.member_count_from_list(actor=demo.users["township"], organization=demo.branch)
    response = client_for("township").post(_url(demo, demo.branch), follow=True)
    assert response.status_code == 200 and "的组织不能修改，请先恢复" in response.content.decode()
    assert Organization.objects.get(pk=demo.branch.pk).member_count == listed + 7
    assert not AuditEvent.objects.filter(action="organization.member_count_from_list").exists()


def test_equal_counts_or_no_list_are_said_not_changed(demo):
    listed = Member.objects.filter(organization=demo.branch, is_active=True).count()
    Organization.objects.filter(pk=demo.branch.pk).update(member_count=listed)
    with pytest.raises(ValidationError):
        s.member_count_from_list(actor=demo.users["branch"], organization=demo.branch)
    Member.objects.filter(organization=demo.branch).delete()
    with pytest.raises(ValidationError):
        s.member_count_from_list(actor=demo.users["branch"], organization=demo.branch)
