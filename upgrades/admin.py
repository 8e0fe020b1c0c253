"""The admin looks at the upgrade phase's records; every change goes through upgrades.services.
One-time satisfaction codes are not shown at all."""
from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Commitment, CommitmentReview, Honour, Measure, MemberPledge, YearEnd


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ("organization", "campaign", "state", "target_level")
    list_select_related = ("organization", "campaign")
    list_filter = ("state",)


@admin.register(CommitmentReview)
class CommitmentReviewAdmin(ReadOnlyAdmin):
    list_display = ("commitment", "transition", "from_state", "to_state", "created")
    list_select_related = ("commitment__organization",)


@admin.register(Measure)
class MeasureAdmin(ReadOnlyAdmin):
    list_display = ("commitment", "what", "status")
    list_select_related = ("commitment__organization",)


@admin.register(Honour)
class HonourAdmin(ReadOnlyAdmin):
    list_display = ("organization", "year", "level", "title")
    list_select_related = ("organization",)


@admin.register(MemberPledge)
class MemberPledgeAdmin(ReadOnlyAdmin):
    list_display = ("commitment", "member_name")


@admin.register(YearEnd)
class YearEndAdmin(ReadOnlyAdmin):
    list_display = ("organization", "campaign")
    list_select_related = ("organization", "campaign")
