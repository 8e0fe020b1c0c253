"""Moved to ``core.ledger_sources`` (the contract of the ledger columns, with ``LedgerContext``).

Kept only until ratings imports ``core.ledger_sources`` instead (ratings/ledger.py); then delete this
module. Nothing else may import it (tests/test_floors.py)."""
from core.ledger_sources import (  # noqa: F401
    SOURCES, LedgerColumn, LedgerContext, LedgerSource, autodiscover, register, sources,
)
