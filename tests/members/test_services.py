"""The two-ballot member evaluation (docs/rules.md §11): the list, the import, secret ballots once only,
paper entry, the combination from the rule set, handling of the two lowest grades, and secrecy."""
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from openpyxl import Workbook

from core.models import AuditEvent
from members import services as s
from members.models import Evaluation, EvaluationCount, Member, Result

pytestmark = pytest.mark.django_db


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("党员名单.xlsx", buf.getvalue())


def test_the_import_adds_new_names_and_keeps_the_listed_ones(demo):
    added, kept = s.members_import(actor=demo.users["branch"], organization=demo.branch,
                                   upload=_xlsx([["姓名"], ["林秀英"], ["新党员甲"], ["新党员乙"]]))
    assert (added, kept) == (2, 1)
    assert Member.objects.filter(organization=demo.branch).count() == 12


def test_a_bad_import_says_where_and_adds_nothing(demo):
    from core.xlsx import XlsxError

    with pytest.raises(XlsxError) as exc:
        s.members_import(actor=demo.users["branch"], organization=demo.branch, upload=_xlsx([["姓名"], ["甲"], ["长" * 41], ["甲"]]))
    assert [(e.row, e.column) for e in exc.value.errors] == [(3, "姓名"), (4, "姓名")]
    assert Member.objects.filter(organization=demo.branch).count() == 10


def test_only_the_branch_and_its_township_keep_the_list(demo):
    for actor in ("branch2", "county", "outsider"):
        with pytest.raises(Http404):
            s.member_add(actor=demo.users[actor], organization=demo.branch, name="某人")
    assert s.member_add(actor=demo.users["township"], organization=demo.branch, name="某人").name == "某人"


def _open(demo, party=3, masses=2):
    return s.evaluation_open(actor=demo.users["branch"], campaign=demo.ctx.campaign, organization=demo.branch,
                             party_codes=party, masses_codes=masses)


def test_a_code_votes_once_and_the_vote_is_only_counters(demo):
    ev = _open(demo)
    code = ev.codes.filter(category="masses").first().code
    grades = {m.pk: "qualified" for m in ev.members.all()}
    s.ballot_cast(code=code, grades=grades)
    with pytest.raises(ValidationError):
        s.ballot_cast(code=code, grades=grades)
    assert EvaluationCount.objects.filter(evaluation=ev, ballot="masses", grade="qualified", count=1).count() == 10
    assert EvaluationCount.objects.filter(evaluation=ev, ballot="party_member").exclude(count=0).count() == 0
    fields = {f.name for f in EvaluationCount._meta.get_fields()}
    assert not fields & {"code", "user", "created", "ip"}


def test_a_ballot_leaving_out_a_member_is_refused_and_the_code_stays_unused(demo):
    ev = _open(demo)
    code = ev.codes.first()
    with pytest.raises(ValidationError):
        s.ballot_cast(code=code.code, grades={ev.members.first().pk: "excellent"})
    code.refresh_from_db()
    assert not code.used


def test_paper_entry_checks_the_tally_against_the_papers(demo):
    ev = _open(demo, 0, 0)
    m = ev.members.first()
    with pytest.raises(ValidationError):
        s.paper_enter(actor=demo.users["branch"], evaluation=ev, ballot="party_member", papers=5, tallies={m.pk: {"excellent": 6}})
    s.paper_enter(actor=demo.users["branch"], evaluation=ev, ballot="party_member", papers=5, tallies={m.pk: {"excellent": 5}})
    ev.refresh_from_db()
    assert ev.papers["party_member"] == 5


