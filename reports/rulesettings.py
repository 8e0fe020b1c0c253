"""Rule-set settings of the printed output (docs/rules.md §8 last point, §10)."""
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core.rulesettings import Setting, register

G_PAY = _("Cadre pay")

register(
    Setting(key="cadre_pay_float_per_star", label=_("Community cadre pay: float per star above or below three stars (%)"),
            kind="decimal", default=Decimal("5"),
            source="default (seed 001 三、1 三: 社区(居)干部报酬以三星级为基准,上下适当浮动 — the seed names no amount)",
            group=G_PAY),
    Setting(key="cadre_pay_base", label=_("Community cadre pay at three stars (yuan a year; 0 = show the index only)"),
            kind="decimal", default=Decimal("0"),
            source="default (seed 001 三、1 三 names no amount)", group=G_PAY),
)
