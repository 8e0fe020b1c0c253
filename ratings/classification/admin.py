"""The Django admin for power users: read-only views of the classification tables.

Every state here changes only through ratings.classification.services (locks, transition checks, audit
rows), so the admin may look but never add, change or delete. Ballot codes and counts are left out:
the secret ballot is not browsed row by row."""
from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import BallotSession, Classification, ClassificationReview, Meeting, MeetingResult


@admin.register(Classification)
class ClassificationAdmin(ReadOnlyAdmin):
    list_display = ("organization", "campaign", "state", "self_level", "final_level", "rounds")
    list_filter = ("state", "final_level")
    list_select_related = ("organization", "campaign")
    search_fields = ("organization__name",)


@admin.register(ClassificationReview)
class ClassificationReviewAdmin(ReadOnlyAdmin):
    list_display = ("classification", "kind", "level", "actor", "created")
    list_filter = ("kind",)
    list_select_related = ("classification__organization", "classification__campaign", "actor")


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("classification", "step", "kind", "date", "quorum_ok", "superseded")
    list_filter = ("step", "kind", "quorum_ok")
    list_select_related = ("classification__organization", "classification__campaign")


@admin.register(MeetingResult)
class MeetingResultAdmin(ReadOnlyAdmin):
    list_display = ("meeting", "source", "advanced", "average", "lagging", "agree", "disagree", "abstain", "confirmed_at")
    list_filter = ("source",)
    list_select_related = ("meeting__classification__organization",)


@admin.register(BallotSession)
class BallotSessionAdmin(ReadOnlyAdmin):
    list_display = ("meeting", "question", "proposed_level", "state", "closed_at")
    list_filter = ("state", "question")
    list_select_related = ("meeting__classification__organization",)
