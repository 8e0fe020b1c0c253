from django.contrib import admin

from .models import Campaign, QuorumRule, RuleSet


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
