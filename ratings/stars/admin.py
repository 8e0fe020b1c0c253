"""The Django admin for power users: read-only views of the scoring and star tables.

Templates, sheets, applications and ratings change only through ratings.stars.services (frozen template
versions, the approval chain, audit rows), so the admin may look but never add, change or delete."""
from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import ScoreSheet, ScoringTemplate, SpotCheck, StarApplication, StarApproval, StarObjection, StarRating


@admin.register(ScoringTemplate)
class ScoringTemplateAdmin(ReadOnlyAdmin):
    list_display = ("name", "domain", "year", "version", "is_builtin", "owner", "is_active")
    list_filter = ("is_builtin", "domain", "year")
    list_select_related = ("owner",)
    search_fields = ("name",)


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ReadOnlyAdmin):
    list_display = ("organization", "campaign", "template", "status", "self_total", "reviewer_total", "final_total")
    list_filter = ("status",)
    list_select_related = ("organization", "campaign", "template")
    search_fields = ("organization__name",)


@admin.register(StarApplication)
class StarApplicationAdmin(ReadOnlyAdmin):
    list_display = ("organization", "campaign", "state", "requested_level", "proposed_level", "final_level", "over_quota")
    list_filter = ("state", "over_quota")
    list_select_related = ("organization", "campaign")
    search_fields = ("organization__name",)


@admin.register(StarApproval)
class StarApprovalAdmin(ReadOnlyAdmin):
    list_display = ("application", "decision", "from_state", "to_state", "level", "actor_name", "created")
    list_filter = ("decision",)
    list_select_related = ("application__organization",)


@admin.register(StarObjection)
class StarObjectionAdmin(ReadOnlyAdmin):
    list_display = ("application", "created", "answered_at")
    list_select_related = ("application__organization",)


@admin.register(StarRating)
class StarRatingAdmin(ReadOnlyAdmin):
    list_display = ("organization", "year", "level", "approved_level", "campaign")
    list_filter = ("year", "level")
    list_select_related = ("organization", "campaign")
    search_fields = ("organization__name",)


@admin.register(SpotCheck)
class SpotCheckAdmin(ReadOnlyAdmin):
    list_display = ("rating", "old_level", "new_level", "actor_name", "created")
    list_select_related = ("rating__organization",)
