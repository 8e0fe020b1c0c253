"""URLs of the follow-through (included under /followup/)."""
from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("cases/", views.case_list, name="case-list"),
    path("cases/new/", views.case_open, name="case-open"),
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
    path("cases/<int:pk>/measures/add/", views.measure_add, name="measure-add"),
    path("measures/<int:pk>/progress/", views.measure_progress, name="measure-progress"),
    path("cases/<int:pk>/notes/add/", views.note_add, name="note-add"),
    path("cases/<int:pk>/exit/", views.request_exit, name="case-request-exit"),
    path("cases/<int:pk>/decide/", views.decide_exit, name="case-decide-exit"),
    path("cases/<int:pk>/record.pdf", views.case_pdf, name="case-pdf"),
    path("alerts/", views.alerts, name="alerts"),
]
