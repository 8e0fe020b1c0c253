"""The A4 sheet of one-time code slips (core/codes.py): per slip a QR code (the entry address with the
code after ``#``), the short code to type by hand, its category and the address. QR codes are segno PNGs (WeasyPrint
lays out a bitmap faster than 100 SVGs); rendered synchronously with WeasyPrint and the shipped font (a
sheet of 100 slips takes about a second).

The layout (core/templates/core/slips.html) is measured in millimetres: 10 mm page margins, 2 × 6 slips
of 95 × 44 mm per page, every slip's dashed cut line inside the margins and nothing wider than its slip.
"""
from __future__ import annotations

from typing import Callable, Iterable

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .rules_codes import format_code

SLIPS_PER_ROW = 2
ROWS_PER_PAGE = 6
SLIPS_PER_PAGE = SLIPS_PER_ROW * ROWS_PER_PAGE


def fragment_code_url(entry_url: str) -> Callable[[str], str]:
    """The QR address ``<entry>#<code>``: the code rides in the fragment, which a browser never sends, so
    it reaches the server only in the POST body of the entry form (static/js/code_entry.js puts it
    there); no proxy log or server log sees it (docs/rules.md §14)."""
    return lambda code: f"{entry_url.split('#')[0]}#{code}"


def slips_html(*, title: str, organization: str, entry_url: str, codes: Iterable[tuple[str, str]],
               note: str = "", code_url: Callable[[str], str] | None = None) -> str:
    """``codes`` are (stored code, category label) pairs, printed in the order given. ``note`` replaces
    the default line telling how to use the slip."""
    url_of = code_url or fragment_code_url(entry_url)
    slips = []
    for code, category in codes:
        qr = segno.make(url_of(code), error="m")
        slips.append({"code": format_code(code), "category": category, "qr": qr.png_data_uri(scale=4, border=1)})
    rows = [slips[i:i + SLIPS_PER_ROW] for i in range(0, len(slips), SLIPS_PER_ROW)]
    for row in rows:
        row.extend([None] * (SLIPS_PER_ROW - len(row)))  # an empty cell keeps the last slip's width
    pages = [rows[i:i + ROWS_PER_PAGE] for i in range(0, len(rows), ROWS_PER_PAGE)]
    return render_to_string("core/slips.html", {
        "title": title, "organization": organization, "entry_url": entry_url, "note": note, "pages": pages,
        "footer": _css_text(f"{organization} · {title} · "), "font_dir": settings.PDF_FONT_DIR.as_uri(),
    })


def _css_text(text: str) -> str:
    """Text for a CSS string inside <style> (the page footer): HTML escaping does not apply there, so the
    few characters that could end the string or the element are dropped instead."""
    return mark_safe("".join(ch for ch in text if ch not in '"\\<>\r\n'))


def slips_pdf(*, title: str, organization: str, entry_url: str, codes: Iterable[tuple[str, str]],
              note: str = "", code_url: Callable[[str], str] | None = None) -> bytes:
    from weasyprint import HTML

    html = slips_html(title=title, organization=organization, entry_url=entry_url, codes=codes, note=note,
                      code_url=code_url)
    return HTML(string=html, base_url=str(settings.PDF_FONT_DIR)).write_pdf()
