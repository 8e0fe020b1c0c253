"""The admin never writes around the services: every model of the project's apps is read-only there."""
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

PROJECT_APPS = {"core", "organizations", "campaigns", "surveys", "classification", "stars", "ratings", "upgrades", "reports"}


def test_every_project_model_in_the_admin_is_read_only(db):
    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.create_superuser("root", password="x-root-password-1")
    registered = [(model, model_admin) for model, model_admin in admin.site._registry.items()
                  if model._meta.app_label in PROJECT_APPS]
    assert registered
    for model, model_admin in registered:
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
        for inline in model_admin.get_inline_instances(request):
            assert not inline.has_change_permission(request), (model, inline)


def test_a_superuser_cannot_move_an_organisation_in_the_admin(demo, client):
    superuser = get_user_model().objects.create_superuser("root", password="x-root-password-1")
    client.force_login(superuser)
    org = demo.branch
    url = reverse("admin:organizations_organization_change", args=[org.pk])
    assert client.get(url).status_code == 200  # it may look
    response = client.post(url, {"name": "改名", "parent": demo.township2.pk})
    assert response.status_code == 403
    org.refresh_from_db()
    assert org.name == "东方村党支部" and org.parent_id == demo.township.pk
