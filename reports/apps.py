from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # reports/report_kinds.py (the ledgers and summaries) is found by core's autodiscovery
        from . import rulesettings  # noqa: F401
