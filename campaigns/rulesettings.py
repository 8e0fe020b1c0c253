"""Settings of the campaign itself."""
from django.utils.translation import gettext_lazy as _

from core.rulesettings import Setting, register

register(
    Setting(
        key="deadline_warning_days",
        label=_("Warn this many days before a deadline"),
        kind="int",
        default=7,
        source="default (docs/rules.md §3: the app warns before deadlines)",
        group=_("Campaign"),
    ),
)
