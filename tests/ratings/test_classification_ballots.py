"""Anonymous ballots (docs/rules.md §6): secrecy by construction, once per code (also under simultaneous
submissions), results only after closing and only as totals, phone voting without login."""
from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client

from ratings.classification import services as svc
from ratings.classification.models import BallotCode, BallotCount, MeetingResult

from .helpers_classification import classification_of, meeting, to_step4

FORBIDDEN_FIELD_WORDS = ("user", "ip", "addr", "code", "time", "created", "updated", "date", "voter", "agent", "session_key")


def open_session(demo, **codes):
    c = to_step4(demo, classification_of(demo))
    m = meeting(demo, c, 4, party_members=40, masses=30)
    return svc.ballot_session_open(actor=demo.users["branch"], meeting=m,
                                   codes=codes or {"party_member": 40, "masses": 30})


def codes_of(session, category=None):
    qs = BallotCode.objects.filter(session=session)
    if category:
        qs = qs.filter(category=category)
    return list(qs.values_list("code", flat=True))


def test_the_ballot_table_has_no_user_ip_code_or_time_column():
    names = {f.name for f in BallotCount._meta.get_fields()}
    assert names == {"id", "session", "category", "choice", "count"}
    for name in names - {"session"}:
        assert not any(word in name for word in FORBIDDEN_FIELD_WORDS), name
    # the code table knows that a code was used, not how or when
    code_fields = {f.name for f in BallotCode._meta.get_fields()}
    assert code_fields == {"id", "session", "code", "category", "used"}


@pytest.mark.django_db
def test_voting_creates_no_row_and_stored_rows_say_nothing_about_order(demo):
    session = open_session(demo)
    rows_before = list(BallotCount.objects.filter(session=session).order_by("id").values_list("id", "category", "choice"))
    assert len(rows_before) == 3 * 3  # every category × choice exists from the start, at zero
    codes = codes_of(session)
    for i, code in enumerate(codes[:9]):
        svc.ballot_cast(code=code, choice=("agree", "disagree", "abstain")[i % 3])
    rows_after = list(BallotCount.objects.filter(session=session).order_by("id").values_list("id", "category", "choice"))
    assert rows_after == rows_before  # voting only increments counters: no new row, no row order to read
    stored = list(BallotCount.objects.filter(session=session).values("category", "choice", "count"))
    assert sum(r["count"] for r in stored) == 9
    for row in stored:  # nothing but the category, the choice and a number
        assert set(row) == {"category", "choice", "count"}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {BallotCount._meta.db_table} WHERE session_id = %s", [session.pk])
        columns = [c[0] for c in cursor.description]
    assert sorted(columns) == ["category", "choice", "count", "id", "session_id"]


@pytest.mark.django_db
def test_each_code_votes_once(demo):
    session = open_session(demo)
    code = codes_of(session)[0]
    svc.ballot_cast(code=code.lower()[:4] + "-" + code[4:], choice="agree")  # typed with a dash, lower case
    with pytest.raises(ValidationError, match="已使用"):
        svc.ballot_cast(code=code, choice="disagree")
    assert svc.ballot_totals(session)["by_choice"] == {"agree": 1, "disagree": 0, "abstain": 0}


@pytest.mark.django_db
def test_unknown_codes_wrong_choices_and_closed_votes_are_refused(demo):
    session = open_session(demo)
    codes = codes_of(session)
    with pytest.raises(ValidationError):
        svc.ballot_cast(code="AAAAAAAA", choice="agree")
    with pytest.raises(ValidationError):
        svc.ballot_cast(code=codes[0], choice="advanced")  # a rating choice in a deliberation vote
    assert not BallotCode.objects.get(code=codes[0]).used
    svc.ballot_session_close(actor=demo.users["branch"], session=session)
    with pytest.raises(ValidationError, match="已结束"):
        svc.ballot_cast(code=codes[1], choice="agree")


@pytest.mark.django_db
def test_codes_are_tagged_by_category_and_turnout_is_counted_per_category(demo):
    session = open_session(demo, party_member=3, masses=2, service_recipient=1)
    assert len(codes_of(session, "masses")) == 2 and len(codes_of(session, "service_recipient")) == 1
    svc.ballot_cast(code=codes_of(session, "masses")[0], choice="agree")
    turnout = svc.ballot_turnout(session)
    assert turnout["used"] == {"party_member": 0, "masses": 1, "service_recipient": 0}
    assert turnout["issued_total"] == 6


@pytest.mark.django_db
def test_closing_turns_the_counters_into_the_meeting_result(demo):
    session = open_session(demo)
    codes = codes_of(session)
    for code in codes[:40]:
        svc.ballot_cast(code=code, choice="agree")
    for code in codes[40:50]:
        svc.ballot_cast(code=code, choice="abstain")
    result = svc.ballot_session_close(actor=demo.users["branch"], session=session)
    assert (result.agree, result.disagree, result.abstain, result.source) == (40, 0, 10, "ballot")
    assert result.counts  # an online vote counts without a second check
    c = svc.classification_step_complete(actor=demo.users["branch"], classification=session.meeting.classification)
    assert c.state == "submitted"


