"""How the audit rows of commitments and the year-end read on a history page (core.history)."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.history import register_action, register_object

register_action("commitment.create", _("created the commitment"))
register_action("commitment.update", _("changed the commitment"))
register_action("commitment.publish", _("published the commitment"))
register_action("commitment.submit", _("submitted the commitment"))
register_action("commitment.approve", _("approved the commitment"))
register_action("commitment.return", _("returned the commitment"))
register_action("commitment.agreement_scan", _("uploaded the signed agreement of"))
register_action("commitment.measure_add", _("added a measure"))
register_action("commitment.measure_status", _("changed the status of the measure"))
register_action("commitment.evidence_add", _("added evidence to"))
register_action("commitment.pledge_add", _("added a member pledge to"))
register_action("honour.add", _("recorded an honour"))
register_action("yearend.self_check", _("saved the year-end self-check and member meeting of"))
register_action("yearend.satisfaction", _("entered the satisfaction counts of"))
register_action("yearend.satisfaction_ballot_open", _("opened the online satisfaction ballot of"))
register_action("yearend.satisfaction_ballot_close", _("closed the online satisfaction ballot of"))
register_action("yearend.fix_level", _("fixed the year-end level of"))


def _commitment(o):
    return reverse("upgrades:commitment-detail", args=[o.pk])


def _yearend(o):
    return reverse("upgrades:yearend", args=[o.organization_id]) + f"?campaign={o.campaign_id}"


register_object("upgrades.commitment", url=_commitment)
register_object("upgrades.measure", url=lambda o: _commitment(o.commitment))
register_object("upgrades.evidence", url=lambda o: _commitment(o.commitment))
register_object("upgrades.memberpledge", url=lambda o: _commitment(o.commitment))
register_object("upgrades.honour", url=lambda o: reverse("upgrades:honours"))
register_object("upgrades.yearend", url=_yearend, fields={"counts": _("satisfaction counts")})
