"""The A4 sheet of a survey round's one-time code slips, printed by core's slip renderer (core/slips.py):
QR code to the answer page with the code, the short code, its category and the address."""
from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core.choices import ParticipantCategory
from core.slips import slips_pdf as _core_slips_pdf


def _slip_args(round_: Any, codes: list[Any], base_url: str) -> dict[str, Any]:
    names = dict(ParticipantCategory.choices)
    return {
        "title": round_.template.name, "organization": round_.organization.name, "entry_url": base_url,
        "codes": [(c.code, names.get(c.category, "")) for c in codes],
        "note": _("Scan the QR code with a phone, or open the address below and type the code. Anonymous; the code works once."),
    }


def slips_pdf(round_: Any, codes: list[Any], *, base_url: str) -> bytes:
    return _core_slips_pdf(**_slip_args(round_, codes, base_url))
