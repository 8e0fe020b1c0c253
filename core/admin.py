from django.contrib import admin

from .models import AuditEvent, Campaign, QuorumRule, RuleSet


class QuorumRuleInline(admin.TabularInline):
    model = QuorumRule
    extra = 0


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ("name", "version", "is_builtin", "owner")
    inlines = [QuorumRuleInline]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "year", "scope", "ruleset")
    list_select_related = ("scope", "ruleset")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created", "actor_name", "action", "object_repr", "organization")
    list_select_related = ("organization",)
    search_fields = ("action", "object_repr", "actor_name")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
