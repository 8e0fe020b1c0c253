"""How the audit rows of the four-step classification read on a history page (core.history)."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.history import register_action, register_object

register_action("classification.start", _("started the four-step classification of"))
register_action("classification.step1_complete", _("completed step 1 (masses pre-rating) of"))
register_action("classification.step2_complete", _("completed step 2 (member review) of"))
register_action("classification.step3_complete", _("completed step 3 of"))
register_action("classification.self_rate", _("submitted the self-rating of"))
register_action("classification.step4_complete", _("completed step 4 of"))
register_action("classification.confirm", _("confirmed the level of"))
register_action("classification.return", _("returned the classification of"))
register_action("classification.township_decide", _("decided at township level the level of"))
register_action("classification.comment", _("commented on the classification of"))
register_action("classification.meeting_save", _("saved a meeting of"))
register_action("classification.attachment_add", _("added a meeting attachment to"))
register_action("classification.paper_enter", _("entered the paper tally of"))
register_action("classification.paper_confirm", _("checked the paper tally of"))
register_action("ballot.session_open", _("opened an online ballot"))
register_action("ballot.session_close", _("closed the online ballot"))

register_object("classification.classification",
                url=lambda o: reverse("classification:classification-detail", args=[o.pk]))
register_object("classification.meeting",
                url=lambda o: reverse("classification:classification-detail", args=[o.classification_id]))
register_object("classification.ballotsession",
                url=lambda o: reverse("classification:ballot-session-detail", args=[o.pk]))
register_object("classification.meetingattachment",
                url=lambda o: reverse("classification:classification-detail", args=[o.meeting.classification_id]))
register_object("classification.meetingresult",
                url=lambda o: reverse("classification:classification-detail", args=[o.meeting.classification_id]))
