"""Core's registries are filled by the apps above it through one autodiscovery helper (core/registry.py),
without core naming any app: report kinds, ledger sources, dashboard items and demo parts."""
from __future__ import annotations

import dataclasses

import pytest
from django.core.exceptions import ValidationError

from core import dashboard, ledger_sources, report_kinds
from core.demo import demo_modules
from core.registry import autodiscover


def test_autodiscover_finds_each_apps_module_in_installed_apps_order():
    names = [m.__name__ for m in autodiscover("report_kinds")]
    assert names.index("organizations.report_kinds") < names.index("surveys.report_kinds") < names.index("reports.report_kinds")
    assert "campaigns.report_kinds" not in names  # an app without the module is skipped
    assert autodiscover("no_such_module_anywhere") == []


def test_the_registries_hold_every_apps_contribution():
    assert {"roster", "survey_report", "survey_summary", "classification_ledger", "annual_summary", "cadre_pay"} <= set(report_kinds.REPORTS)
    assert [s.key for s in ledger_sources.sources()][:1] == ["surveys"]
    assert "upgrades" in ledger_sources.SOURCES
    providers = {f"{p.__module__}.{p.__name__}" for p in dashboard.PROVIDERS}
    assert {"organizations.todo.missing_accounts", "campaigns.todo.campaign_deadlines", "surveys.dashboard.survey_todo",
            "upgrades.dashboard.upgrades_todo"} <= providers
    assert len(dashboard.PROVIDERS) == len(set(dashboard.PROVIDERS))  # discovering twice registers nothing twice
    dashboard.autodiscover()
    report_kinds.autodiscover()
    assert len(dashboard.PROVIDERS) == len(set(dashboard.PROVIDERS))


def test_demo_parts_come_in_the_order_of_the_floors():
    names = [m.__name__ for m in demo_modules()]
    assert names[:3] == ["organizations.demo", "campaigns.demo", "surveys.demo"]
    assert names.index("upgrades.demo") > names.index("surveys.demo")


def test_the_ledger_context_is_plain_and_frozen():
    ctx = ledger_sources.LedgerContext(year=2026, scope_path="/00000001/", campaign_id=3, ruleset_id=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ctx.year = 2025  # type: ignore[misc]
    assert {f.name for f in dataclasses.fields(ctx)} == {"year", "scope_path", "campaign_id", "ruleset_id"}


def test_report_parameters_are_read_by_the_kind():
    assert report_kinds.year_param(None, None, {"year": "2025"}) == {"year": 2025}
    assert report_kinds.year_param(None, None, {}) == {}
    with pytest.raises(ValidationError):
        report_kinds.year_param(None, None, {"year": "twenty"})
    with pytest.raises(ValidationError):
        report_kinds.year_param(None, None, {"year": "99999"})
    kind = report_kinds.ReportKind(key="k", label="k", build=lambda run, progress: None)
    assert kind.read_params(None, None, {"year": "2025"}) == {}  # a kind without a reader takes no parameters
