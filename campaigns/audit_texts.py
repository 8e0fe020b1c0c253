"""How the audit rows of campaigns and rule sets read on a history page (core.history)."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.history import register_action, register_object

register_action("campaign.create", _("created the campaign"))
register_action("campaign.update", _("changed the campaign"))
register_action("ruleset.copy", _("copied the rule set"))
register_action("ruleset.update", _("changed the rule set"))
register_action("quorum_rule.update", _("changed the quorum rule"))

register_object("campaigns.campaign", url=lambda o: reverse("campaigns:campaign-detail", args=[o.pk]))
register_object("campaigns.ruleset", url=lambda o: reverse("campaigns:ruleset-detail", args=[o.pk]))