def test_closing_combines_the_two_ballots_by_the_rule_set_and_handling_follows(demo):
    ev = _open(demo, 0, 0)
    a, b = list(ev.members.order_by("id"))[:2]
    s.paper_enter(actor=demo.users["branch"], evaluation=ev, ballot="party_member", papers=6,
                  tallies={a.pk: {"qualified": 6}, b.pk: {"qualified": 6}})
    s.paper_enter(actor=demo.users["branch"], evaluation=ev, ballot="masses", papers=6,
                  tallies={a.pk: {"excellent": 6}, b.pk: {"not": 6}})
    s.evaluation_close(actor=demo.users["branch"], evaluation=ev)
    ra, rb = Result.objects.get(evaluation=ev, member=a), Result.objects.get(evaluation=ev, member=b)
    assert (ra.party_grade, ra.masses_grade, ra.grade) == ("qualified", "excellent", "excellent")  # 4.5 → 5
    assert rb.grade == "basic"  # (4 + 1) / 2 = 2.5 → 3
    with pytest.raises(ValidationError):
        s.result_handle(actor=demo.users["branch"], result=ra, handling="不需要")
    with pytest.raises(ValidationError):
        s.evaluation_close(actor=demo.users["branch"], evaluation=ev)
    assert AuditEvent.objects.filter(action="member_eval.close").exists()


def test_the_lower_combination_from_the_rule_set(demo):
    rs = demo.ctx.campaign.ruleset
    rs.values = {**(rs.values or {}), "member_eval_combination": "lower"}
    rs.save()
    ev = _open(demo, 0, 0)
    a = ev.members.order_by("id").first()
    s.paper_enter(actor=demo.users["branch"], evaluation=ev, ballot="party_member", papers=6, tallies={a.pk: {"excellent": 6}})
    s.paper_enter(actor=demo.users["branch"], evaluation=ev, ballot="masses", papers=6, tallies={a.pk: {"basic_not": 6}})
    s.evaluation_close(actor=demo.users["branch"], evaluation=ev)
    r = Result.objects.get(evaluation=ev, member=a)
    assert r.grade == "basic_not"
    r = s.result_handle(actor=demo.users["branch"], result=r, handling="限期改正")
    assert r.handling == "限期改正" and r.handled_by == demo.users["branch"]
    with pytest.raises(ValidationError):
        s.result_handle(actor=demo.users["branch"], result=r, handling="again")


def test_small_ballots_are_not_broken_down_on_the_page(demo, client_for):
    ev = _open(demo, 0, 0)
    a = ev.members.order_by("id").first()
    s.paper_enter(actor=demo.users["branch"], evaluation=ev, ballot="party_member", papers=9, tallies={a.pk: {"excellent": 9}})
    s.paper_enter(actor=demo.users["branch"], evaluation=ev, ballot="masses", papers=3, tallies={a.pk: {"excellent": 2, "basic": 1}})
    s.evaluation_close(actor=demo.users["branch"], evaluation=ev)
    ev.refresh_from_db()
    from members.selectors import result_rows

    row = next(r for r in result_rows(ev, s.tallies_of(ev)) if r.result.member_id == a.pk)
    assert row.party == {"excellent": 9, "qualified": 0, "basic": 0, "basic_not": 0, "not": 0}
    assert row.masses is None  # 3 masses representatives: below the small-group threshold
    html = client_for("branch").get(reverse("members:branch", args=[demo.branch.pk])).content.decode()
    assert "2/0/1/0/0" not in html and "9/0/0/0/0" in html


def test_the_demo_results_and_the_public_vote_page(demo, client_for):
    ev = Evaluation.objects.get(organization=demo.branch2)
    grades = dict(ev.results.values_list("member__name", "grade"))
    assert grades["何家旺"] == "basic_not" and grades["罗春生"] == "not"
    open_ev = demo.ctx.extra["members.open"]
    code = open_ev.codes.first().code
    anon = client_for("anonymous")
    assert "林秀英" not in anon.get(reverse("members:vote") + f"?code={code}").content.decode()  # codes only in POST
    page = anon.post(reverse("members:vote"), {"code": code}).content.decode()
    assert "林秀英" in page and "vote-done" not in page
    data = {"code": code, **{f"m{m.pk}": "excellent" for m in open_ev.members.all()}}
    assert "vote-done" in anon.post(reverse("members:vote"), data).content.decode()
    assert "vote-done" not in anon.post(reverse("members:vote"), data).content.decode()


def test_the_paper_ballot_prints(demo, client_for):
    ev = demo.ctx.extra["members.open"]
    response = client_for("township").get(reverse("members:ballot-paper", args=[ev.pk]) + "?ballot=masses")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
