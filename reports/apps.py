from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from . import ledger_api, rulesettings  # noqa: F401
        from .registry import autodiscover

        autodiscover()
        ledger_api.autodiscover()
