"""Rule-set settings of the four-step classification (docs/rules.md §5, §6)."""
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core.rulesettings import Setting, register

register(
    Setting(
        key="deliberation_adoption_percent",
        label=_("Step 4: the proposed level is adopted when agree votes exceed this share of valid ballots (%)"),
        kind="decimal",
        default=Decimal("50"),
        source="default (docs/rules.md §5 step 4; seed 000 §三(二)4 names only 无记名测评)",
        group=_("Classification"),
    ),
    Setting(
        key="deliberation_adoption_strict",
        label=_("Step 4: agree must be strictly more than the share (off: at least the share)"),
        kind="bool",
        default=True,
        source="default (docs/rules.md §5 step 4: agree > 50%)",
        group=_("Classification"),
    ),
    Setting(
        key="deliberation_not_adopted",
        label=_("Step 4: when the proposed level is not adopted"),
        kind="choice",
        default="back_to_step3",
        choices=(("back_to_step3", _("back to the self-rating (step 3)")),
                 ("township_decides", _("the township decides the level"))),
        source="default (docs/rules.md §5: the seed gives no failure path)",
        group=_("Classification"),
    ),
)
