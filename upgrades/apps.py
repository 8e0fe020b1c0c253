from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UpgradesConfig(AppConfig):
    name = "upgrades"
    verbose_name = _("Upgrades")

    def ready(self) -> None:
        from . import rulesettings  # noqa: F401  (registers the settings; dashboard.py and ledger.py are autodiscovered)
