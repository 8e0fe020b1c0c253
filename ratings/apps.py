from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "ratings"
    verbose_name = _("Ratings")

    def ready(self) -> None:
        from . import rulesettings_stars  # noqa: F401  (star part: rule-set settings)
        from . import todo_stars  # noqa: F401  (star part: dashboard todo provider)
        from . import report_kinds_stars  # noqa: F401  (star part: the star ledger report)
