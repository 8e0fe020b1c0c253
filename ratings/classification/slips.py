"""The printable ballot slips: A4 pages of cut-out slips, each with a QR code (the vote URL with the
code) and the short code to type by hand. Rendered synchronously with WeasyPrint and the shipped font."""
from __future__ import annotations

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from core.choices import ParticipantCategory

from . import rules
from .models import BallotSession, Level, MeetingKind

SLIPS_PER_PAGE = 10  # 2 × 5 on A4


def slip_rows(session: BallotSession, base_url: str) -> list[dict]:
    labels = dict(ParticipantCategory.choices)
    out = []
    for code, category in session.codes.order_by("category", "code").values_list("code", "category"):
        url = f"{base_url}{code}/"
        out.append({"code": rules.format_code(code), "category": labels[category],
                    "qr": segno.make(url, error="m").svg_data_uri(scale=3, border=1), "url": url})
    return out


def slips_html(session: BallotSession, base_url: str) -> str:
    meeting = session.meeting
    rows = slip_rows(session, base_url)
    pages = [rows[i:i + SLIPS_PER_PAGE] for i in range(0, len(rows), SLIPS_PER_PAGE)]
    return render_to_string("ratings/classification/slips_pdf.html", {
        "session": session, "meeting": meeting, "org": meeting.classification.organization,
        "kind": MeetingKind(meeting.kind).label, "pages": pages, "base_url": base_url,
        "proposed": dict(Level.choices).get(session.proposed_level, ""),
        "font_dir": settings.PDF_FONT_DIR.as_uri(), "generated": timezone.localtime(),
    })


def slips_pdf(session: BallotSession, base_url: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=slips_html(session, base_url), base_url=str(settings.PDF_FONT_DIR)).write_pdf()
