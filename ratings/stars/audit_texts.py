"""How the audit rows of star ratings read on a history page (core.history)."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.history import register_action, register_object

register_action("scoring_template.copy", _("copied the scoring template"))
register_action("scoring_template.new_version", _("made a new version of the scoring template"))
register_action("scoring_rule.update", _("changed the scoring rule"))
register_action("scoring_rule.add", _("added a scoring rule"))
register_action("scoring_section.update", _("changed the scoring section"))
register_action("score_sheet.create", _("created the score sheet"))
register_action("score_sheet.self", _("entered the self-scores of"))
register_action("score_sheet.reviewer", _("entered the review scores of"))
register_action("score_sheet.final", _("entered the final scores of"))
register_action("score_sheet.submit", _("submitted the score sheet"))
register_action("score_sheet.evidence", _("uploaded evidence to"))
register_action("star_application.create", _("applied for stars"))
register_action("star_application.objection", _("recorded an objection to"))
register_action("star_application.objection_answer", _("answered an objection to"))
register_action("star_application.submit", _("submitted the star application"))
register_action("star_application.assess", _("assessed the star application"))
register_action("star_application.inspect", _("inspected on site for the star application"))
register_action("star_application.notice", _("published the notice of the star application"))
register_action("star_application.approve", _("approved the star application"))
register_action("star_application.return", _("returned the star application"))
register_action("star_rating.spot_check", _("changed the stars after a spot check"))

register_object("stars.scoringtemplate", url=lambda o: reverse("stars:template-detail", args=[o.pk]))
register_object("stars.scoringrule", url=lambda o: reverse("stars:template-detail", args=[o.section.template_id]))
register_object("stars.scoringsection", url=lambda o: reverse("stars:template-detail", args=[o.template_id]))
register_object("stars.scoresheet", url=lambda o: reverse("stars:sheet-detail", args=[o.pk]))
register_object("stars.evidencefile", url=lambda o: reverse("stars:sheet-detail", args=[o.sheet_id]))
register_object("stars.starapplication", url=lambda o: reverse("stars:application-detail", args=[o.pk]))
register_object("stars.starrating", url=lambda o: reverse("stars:star-history", args=[o.organization_id]))
