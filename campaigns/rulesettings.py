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
    Setting(
        key="four_eyes",
        label=_("Whoever entered or submitted a record may not approve it"),
        kind="bool",
        default=True,
        source="default (docs/rules.md: a record people can trust; switch off only for an office with one clerk)",
        group=_("Campaign"),
    ),
    Setting(
        key="small_group_threshold",
        label=_("Smallest group whose results may be shown apart"),
        kind="int",
        default=5,
        source="default (docs/rules.md: secrecy, small groups are never broken down)",
        group=_("Campaign"),
    ),
)
