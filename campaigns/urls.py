from django.urls import path

from . import views, views_library

app_name = "campaigns"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("campaigns/", views.campaign_list, name="campaign-list"),
    path("campaigns/new/", views.campaign_create, name="campaign-create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign-edit"),
    path("library/<int:org_pk>/", views_library.library, name="library"),
    path("library/files/<int:pk>/", views_library.library_download, name="library-download"),
    path("rules/", views.ruleset_list, name="ruleset-list"),
    path("rules/<int:pk>/", views.ruleset_detail, name="ruleset-detail"),
    path("rules/<int:pk>/copy/", views.ruleset_copy, name="ruleset-copy"),
    path("rules/<int:pk>/edit/", views.ruleset_edit, name="ruleset-edit"),
    path("rules/quorum/<int:pk>/edit/", views.quorum_rule_edit, name="quorum-rule-edit"),
]
