from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("import-template.xlsx", views.import_template, name="import-template"),
    path("<int:pk>/children/", views.tree_level, name="tree-children"),
    path("<int:pk>/", views.org_detail, name="org-detail"),
    path("<int:pk>/new/", views.org_create, name="org-create"),
    path("<int:pk>/edit/", views.org_edit, name="org-edit"),
    path("<int:pk>/move/", views.org_move, name="org-move"),
    path("<int:pk>/archive/", views.org_archive, name="org-archive"),
    path("<int:pk>/restore/", views.org_restore, name="org-restore"),
    path("<int:pk>/history/", views.org_history, name="org-history"),
    path("<int:pk>/export.xlsx", views.org_export, name="org-export"),
    path("<int:pk>/import/", views.org_import, name="org-import"),
    path("accounts/", views.account_list, name="account-list"),
    path("accounts/new/", views.account_create, name="account-create"),
    path("accounts/<int:pk>/password/", views.account_password, name="account-password"),
    path("roles/<int:pk>/remove/", views.role_revoke, name="role-revoke"),
]
