"""How the audit rows of surveys read on a history page (core.history)."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.choices import ParticipantCategory
from core.history import register_action, register_keys, register_object

register_action("survey_template.copy", _("copied the questionnaire"))
register_action("survey_template.new_version", _("made a new version of the questionnaire"))
register_action("survey_question.save", _("saved the question"))
register_action("survey_question.delete", _("deleted the question"))
register_action("survey_round.create", _("created the survey round"))
register_action("survey_round.open", _("opened the survey round"))
register_action("survey_round.close", _("closed the survey round"))
register_action("survey_round.reopen", _("reopened the survey round"))
register_action("survey_codes.generate", _("generated questionnaire codes for"))
register_action("survey_response.paper", _("entered a paper questionnaire"))
register_action("survey_response.paper_undo", _("withdrew a paper questionnaire"))
register_action("survey_response.excel", _("imported questionnaires from Excel into"))
register_action("survey_record.save", _("saved the survey record"))
register_action("survey_record.attachment_add", _("attached a file to the survey record"))
register_action("survey_report.save", _("saved the survey report"))
register_action("survey_report.submit", _("submitted the survey report"))
register_action("survey_report.accepted", _("accepted the survey report"))
register_action("survey_report.returned", _("returned the survey report"))
register_action("survey_summary.save", _("saved the township compilation"))


def _round(pk):
    return reverse("surveys:round-detail", args=[pk])


register_object("surveys.surveyround", url=lambda o: _round(o.pk))
register_object("surveys.response", url=lambda o: _round(o.round_id))
register_object("surveys.questionnairetemplate", url=lambda o: reverse("surveys:template-detail", args=[o.pk]))
register_object("surveys.question", url=lambda o: reverse("surveys:template-detail", args=[o.template_id]))
register_object("surveys.surveyrecord", url=lambda o: reverse("surveys:record-detail", args=[o.pk]))
register_object("surveys.surveyreport", url=lambda o: reverse("surveys:report-review", args=[o.pk]))
register_object("surveys.surveysummary", url=lambda o: reverse("surveys:summary-edit", args=[o.organization_id]))

# the categories and answers that appear inside counts ({"party_member": 3}, {"satisfied": 5})
register_keys({**{k: v for k, v in ParticipantCategory.choices}, "basic": _("basically satisfied")})
