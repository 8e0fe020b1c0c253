from django.contrib import admin

from .models import Organization, OrgRole


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "domain", "member_count", "secretary_name", "is_active")
    list_filter = ("kind", "domain", "is_active")
    search_fields = ("name", "secretary_name")
    readonly_fields = ("path", "depth")


@admin.register(OrgRole)
class OrgRoleAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "organization")
    list_select_related = ("user", "organization")
    list_filter = ("role",)
