from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core.views_auth import JinweiLoginView

urlpatterns = [
    path("", include("core.urls")),
    path("", include("campaigns.urls")),
    path("accounts/login/", JinweiLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("org/", include("organizations.urls")),
    path("reports/", include("reports.urls")),
    path("surveys/", include("surveys.urls")),
    path("ratings/", include("ratings.classification.urls")),
    path("ratings/", include("ratings.stars.urls")),
    path("upgrades/", include("upgrades.urls")),
    path("followup/", include("followup.urls")),
    path("members/", include("members.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "core.views_auth.not_found"
# Django's own server_error view renders templates/500.html (Chinese, standalone: no database needed).