@pytest.mark.django_db
def test_paper_totals_cannot_be_entered_for_an_online_vote(demo):
    session = open_session(demo)
    with pytest.raises(ValidationError):
        svc.paper_result_enter(actor=demo.users["branch"], meeting=session.meeting, counts={"agree": 5})
    assert not MeetingResult.objects.filter(meeting=session.meeting).exists()


@pytest.mark.django_db
def test_results_are_shown_only_after_closing_and_only_as_totals(demo, client_for):
    session = open_session(demo)
    for code in codes_of(session)[:7]:
        svc.ballot_cast(code=code, choice="agree")
    page = client_for("township").get(f"/ratings/ballots/{session.pk}/").content.decode()
    assert 'id="totals"' not in page
    svc.ballot_session_close(actor=demo.users["branch"], session=session)
    page = client_for("township").get(f"/ratings/ballots/{session.pk}/").content.decode()
    assert 'id="totals"' in page


@pytest.mark.django_db
def test_a_participant_votes_on_the_phone_without_logging_in(demo):
    session = open_session(demo)
    code = codes_of(session)[0]
    phone = Client()
    page = phone.post("/ratings/vote/", {"code": code.lower()})  # the code only in the POST body
    assert page.status_code == 200 and demo.branch.name in page.content.decode()
    assert f'name="code" value="{code}"' in page.content.decode()  # posted again with the choice
    assert svc.ballot_totals(session)["voted"] == 0  # showing the ballot casts nothing
    done = phone.post("/ratings/vote/", {"code": code, "choice": "agree"})
    assert done.status_code == 200 and "ratings/classification/vote_done.html" in [t.name for t in done.templates]
    again = phone.post("/ratings/vote/", {"code": code, "choice": "disagree"})
    assert "ratings/classification/vote_done.html" not in [t.name for t in again.templates]
    assert again.context["status"]["used"]
    assert svc.ballot_totals(session)["voted"] == 1
    assert Client().post("/ratings/vote/", {"code": "AAAA-AAAA"}).status_code == 200  # stays on the form with an error


@pytest.mark.django_db
def test_slips_pdf_has_one_slip_per_code(demo, client_for):
    from io import BytesIO

    from pypdf import PdfReader

    from core.slips import SLIPS_PER_PAGE

    session = open_session(demo, party_member=7, masses=6)
    response = client_for("branch").get(f"/ratings/ballots/{session.pk}/slips.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    assert SLIPS_PER_PAGE == 12 and len(reader.pages) == 2  # 13 slips on core's sheet, 12 per page
    text = "".join(p.extract_text() for p in reader.pages)
    for code in codes_of(session):
        assert f"{code[:4]}-{code[4:]}" in text
    assert demo.branch.name in text and "无记名测评票" in text and "拟定级次" in text and "星级" not in text


def _race(target, n):
    barrier = threading.Barrier(n)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(i):
        try:
            barrier.wait()
            target(i)
            outcome = "ok"
        except ValidationError:
            outcome = "rejected"
        except Exception as exc:  # a database error would be a failure of the guarantee
            outcome = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_one_code_submitted_simultaneously_counts_once(demo):
    session = open_session(demo)
    code = codes_of(session)[0]
    outcomes = _race(lambda i: svc.ballot_cast(code=code, choice=("agree", "disagree")[i % 2]), 8)
    assert outcomes.count("ok") == 1, outcomes
    assert outcomes.count("rejected") == 7, outcomes
    assert svc.ballot_totals(session)["voted"] == 1


@pytest.mark.django_db(transaction=True)
def test_different_codes_submitted_simultaneously_all_count(demo):
    session = open_session(demo)
    codes = codes_of(session)[:8]
    outcomes = _race(lambda i: svc.ballot_cast(code=codes[i], choice="agree"), 8)
    assert outcomes == ["ok"] * 8
    assert svc.ballot_totals(session)["by_choice"]["agree"] == 8
    assert BallotCode.objects.filter(session=session, used=True).count() == 8


@pytest.mark.django_db
def test_step1_can_vote_online_on_the_three_levels(demo):
    c = classification_of(demo)
    m = meeting(demo, c, 1, party_members=20, masses=30)
    session = svc.ballot_session_open(actor=demo.users["branch"], meeting=m, codes={"party_member": 20, "masses": 30})
    assert session.question == "rating"
    codes = codes_of(session)
    for code, choice in zip(codes, ["advanced"] * 30 + ["average"] * 15 + ["lagging"] * 5):
        svc.ballot_cast(code=code, choice=choice)
    with pytest.raises(ValidationError):
        svc.ballot_cast(code=codes[-1], choice="agree")  # not a choice of a rating vote
    result = svc.ballot_session_close(actor=demo.users["township"], session=session)
    assert (result.advanced, result.average, result.lagging) == (30, 15, 5)
    assert svc.classification_step_complete(actor=demo.users["branch"], classification=c).state == "step2"
