"""How the audit rows of organisations and accounts read on a history page (core.history)."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.history import register_action, register_keys, register_object

register_action("organization.create", _("created the organisation"))
register_action("organization.update", _("changed the organisation"))
register_action("organization.move", _("moved the organisation"))
register_action("organization.archive", _("archived the organisation"))
register_action("organization.restore", _("restored the organisation"))
register_action("organization.import_create", _("created the organisation by Excel import"))
register_action("organization.import_update", _("changed the organisation by Excel import"))
register_action("account.create", _("created an account for"))
register_action("account.reset_password", _("reset the password of"))
register_action("role.revoke", _("revoked a role of"))

register_object("organizations.organization", url=lambda o: reverse("organizations:org-detail", args=[o.pk]),
                fields={"path": _("position in the tree")})
register_keys({
    "username": _("user name"), "role": _("role"), "user": _("user"), "organization": _("organisation"),
    "name": _("name"), "status": _("status"), "state": _("status"), "counts": _("counts"), "totals": _("totals"),
    "size": _("size (bytes)"), "file": _("file"), "from": _("copied from"), "copied_from": _("copied from"),
    "version": _("version"), "year": _("year"), "level": _("level"), "title": _("title"), "rows": _("rows"),
    "codes": _("codes"), "quorum_ok": _("quorum met"), "campaign": _("campaign"), "template": _("template"),
    "previous": _("previous version"), "category": _("category"), "round": _("survey round"),
    "batch": _("batch"), "label": _("label"), "late": _("late"), "question": _("question"),
    "agree": _("agree"), "disagree": _("disagree"), "abstain": _("abstain"), "spoiled": _("spoiled"),
    "satisfied": _("satisfied"), "basically": _("basically satisfied"), "dissatisfied": _("dissatisfied"),
    "demo": _("demo data"), "issuer": _("issuer"), "objection": _("objection"), "confirmed_by": _("confirmed by"),
    "measures": _("measures"), "rules": _("scoring rules"), "what": _("what"), "responsible": _("responsible"),
    "due": _("due"), "member": _("member"), "text": _("text"),
})
