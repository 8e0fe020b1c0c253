from django.urls import path

from . import views, views_paper, views_public, views_records, views_teams

app_name = "surveys"

urlpatterns = [
    path("", views.round_list, name="round-list"),
    path("rounds/new/", views.round_create, name="round-create"),
    path("rounds/<int:pk>/", views.round_detail, name="round-detail"),
    path("rounds/<int:pk>/quorum/", views.round_quorum_panel, name="round-quorum"),
    path("rounds/<int:pk>/open/", views.round_open, name="round-open"),
    path("rounds/<int:pk>/close/", views.round_close, name="round-close"),
    path("rounds/<int:pk>/reopen/", views.round_reopen, name="round-reopen"),
    path("rounds/<int:pk>/codes/", views.codes_generate, name="codes-generate"),
    path("rounds/<int:pk>/codes/<int:batch>/slips.pdf", views.codes_pdf, name="codes-pdf"),
    path("rounds/<int:pk>/paper/", views.paper_entry, name="paper-entry"),
    path("rounds/<int:pk>/paper/blank.pdf", views_paper.paper_blank, name="paper-blank"),
    path("rounds/<int:pk>/paper/undo/", views.paper_undo, name="paper-undo"),
    path("rounds/<int:pk>/excel-template.xlsx", views.excel_template, name="excel-template"),
    path("rounds/<int:pk>/excel/", views.excel_import, name="excel-import"),
    path("rounds/<int:pk>/results/", views.round_results, name="round-results"),
    path("questionnaires/", views.template_list, name="template-list"),
    path("questionnaires/<int:pk>/", views.template_detail, name="template-detail"),
    path("questionnaires/<int:pk>/copy/", views.template_copy, name="template-copy"),
    path("questionnaires/<int:pk>/new-version/", views.template_new_version, name="template-version"),
    path("questionnaires/<int:pk>/questions/new/", views.question_create, name="question-create"),
    path("questions/<int:pk>/edit/", views.question_edit, name="question-edit"),
    path("questions/<int:pk>/delete/", views.question_delete, name="question-delete"),
    path("records/", views.record_list, name="record-list"),
    path("records/new/", views.record_create, name="record-create"),
    path("records/<int:pk>/", views.record_detail, name="record-detail"),
    path("records/<int:pk>/attach/", views_records.record_attachment_add, name="record-attach"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
    path("overview/", views.overview, name="overview"),
    path("reports/org/<int:org_pk>/", views.report_edit, name="report-edit"),
    path("reports/<int:pk>/review/", views.report_review, name="report-review"),
    path("reports/<int:pk>/reopen/", views.report_reopen, name="report-reopen"),
    path("summary/<int:org_pk>/", views.summary_edit, name="summary-edit"),
    path("teams/", views_teams.team_list_page, name="team-list"),
    path("teams/new/", views_teams.team_create, name="team-create"),
    path("teams/<int:pk>/", views_teams.team_detail, name="team-detail"),
    path("teams/<int:pk>/edit/", views_teams.team_edit, name="team-edit"),
    path("teams/<int:pk>/report/", views_teams.team_report, name="team-report"),
    path("teams/<int:pk>/do/<str:transition>/", views_teams.team_decide, name="team-decide"),
    # Public pages of participants: no login.
    path("c/", views_public.code_entry, name="code-entry"),
    # A code typed into the address (or an old slip): back to the entry page, unread and unlogged
    # (a redirect is no 404 log line holding the code; docs/rules.md §14).
    path("c/<path:rest>", views_public.code_in_address, name="code-in-address"),
    path("done/", views_public.code_done, name="code-done"),
]
