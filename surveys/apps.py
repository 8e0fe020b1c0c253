from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from . import rulesettings  # noqa: F401  (registers the survey settings)
        # surveys/dashboard.py, report_kinds.py and ledger.py are found by core's autodiscovery
