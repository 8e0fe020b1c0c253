from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Campaign, QuorumRule, RuleSet


class QuorumRuleInline(ReadOnlyInline):
    model = QuorumRule
    extra = 0


@admin.register(RuleSet)
class RuleSetAdmin(ReadOnlyAdmin):
    list_display = ("name", "version", "is_builtin", "owner")
    inlines = [QuorumRuleInline]


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ("name", "year", "scope", "ruleset")
    list_select_related = ("scope", "ruleset")
