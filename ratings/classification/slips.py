"""The printable ballot slips of a session: core's A4 sheet of slips (core/slips.py), each with a QR code
(the vote URL, the code after its #) and the short code to type by hand."""
from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.choices import ParticipantCategory
from core.slips import slips_pdf as core_slips_pdf

from .models import BallotSession, Level, MeetingKind


def slips_title(session: BallotSession) -> str:
    """"Anonymous ballot · meeting kind · date", and the proposed level of a deliberation."""
    meeting = session.meeting
    parts = [_("Anonymous ballot"), str(MeetingKind(meeting.kind).label), date_format(meeting.date)]
    proposed = dict(Level.choices).get(session.proposed_level, "")
    if proposed:
        parts.append(f"{pgettext('classification', 'Proposed level')}: {proposed}")
    return " · ".join(parts)


def slips_pdf(session: BallotSession, base_url: str) -> bytes:
    """``base_url`` is the vote page; a slip's QR code opens ``<base_url>#<code>`` (core.slips)."""
    labels = dict(ParticipantCategory.choices)
    codes = [(code, str(labels[category]))
             for code, category in session.codes.order_by("category", "code").values_list("code", "category")]
    return core_slips_pdf(
        title=slips_title(session), organization=session.meeting.classification.organization.name,
        entry_url=base_url, codes=codes,
        note=_("Scan the QR code with your phone, or open the address below and type the code. Each code votes once; your vote is secret."),
    )
