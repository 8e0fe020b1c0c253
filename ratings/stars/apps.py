from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StarsConfig(AppConfig):
    name = "ratings.stars"
    label = "stars"
    verbose_name = _("Star ratings")

    def ready(self) -> None:
        from . import rulesettings  # noqa: F401  (rule-set settings; to-do items, reports and ledgers are found by core)
