from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "ratings"
    verbose_name = _("Ratings")

    def ready(self) -> None:
        # classification part: dashboard items and rule-set settings
        from . import dashboard_classification, rulesettings_classification  # noqa: F401
        # star part: rule-set settings, dashboard items, the star ledger report
        from . import report_kinds_stars, rulesettings_stars, todo_stars  # noqa: F401
