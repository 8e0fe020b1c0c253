"""URLs of the follow-through (included under /followup/)."""
from django.urls import path

from . import views, views_agreements, views_pledges

app_name = "followup"

urlpatterns = [
    path("cases/", views.case_list, name="case-list"),
    path("cases/new/", views.case_open, name="case-open"),
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
    path("cases/<int:pk>/measures/add/", views.measure_add, name="measure-add"),
    path("measures/<int:pk>/progress/", views.measure_progress, name="measure-progress"),
    path("measures/<int:pk>/evidence/", views.measure_evidence, name="measure-evidence"),
    path("cases/<int:pk>/notes/add/", views.note_add, name="note-add"),
    path("cases/<int:pk>/exit/", views.request_exit, name="case-request-exit"),
    path("cases/<int:pk>/decide/", views.decide_exit, name="case-decide-exit"),
    path("cases/<int:pk>/record.pdf", views.case_pdf, name="case-pdf"),
    path("alerts/", views.alerts, name="alerts"),
]

urlpatterns += [
    path("agreements/", views_agreements.agreement_list, name="agreement-list"),
    path("agreements/org/<int:org_pk>/", views_agreements.agreement, name="agreement"),
    path("agreements/<int:pk>/do/<str:transition>/", views_agreements.agreement_transition, name="agreement-transition"),
    path("agreements/<int:pk>/agreement.pdf", views_agreements.agreement_pdf, name="agreement-pdf"),
    path("agreements/<int:pk>/scan/", views_agreements.agreement_scan, name="agreement-scan"),
    path("pledges/", views_pledges.pledge_list, name="pledge-list"),
    path("pledges/org/<int:org_pk>/", views_pledges.pledges, name="pledges"),
    path("pledges/<int:pk>/assess/", views_pledges.pledge_assess, name="pledge-assess"),
    path("pledges/org/<int:org_pk>/cadres/add/", views_pledges.cadre_add, name="cadre-add"),
    path("cadres/<int:pk>/assess/", views_pledges.cadre_assess, name="cadre-assess"),
]
