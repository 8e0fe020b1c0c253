"""The blank ballot paper of a classification meeting (core/paper.py), in the layout of the phone
ballot (vote.html): the organisation, the meeting, the one question and its boxes."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.paper import BlankPaper, PaperQuestion, blank_paper_pdf, copies_wanted, pdf_response

from . import rules
from .models import Level, Meeting, MeetingKind


def blank_ballot(meeting: Meeting) -> BlankPaper:
    c = meeting.classification
    if meeting.step == 4:
        proposed = dict(Level.choices).get(c.self_level, "")
        text = (_("Do you agree that the branch is rated %(level)s?") % {"level": proposed} if proposed
                else _("Do you agree with the proposed level?"))
        labels = {"agree": _("Agree"), "disagree": _("Disagree"), "abstain": _("Abstain")}
        options = tuple(str(labels[k]) for k in rules.DELIBERATION_CHOICES)
    else:
        text = _("How do you rate this party organisation?")
        levels = dict(Level.choices)
        options = tuple(str(levels[k]) for k in rules.RATING_CHOICES)
    return BlankPaper(
        title=f"{_('Anonymous ballot')} · {MeetingKind(meeting.kind).label} · {date_format(meeting.date)}",
        organization=c.organization.name,
        intro=_("Tick one box. The ballot is secret: do not write your name. A paper with no box or several boxes ticked is spoiled."),
        questions=(PaperQuestion(text=text, options=options),),
    )


@login_required
def meeting_blank(request: HttpRequest, pk: int) -> HttpResponse:
    from .views import _meeting

    meeting = _meeting(request, pk, "enter")
    return pdf_response(blank_paper_pdf(blank_ballot(meeting), copies=copies_wanted(request)), f"ballot-{meeting.pk}-blank.pdf")
