from django.contrib import admin

from .models import ReportRun


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    list_display = ("created", "kind", "fmt", "status", "progress", "requested_by")
    list_filter = ("status", "kind")
