"""The paper side of the member evaluation (core/paper.py), like every other vote: the blank ballot of
either ballot in the layout of the phone page (one question per member, the five grades numbered as
the keys of the fast entry), and the count of slips out and papers back."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from core.paper import BlankPaper, PaperCount, PaperQuestion, blank_paper_pdf, copies_wanted, paper_count, pdf_response
from organizations.scope import get_scoped_or_404

from . import rules, selectors
from .choices import Ballot, Grade
from .models import Evaluation


def blank_evaluation(ev: Evaluation, ballot: str) -> BlankPaper:
    """One ballot's paper: every member under evaluation, in the order of the phone page, with the five
    grades (box n is key n of the fast entry)."""
    grades = tuple(str(label) for _v, label in Grade.choices)
    return BlankPaper(
        title=f"{_('Democratic evaluation of members')} · {dict(Ballot.choices)[ballot]}",
        organization=ev.organization.name, organization_label=str(Evaluation._meta.get_field("organization").verbose_name),
        intro=_("Tick one grade for every member. Do not sign: the ballot is secret."),
        questions=tuple(PaperQuestion(text=m.name, options=grades) for m in ev.members.all()),
    )


def evaluation_papers(ev: Evaluation | None) -> PaperCount | None:
    if ev is None:
        return None
    return paper_count(ev.codes.values_list("category", "used"), labels=Ballot.choices,
                       threshold=ev.campaign.ruleset.setting("small_group_threshold"),
                       entered=sum(int(n) for n in (ev.papers or {}).values()))


@login_required
def ballot_paper(request: HttpRequest, pk: int) -> HttpResponse:
    """The blank paper of either ballot (``?ballot=party_member|masses``, ``?copies=n``), to print and hand
    out at the meeting."""
    ev = get_scoped_or_404(selectors.evaluations_for(request.user, "enter"), request.user, "enter", pk=pk)
    ballot = request.GET.get("ballot", "party_member")
    if ballot not in rules.BALLOTS:
        raise Http404
    return pdf_response(blank_paper_pdf(blank_evaluation(ev, ballot), copies=copies_wanted(request)),
                        f"member-eval-{ev.pk}-{ballot}-blank.pdf")
