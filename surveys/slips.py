"""The A4 sheet of one-time code slips: QR code (segno, PNG: WeasyPrint lays out a bitmap faster than 100 SVGs) + the short code + the address, rendered
synchronously with WeasyPrint and the shipped font (a sheet of 100 slips takes about a second)."""
from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from core.choices import ParticipantCategory

from .rules import format_code


def slips_html(round_: Any, codes: list[Any], *, base_url: str) -> str:
    names = dict(ParticipantCategory.choices)
    slips = []
    for code in codes:
        url = f"{base_url}{code.code}/"
        qr = segno.make(url, error="m")
        slips.append({"code": format_code(code.code), "url": url, "category": names.get(code.category, ""),
                      "qr": qr.png_data_uri(scale=4, border=1)})
    return render_to_string("surveys/pdf/slips.html", {
        "round": round_, "slips": slips, "base_url": base_url, "font_dir": settings.PDF_FONT_DIR.as_uri(),
        "generated": timezone.localtime(),
    })


def slips_pdf(round_: Any, codes: list[Any], *, base_url: str) -> bytes:
    from weasyprint import HTML

    html = slips_html(round_, codes, base_url=base_url)
    return HTML(string=html, base_url=str(settings.PDF_FONT_DIR)).write_pdf()
