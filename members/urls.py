"""URLs of the member evaluation (included under /members/)."""
from django.urls import path

from . import views, views_paper

app_name = "members"

urlpatterns = [
    path("", views.home, name="home"),
    path("org/<int:org_pk>/", views.branch, name="branch"),
    path("org/<int:org_pk>/add/", views.member_add, name="member-add"),
    path("org/<int:org_pk>/member-count/", views.member_count_take, name="member-count"),
    path("org/<int:org_pk>/import/", views.member_import, name="member-import"),
    path("org/<int:org_pk>/open/", views.evaluation_open, name="evaluation-open"),
    path("eval/<int:pk>/paper/", views.paper, name="paper"),
    path("eval/<int:pk>/close/", views.evaluation_close, name="evaluation-close"),
    path("eval/<int:pk>/ballot.pdf", views_paper.ballot_paper, name="ballot-paper"),
    path("eval/<int:pk>/slips.pdf", views.slips, name="slips"),
    path("results/<int:pk>/handle/", views.result_handle, name="result-handle"),
    path("vote/", views.vote, name="vote"),
]
