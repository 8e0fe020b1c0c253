from django.urls import path

from . import views, views_board, views_dashboard, views_summary

app_name = "reports"

urlpatterns = [
    path("", views.run_list, name="run-list"),
    path("request/", views.run_request, name="run-request"),
    path("<int:pk>/status/", views.run_status, name="run-status"),
    path("<int:pk>/download/", views.run_download, name="run-download"),
    path("<int:pk>/rerun/", views.run_rerun, name="run-rerun"),
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("summary/", views_summary.summary_overview, name="summary-overview"),
    path("summary/<int:org_pk>/", views_summary.summary_edit, name="summary-edit"),
    path("board/<int:org_pk>/", views_board.township_board, name="township-board"),
    path("board/<int:org_pk>/board.pdf", views_board.township_board_pdf, name="township-board-pdf"),
    path("organisations/", views_dashboard.org_list, name="org-list"),
    path("organisations/export/", views_dashboard.org_export, name="org-export"),
]
