"""How the audit rows of members read on a history page (core.history)."""
from django.utils.translation import gettext_lazy as _

from core.history import register_action

register_action("organization.member_count_from_list", _("took the member list's count as the member count of"))
