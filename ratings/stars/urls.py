"""URLs of scoring sheets and star ratings (included under /ratings/, namespace "stars")."""
from django.urls import path

from . import views as v
from . import views_docs as d
from . import views_results as r
from . import views_quota as vq

app_name = "stars"

urlpatterns = [
    path("stars/", v.star_home, name="stars-home"),
    path("stars/templates/", v.template_list, name="template-list"),
    path("stars/templates/<int:pk>/", v.template_detail, name="template-detail"),
    path("stars/templates/<int:pk>/cutoffs/", v.template_cutoffs, name="template-cutoffs"),
    path("stars/templates/<int:pk>/copy/", v.template_copy, name="template-copy"),
    path("stars/rules/<int:pk>/edit/", v.rule_edit, name="scoring-rule-edit"),
    path("stars/sections/<int:pk>/edit/", v.section_edit, name="scoring-section-edit"),
    path("stars/sections/<int:pk>/add-rule/", v.rule_add, name="scoring-rule-add"),
    path("stars/sheets/", v.sheet_list, name="sheet-list"),
    path("stars/sheets/new/", v.sheet_create, name="sheet-create"),
    path("stars/sheets/<int:pk>/", v.sheet_detail, name="sheet-detail"),
    path("stars/sheets/<int:pk>/enter/<str:stage>/", v.sheet_enter, name="sheet-enter"),
    path("stars/sheets/<int:pk>/enter/<str:stage>/preview/", v.sheet_preview, name="sheet-preview"),
    path("stars/sheets/<int:pk>/submit/", v.sheet_submit, name="sheet-submit"),
    path("stars/sheets/<int:pk>/reopen/", v.sheet_reopen, name="sheet-reopen"),
    path("stars/sheets/<int:pk>/evidence/", v.evidence_upload, name="evidence-upload"),
    path("stars/sheets/<int:pk>/sheet.pdf", d.sheet_pdf, name="sheet-pdf"),
    path("stars/evidence/<int:pk>/", v.evidence_download, name="evidence-download"),
    path("stars/applications/", v.application_list, name="application-list"),
    path("stars/applications/new/", v.application_create, name="application-create"),
    path("stars/applications/<int:pk>/", v.application_detail, name="application-detail"),
    path("stars/applications/<int:pk>/quota-whatif/", vq.quota_whatif_view, name="quota-whatif"),
    path("stars/applications/<int:pk>/form.pdf", d.application_pdf, name="application-pdf"),
    path("stars/results/", r.assessment_results, name="assessment-results"),
    path("stars/results.pdf", r.assessment_results_pdf, name="assessment-results-pdf"),
    path("stars/applications/<int:pk>/innovation/", v.application_innovation, name="application-innovation"),
    path("stars/applications/<int:pk>/<str:decision>/", v.application_act, name="application-act"),
    path("stars/objections/<int:pk>/answer/", v.objection_answer, name="objection-answer"),
    path("stars/inbox/", v.inbox, name="star-inbox"),
    path("stars/quota/", v.quota, name="star-quota"),
    path("stars/filing/", d.filing, name="star-filing"),
    path("stars/filing.xlsx", d.filing_xlsx, name="star-filing-xlsx"),
    path("stars/history/<int:org_pk>/", v.history, name="star-history"),
    path("stars/ratings/<int:pk>/spot-check/", v.spot_check, name="star-spot-check"),
    path("public/stars/<uuid:token>/", d.notice_public, name="star-notice"),
    path("public/stars/<uuid:token>/notice.pdf", d.notice_pdf, name="star-notice-pdf"),
    path("public/stars/objection/<uuid:token>/", d.notice_object, name="star-object"),
]
