"""The admin looks at the survey tables; every change goes through surveys.services."""
from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Question, QuestionnaireTemplate, SurveyRecord, SurveyReport, SurveyRound


class QuestionInline(ReadOnlyInline):
    model = Question
    extra = 0


@admin.register(QuestionnaireTemplate)
class QuestionnaireTemplateAdmin(ReadOnlyAdmin):
    list_display = ("name", "category", "version", "owner", "is_current")
    list_filter = ("category", "is_current")
    inlines = [QuestionInline]


@admin.register(SurveyRound)
class SurveyRoundAdmin(ReadOnlyAdmin):
    list_display = ("title", "organization", "campaign", "activity", "status")
    list_filter = ("status", "activity")
    raw_id_fields = ("organization", "template", "created_by")
    readonly_fields = ("status",)  # states change only through the services


@admin.register(SurveyReport)
class SurveyReportAdmin(ReadOnlyAdmin):
    list_display = ("organization", "campaign", "status", "submitted_at", "is_late")
    list_filter = ("status", "is_late")
    raw_id_fields = ("organization",)
    readonly_fields = ("status", "submitted_at", "is_late")


@admin.register(SurveyRecord)
class SurveyRecordAdmin(ReadOnlyAdmin):
    list_display = ("title", "organization", "kind", "held_on")
    raw_id_fields = ("organization",)
