from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StarsConfig(AppConfig):
    name = "ratings.stars"
    label = "stars"
    verbose_name = _("Star ratings")

    def ready(self) -> None:
        # rule-set settings, dashboard items, the star ledger report
        from . import report_kinds, rulesettings, todo  # noqa: F401
