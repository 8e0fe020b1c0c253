from django.urls import path

from . import views, views_imports

app_name = "core"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("imports/<int:pk>/", views_imports.import_run, name="import-run"),
    path("imports/<int:pk>/status/", views_imports.import_run_status, name="import-run-status"),
    path("imports/<int:pk>/marked.xlsx", views_imports.import_run_marked, name="import-run-marked"),
]
