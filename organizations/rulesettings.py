"""Rule-set settings read by the organisation rules."""
from django.utils.translation import gettext_lazy as _

from core.rulesettings import Setting, register

register(
    Setting(
        key="delegates_meeting_from_members",
        label=_("Member review is a delegates meeting from this many members"),
        kind="int",
        default=50,
        source="seed 000 §三(二)2: 不足50名党员的召开党员大会，50名以上的召开党员代表会议",
        group=_("Meetings"),
    ),
)
