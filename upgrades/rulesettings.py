"""Rule-set settings of the upgrade phase (docs/rules.md §9). Read with ``ruleset.setting(key)``."""
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core.rulesettings import Setting, register

G = _("Upgrades and rates")

register(
    Setting(key="upgrade_rate_target", label=_("Target: upgrade rate of average organisations (%)"), kind="decimal",
            default=Decimal("15"), source="seed 000 §四(四): 升级率达15%以上", group=G),
    Setting(key="transformation_rate_target", label=_("Target: transformation rate of lagging organisations (%)"),
            kind="decimal", default=Decimal("90"), source="seed 000 §四(四): 后进党组织转化率达90%以上", group=G),
    Setting(key="improvement_rate_target", label=_("Target: improvement rate of advanced organisations (%, 0 = none)"),
            kind="decimal", default=Decimal("0"), source="default (docs/rules.md §9: named by seed 000 §五(四) without a target)", group=G),
    Setting(key="upgrade_counts", label=_("The upgrade rate counts"), kind="choice", default="honour",
            choices=(("honour", _("an honour of county level or higher recorded in the year")),
                     ("rerating", _("alternative: re-rating to advanced at year-end"))),
            source="default (docs/rules.md §9): seed 000 §四(四) 争创县及以上先进(示范)党组织", group=G),
    Setting(key="upgrade_rate_scope", label=_("Organisations counted by the rates"), kind="choice",
            default="village_community",
            choices=(("village_community", _("village and community organisations")), ("all", _("all branches"))),
            source="seed 000 §四(四): 全乡村(社区)", group=G),
    Setting(key="satisfaction_counts_basically", label=_("Satisfaction rate counts 'basically satisfied'"), kind="bool",
            default=True, source="default (docs/rules.md §9: the seed sets no pass mark)", group=G),
    Setting(key="measure_reminder_days", label=_("Remind of a measure this many days before it is due"), kind="int",
            default=14, source="default", group=G),
)
