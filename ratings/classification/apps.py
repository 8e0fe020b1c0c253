from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassificationConfig(AppConfig):
    name = "ratings.classification"
    label = "classification"
    verbose_name = _("Classification")

    def ready(self) -> None:
        from . import rulesettings  # noqa: F401  (rule-set settings; to-do items and ledgers are found by core)
