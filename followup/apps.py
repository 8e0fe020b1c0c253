from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = _("Follow-through")

    def ready(self) -> None:
        from . import rulesettings  # noqa: F401  (registers the settings; dashboard.py is autodiscovered)
