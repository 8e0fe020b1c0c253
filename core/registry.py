"""One way to find what the installed apps contribute: ``autodiscover("report_kinds")`` imports
``<app>.report_kinds`` of every installed app that has one, in INSTALLED_APPS order.

Core knows no app by name: the module names are built from the app registry at run time, so a
registry in core (report kinds, ledger sources, dashboard items, demo parts) is filled by the apps
above it without core importing any of them. A module that exists but fails to import raises.
"""
from __future__ import annotations

from importlib import import_module
from types import ModuleType

from django.apps import apps


def autodiscover(module_name: str) -> list[ModuleType]:
    """Import ``<app>.<module_name>`` for every installed app; return the modules found, in app order.

    Importing runs the module's ``register(...)`` calls; a module is imported once, so calling this
    again returns the same modules and registers nothing twice."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.{module_name}"
        try:
            found.append(import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:  # the module exists but imports something missing: say so
                raise
    return found
