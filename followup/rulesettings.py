"""Rule-set settings of the follow-through (docs/rules.md §9). Read with ``ruleset.setting(key)``."""
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core.rulesettings import Setting, register

G = _("Casework and alerts")

#: The seeds name 软弱涣散 without a list; this default is the usual checklist, kept as data.
WEAK_SITUATIONS = "\n".join([
    "党组织书记不胜任现职、工作不在状态、严重影响班子整体战斗力",
    "班子不团结、内耗严重、工作不能正常开展",
    "组织软弱，对宗族宗教、黑恶势力等问题放任不管",
    "村务财务管理混乱，群众反映强烈",
    "组织生活不正常，“三会一课”等制度落实不到位",
    "党员队伍老化、发展党员工作停滞",
    "服务群众意识淡薄，群众意见大、满意度低",
    "集体经济薄弱，带领群众致富能力不强",
])

register(
    Setting(key="weak_situations", label=_("Weak and lax situations (one per line)"), kind="text", default=WEAK_SITUATIONS,
            source="default (docs/rules.md §9): the seeds name 软弱涣散 without a list", group=G),
    Setting(key="case_exit_masses_rate", label=_("Exit by masses assessment: masses satisfaction at least (%)"),
            kind="decimal", default=Decimal("80"), source="default (docs/rules.md §9): the seeds set no mark", group=G),
    Setting(key="alert_lagging_years", label=_("Alert: lagging this many years running"), kind="int", default=2,
            source="seed 001 实行动态管理 (docs/rules.md §9)", group=G),
    Setting(key="alert_low_stars", label=_("Alert: below this many stars"), kind="int", default=3,
            source="seed 001 三星级以上 (docs/rules.md §9)", group=G),
    Setting(key="alert_low_stars_years", label=_("Alert: below that star level this many years running"), kind="int",
            default=2, source="default (docs/rules.md §9)", group=G),
    Setting(key="alert_star_drop", label=_("Alert when a star level is lowered"), kind="bool", default=True,
            source="seed 004 降级摘星", group=G),
    Setting(key="alert_measure_overdue_days", label=_("Alert: a commitment measure overdue by this many days"), kind="int",
            default=30, source="default (docs/rules.md §9)", group=G),
)
