"""The admin looks at the tree and the roles; every change goes through organizations.services (the
path of a moved organisation, the audit row of a granted role)."""
from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Organization, OrgRole


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "domain", "member_count", "secretary_name", "is_active")
    list_filter = ("kind", "domain", "is_active")
    search_fields = ("name", "secretary_name")
    readonly_fields = ("path", "depth")


@admin.register(OrgRole)
class OrgRoleAdmin(ReadOnlyAdmin):
    list_display = ("user", "role", "organization")
    list_select_related = ("user", "organization")
    list_filter = ("role",)
