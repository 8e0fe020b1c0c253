from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from . import rulesettings  # noqa: F401  (rule-set settings; todo.py and report_kinds.py are autodiscovered)
