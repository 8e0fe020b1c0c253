"""URLs of the upgrade phase (included under /upgrades/)."""
from django.urls import path

from . import views, views_paper

app_name = "upgrades"

urlpatterns = [
    path("", views.progress, name="progress"),
    path("new/", views.commitment_create, name="commitment-create"),
    path("c/<int:pk>/", views.commitment_detail, name="commitment-detail"),
    path("c/<int:pk>/edit/", views.commitment_edit, name="commitment-edit"),
    path("c/<int:pk>/do/<str:transition>/", views.commitment_transition, name="commitment-transition"),
    path("c/<int:pk>/measures/add/", views.measure_add, name="measure-add"),
    path("measures/<int:pk>/status/", views.measure_status, name="measure-status"),
    path("c/<int:pk>/evidence/add/", views.evidence_add, name="evidence-add"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
    path("c/<int:pk>/pledges/add/", views.pledge_add, name="pledge-add"),
    path("c/<int:pk>/publish/", views.commitment_publish, name="commitment-publish"),
    path("c/<int:pk>/agreement.pdf", views.agreement_pdf, name="agreement-pdf"),
    path("c/<int:pk>/agreement/scan/", views.agreement_scan, name="agreement-scan"),
    path("public/<uuid:token>/", views.public_commitment, name="public"),
    path("public/<uuid:token>/notice.pdf", views.public_notice_pdf, name="public-notice-pdf"),
    path("honours/", views.honours, name="honours"),
    path("yearend/<int:org_pk>/", views.yearend, name="yearend"),
    path("yearend/<int:org_pk>/codes/", views.ballot_codes, name="ballot-codes"),
    path("yearend/<int:org_pk>/codes/slips.pdf", views.ballot_slips, name="ballot-slips"),
    path("vote/", views.vote, name="vote"),
    path("vote/subject/", views_paper.vote_subject, name="vote-subject"),
    path("yearend/<int:org_pk>/paper/blank.pdf", views_paper.satisfaction_blank, name="satisfaction-blank"),
    path("history/<int:org_pk>/", views.org_history, name="history"),
    path("rates/", views.rates, name="rates"),
    path("rates/orgs/", views.rates_orgs, name="rates-orgs"),
]
