from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # The registries of core, filled by the apps above it: <app>/todo.py and <app>/dashboard.py
        # (dashboard items and panels), <app>/report_kinds.py (documents), <app>/ledger.py (ledger
        # columns), <app>/importers.py (Excel imports). Every model is loaded before any ready() runs, so importing them here is safe.
        from . import checks, dashboard, imports, ledger_sources, report_kinds  # noqa: F401 (checks registers itself)

        dashboard.autodiscover()
        imports.autodiscover()
        report_kinds.autodiscover()
        ledger_sources.autodiscover()
