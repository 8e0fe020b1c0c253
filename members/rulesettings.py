"""Rule-set settings of the member evaluation (docs/rules.md §11)."""
from django.utils.translation import gettext_lazy as _

from core.rulesettings import Setting, register

G = _("Member evaluation")

register(
    Setting(key="member_eval_combination", label=_("How the two ballots combine"), kind="choice", default="weighted",
            choices=(("weighted", _("weighted mean of the two ballots' points")), ("lower", _("the lower of the two grades"))),
            source="default (docs/rules.md §11): the seeds do not say how the two ballots combine", group=G),
    Setting(key="member_eval_party_weight", label=_("Weight of the party members' ballot (%)"), kind="int", default=50,
            source="default (docs/rules.md §11): the two ballots count equally", group=G),
)
