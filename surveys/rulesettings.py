"""Rule-set settings read by the survey rules."""
from django.utils.translation import gettext_lazy as _

from core.rulesettings import Setting, register

register(
    Setting(
        key="satisfaction_rate_counts_basic",
        label=_("The satisfaction rate counts “basically satisfied” as satisfied"),
        kind="bool",
        default=True,
        source="default (docs/rules.md §9: the seed sets no formula; 满意率 usually = 满意 + 基本满意)",
        group=_("Surveys"),
    ),
)
