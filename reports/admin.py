from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import ReportRun


@admin.register(ReportRun)
class ReportRunAdmin(ReadOnlyAdmin):
    list_display = ("created", "kind", "fmt", "status", "progress", "requested_by")
    list_filter = ("status", "kind")
