"""Moved to ``core.report_kinds`` (the registry every app registers its documents in).

Kept only until ratings imports ``core.report_kinds`` instead (ratings/report_kinds_stars.py); then
delete this module. Nothing else may import it (tests/test_floors.py)."""
from core.report_kinds import REPORTS, ReportData, ReportKind, autodiscover, register  # noqa: F401
