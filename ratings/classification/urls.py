"""URLs of the classification (included under /ratings/, namespace "classification")."""
from django.urls import path

from . import views as v
from . import views_paper as vp

app_name = "classification"

urlpatterns = [
    path("classification/", v.overview, name="classification-overview"),
    path("classification/start/<int:campaign_pk>/", v.start_all, name="classification-start-all"),
    path("classification/start/<int:campaign_pk>/<int:org_pk>/", v.start, name="classification-start"),
    path("classification/<int:pk>/", v.detail, name="classification-detail"),
    path("classification/<int:pk>/meeting/<int:step>/", v.meeting_edit, name="classification-meeting-edit"),
    path("classification/<int:pk>/complete/", v.step_complete, name="classification-step-complete"),
    path("classification/<int:pk>/self-rating/", v.self_rate, name="classification-self-rate"),
    path("classification/<int:pk>/confirm/", v.confirm, name="classification-confirm"),
    path("classification/<int:pk>/return/", v.return_, name="classification-return"),
    path("classification/<int:pk>/reopen/", v.reopen, name="classification-reopen"),
    path("classification/<int:pk>/decide/", v.decide, name="classification-decide"),
    path("classification/<int:pk>/comment/", v.comment, name="classification-comment"),
    path("meetings/<int:pk>/attachments/new/", v.attachment_create, name="classification-attachment-create"),
    path("meetings/attachments/<int:pk>/", v.attachment_download, name="classification-attachment-download"),
    path("meetings/<int:pk>/tally/", v.tally_edit, name="classification-tally-edit"),
    path("meetings/<int:pk>/paper/blank.pdf", vp.meeting_blank, name="meeting-paper-blank"),
    path("meetings/<int:pk>/tally/confirm/", v.tally_confirm, name="classification-tally-confirm"),
    path("meetings/<int:pk>/ballot/new/", v.ballot_create, name="ballot-session-create"),
    path("ballots/<int:pk>/", v.ballot_detail, name="ballot-session-detail"),
    path("ballots/<int:pk>/close/", v.ballot_close, name="ballot-session-close"),
    path("ballots/<int:pk>/slips.pdf", v.ballot_slips, name="ballot-session-slips"),
    path("vote/", v.vote, name="ballot-vote"),
    # a code typed into the address (or an old slip): back to the entry page, unread and unlogged (docs/rules.md §14)
    path("vote/<path:rest>", v.vote_code_in_address, name="ballot-vote-code-in-address"),
]
