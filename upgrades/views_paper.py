"""The paper side of the year-end satisfaction assessment (core/paper.py): the blank ballot in the layout
of the phone page, the count of slips out and back, and the phone page's line naming the organisation
being rated (asked for as the code is typed, so a voter always sees whom they rate)."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.choices import ParticipantCategory
from core.rules_codes import CODE_LENGTH, normalise_code
from core.paper import BlankPaper, PaperQuestion, blank_paper_pdf, copies_wanted, paper_count, pdf_response
from organizations.models import Organization
from organizations.rules import RATED_KINDS
from organizations.scope import can, get_scoped_or_404

from . import services
from .models import YearEnd


def satisfaction_choices() -> tuple[tuple[str, str], ...]:
    """The three answers in the order of the phone page, the blank paper and the entry keys."""
    return (("satisfied", _("satisfied")), ("basically", _("basically satisfied")), ("dissatisfied", _("dissatisfied")))


def blank_satisfaction(org: Organization) -> BlankPaper:
    return BlankPaper(
        title=str(_("Satisfaction assessment")), organization=org.name,
        intro=_("Your vote is anonymous: nothing links it to you or to your code."),
        questions=(PaperQuestion(text=_("How satisfied are you with the work of %(org)s this year?") % {"org": org.name},
                                 options=tuple(str(label) for _k, label in satisfaction_choices())),),
        categories=tuple(str(label) for _v, label in ParticipantCategory.choices),
    )


def ballot_papers(year_end: YearEnd | None):
    if year_end is None:
        return None
    entered = sum(sum(v.values()) for v in (year_end.sat_counts or {}).values()) if year_end.sat_ballot == "" else 0
    return paper_count(year_end.codes.values_list("category", "used"), labels=ParticipantCategory.choices,
                       threshold=year_end.campaign.ruleset.setting("small_group_threshold"), entered=entered)


@login_required
def satisfaction_blank(request: HttpRequest, org_pk: int) -> HttpResponse:
    """The blank satisfaction ballot of a branch, for its superiors (404 for anyone else)."""
    from django.http import Http404

    org = get_scoped_or_404(Organization.objects.select_related("parent"), request.user, pk=org_pk,
                            kind__in=RATED_KINDS)
    if org.parent is None or not can(request.user, "assess", org.parent):
        raise Http404
    return pdf_response(blank_paper_pdf(blank_satisfaction(org), copies=copies_wanted(request)),
                        f"satisfaction-{org.pk}-blank.pdf")


@never_cache
@require_POST
def vote_subject(request: HttpRequest) -> HttpResponse:
    """The line "you are rating …" for the code typed so far (htmx, no login); an empty answer while
    the code is incomplete. Writes nothing."""
    code = request.POST.get("code", "")
    subject, problem = "", ""
    if len(normalise_code(code)) >= CODE_LENGTH:
        try:
            subject = services.satisfaction_ballot_subject(code=code)
        except services.BallotRejected as exc:
            problem = " ".join(exc.messages)
    return render(request, "upgrades/_vote_subject.html", {"subject": subject, "problem": problem})
