from django.contrib import admin

from .models import Case, CaseMeasure, CaseNote


class MeasureInline(admin.TabularInline):
    model = CaseMeasure
    extra = 0


class NoteInline(admin.TabularInline):
    model = CaseNote
    extra = 0


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("organization", "campaign", "state", "deadline", "leader")
    list_filter = ("state", "campaign")
    inlines = [MeasureInline, NoteInline]
