"""An archived organisation is a closed record (docs/rules.md §13): it is not renamed or moved until restored."""
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from organizations import services

pytestmark = pytest.mark.django_db


def test_an_archived_organisation_cannot_be_renamed_or_moved_until_restored(demo, client_for):
    township = demo.users["township"]
    services.organization_archive(actor=township, organization=demo.branch, reason="并入红旗村")
    demo.branch.refresh_from_db()
    with translation.override("en"), pytest.raises(ValidationError, match="archived"):
        services.organization_update(actor=township, organization=demo.branch, name="新名字")
    with pytest.raises(ValidationError):
        services.organization_move(actor=township, organization=demo.branch, new_parent=demo.org("金星村党总支"), reason="调整")
    client = client_for("township")
    assert f"/org/{demo.branch.pk}/edit/" not in client.get(f"/org/{demo.branch.pk}/").content.decode()
    response = client.post(f"/org/{demo.branch.pk}/edit/", {"name": "新名字"})
    assert response.status_code == 302
    demo.branch.refresh_from_db()
    assert demo.branch.name == "东方村党支部"
    services.organization_restore(actor=township, organization=demo.branch, reason="恢复")
    demo.branch.refresh_from_db()
    assert services.organization_update(actor=township, organization=demo.branch, name="新名字").name == "新名字"
