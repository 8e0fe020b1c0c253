"""Reading a page's query string without trusting it: a parameter that does not parse is treated as
absent (a filter) or answers 404 (an object the page is about) — never a 500.

``QueryForm`` is a small Form over ``request.GET`` whose ``params()`` keeps only the parameters that
parsed; ``pk_param`` reads one object id (a positive 32-bit integer written in ASCII digits).
"""
from __future__ import annotations

from typing import Any, Mapping

from django import forms

from .bounds import Bound

# the ids of every table are 32-bit on PostgreSQL (AutoField)
PK = Bound(1, 2_147_483_647)


def pk_param(data: Mapping[str, Any], name: str) -> int | None:
    """The id in ``data[name]``, or None when it is missing or is not one (``abc``, ``-1``, ``²``, 2**63)."""
    raw = str(data.get(name) or "").strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 10:
        return None
    value = int(raw)
    return value if value in PK else None


class QueryForm(forms.Form):
    """Filters of a list page. Bind it to ``request.GET``; ``params()`` answers the valid, non-empty
    parameters as the strings that were sent, so a hostile value is simply no filter."""

    def params(self) -> dict[str, str]:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: str(self.data.get(name)) for name in self.fields
                if name in cleaned and cleaned[name] not in (None, "", False)}
