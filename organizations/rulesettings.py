"""Rule-set settings read by the organisation rules."""
from django.utils.translation import gettext_lazy as _

from core.rulesettings import Setting, register

register(
    Setting(
        key="delegates_meeting_from_members",
        label=_("Member review is a delegates meeting from this many members"),
        kind="int",
        default=50,
        source="seed 000 §三(二)2: 党员人数50人以下的召开党员大会，党员人数50人及以上的召开党员代表会议",
        group=_("Meetings"),
    ),
)
