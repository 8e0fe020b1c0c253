"""The three ways a code is spent (questionnaire answers, classification ballots, the satisfaction ballot),
each behind the same small interface, for the PostgreSQL tests of close versus cast and of secrecy."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from django.db import connection
from django.utils import timezone


@dataclass
class VotePath:
    name: str
    owner: Any                     # the round, ballot session or year-end
    codes: list[str]               # unused codes, in issue order
    choices: list[str]             # what a cast may choose
    cast: Callable[[str, str], None]
    close: Callable[[], None]
    closed_message: Callable[[BaseException], bool]  # the exception a cast after close raises says "closed"
    code_model: Any
    code_owner: str                # the code model's foreign key to owner
    vote_tables: list[tuple[str, str]]  # (table, WHERE clause for this owner) holding the votes
    counted: Callable[[], int]     # votes in the closed result


def survey_path(demo: Any, n_codes: int) -> VotePath:
    from surveys import services
    from surveys.models import Answer, OneTimeCode, Question, Response

    from tests.surveys.helpers import full_answers, new_round

    round_ = new_round(demo)
    # the quorum (60, 30% masses) is already met on paper, so the close may come at any moment
    Response.objects.bulk_create([Response(round=round_, category=c, channel="paper", entered_on=timezone.localdate())
                                  for c in ["party_member"] * 42 + ["masses"] * 18])
    codes = [c.code for c in services.codes_generate(actor=demo.users["township"], round_=round_,
                                                     counts={"masses": n_codes})]
    base = full_answers(round_)
    single = Question.objects.filter(template=round_.template, kind="single").order_by("order").first()

    def cast(code: str, choice: str) -> None:
        services.code_submit(code=code, answers={**base, single.pk: choice})

    def close() -> None:
        services.survey_round_close(actor=demo.users["township"], round_=round_)

    return VotePath(
        name="survey", owner=round_, codes=codes, choices=list(single.options), cast=cast, close=close,
        closed_message=lambda exc: isinstance(exc, services.CodeProblem) and exc.reason == "closed",
        code_model=OneTimeCode, code_owner="round",
        vote_tables=[(Response._meta.db_table, f"round_id = {round_.pk} AND channel = 'online'"),
                     (Answer._meta.db_table, f"response_id IN (SELECT id FROM {Response._meta.db_table} "
                                             f"WHERE round_id = {round_.pk} AND channel = 'online')")],
        counted=lambda: Response.objects.filter(round=round_, channel="online").count(),
    )


def classification_path(demo: Any, n_codes: int) -> VotePath:
    from ratings.classification import services as svc
    from ratings.classification.models import BallotCode, BallotCount, MeetingResult

    from tests.ratings.helpers_classification import classification_of, meeting, to_step4

    c = to_step4(demo, classification_of(demo))
    m = meeting(demo, c, 4, party_members=40, masses=30)
    session = svc.ballot_session_open(actor=demo.users["branch"], meeting=m, codes={"masses": n_codes})
    codes = list(BallotCode.objects.filter(session=session).order_by("id").values_list("code", flat=True))

    def counted() -> int:
        r = MeetingResult.objects.get(meeting_id=session.meeting_id)
        return r.agree + r.disagree + r.abstain

    return VotePath(
        name="classification", owner=session, codes=codes, choices=["agree", "disagree", "abstain"],
        cast=lambda code, choice: svc.ballot_cast(code=code, choice=choice),
        close=lambda: svc.ballot_session_close(actor=demo.users["branch"], session=session),
        closed_message=lambda exc: isinstance(exc, svc.BallotRejected)
        and exc.messages == [str(svc.CODE_PROBLEM_MESSAGES["closed"]())],
        code_model=BallotCode, code_owner="session",
        vote_tables=[(BallotCount._meta.db_table, f"session_id = {session.pk}")],
        counted=counted,
    )


def yearend_self_check(demo: Any, org: Any = None, actor: Any = None) -> None:
    """Seed 000 §五: the self-check meeting comes before the superior's satisfaction assessment (the demo's
    own helper, upgrades.demo.yearend_self_check_held, held today)."""
    import datetime

    from upgrades.demo import yearend_self_check_held

    yearend_self_check_held(demo.ctx.campaign, org or demo.branch, enter=actor or demo.users["branch"],
                            meeting_date=datetime.date.today(), report="自查")


def yearend_assessed(demo: Any, org: Any = None) -> None:
    """The two steps before the re-rating (seed 000 §五): the self-check meeting, then the superior's
    satisfaction assessment with its quorum (upgrades.demo.yearend_satisfaction_held)."""
    from upgrades.demo import yearend_satisfaction_held

    org = org or demo.branch
    yearend_self_check(demo, org)
    yearend_satisfaction_held(demo.ctx.campaign, org, superior=demo.users["township"])


def satisfaction_path(demo: Any, n_codes: int) -> VotePath:
    from upgrades import services as s
    from upgrades.models import SatisfactionCode, SatisfactionCount, YearEnd

    yearend_self_check(demo)
    ye = s.satisfaction_ballot_open(actor=demo.users["township"], campaign=demo.ctx.campaign, organization=demo.branch,
                                    codes={"masses": n_codes})
    codes = list(SatisfactionCode.objects.filter(year_end=ye).order_by("id").values_list("code", flat=True))

    def counted() -> int:
        counts = YearEnd.objects.get(pk=ye.pk).sat_counts
        return sum(sum(by_choice.values()) for by_choice in counts.values())

    return VotePath(
        name="satisfaction", owner=ye, codes=codes, choices=["satisfied", "basically", "dissatisfied"],
        cast=lambda code, choice: s.satisfaction_ballot_cast(code=code, choice=choice),
        close=lambda: s.satisfaction_ballot_close(actor=demo.users["township"], year_end=ye),
        closed_message=lambda exc: isinstance(exc, s.BallotRejected)
        and exc.messages == [str(s.CODE_PROBLEM_MESSAGES["closed"]())],
        code_model=SatisfactionCode, code_owner="year_end",
        vote_tables=[(SatisfactionCount._meta.db_table, f"year_end_id = {ye.pk}")],
        counted=counted,
    )


PATHS = {"survey": survey_path, "classification": classification_path, "satisfaction": satisfaction_path}


def xmins(table: str, where: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text FROM {table} WHERE {where}")
        return [row[0] for row in cursor.fetchall()]


def code_xmins(path: VotePath, *, used: bool) -> list[str]:
    column = path.code_model._meta.get_field(path.code_owner).column
    return xmins(path.code_model._meta.db_table, f"{column} = {path.owner.pk} AND used = {'true' if used else 'false'}")
