from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from core.dashboard import register

        from . import rulesettings  # noqa: F401  (registers the survey settings)
        from .dashboard import survey_todo

        register(survey_todo)
