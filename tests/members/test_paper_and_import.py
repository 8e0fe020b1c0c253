"""The member evaluation on the shared mechanisms: its paper path through core/paper.py (blank paper of
either ballot, papers out and back, the fast keyboard entry's marks) and its Excel import through
core/imports.py (the marked workbook, nothing half-done)."""
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core.models import ImportRun, ImportStatus
from members import services as s
from members.forms import PaperForm
from members.models import Member
from members.views_paper import blank_evaluation, evaluation_papers

pytestmark = pytest.mark.django_db


def _xlsx(rows, name="党员名单.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(name, buf.getvalue())


def test_the_blank_paper_is_the_phone_page_one_question_per_member(demo, client_for):
    ev = demo.ctx.extra["members.open"]
    paper = blank_evaluation(ev, "masses")
    assert paper.organization == ev.organization.name and "群众" in paper.title
    assert [q.text for q in paper.questions] == [m.name for m in ev.members.all()]
    assert all(q.options == ("优秀", "合格", "基本合格", "基本不合格", "不合格") for q in paper.questions)
    response = client_for("township").get(reverse("members:ballot-paper", args=[ev.pk]) + "?ballot=masses&copies=3")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert client_for("township").get(reverse("members:ballot-paper", args=[ev.pk]) + "?ballot=x").status_code == 404
    assert client_for("branch").get(reverse("members:ballot-paper", args=[ev.pk])).status_code == 404


def test_papers_out_and_back_and_paper_entered(demo, client_for):
    ev = demo.ctx.extra["members.open"]  # 10 party-member codes, 8 masses codes
    code = ev.codes.filter(category="party_member").first().code
    s.ballot_cast(code=code, grades={m.pk: "qualified" for m in ev.members.all()})
    first = ev.members.first()
    s.paper_enter(actor=demo.users["township"], evaluation=ev, ballot="masses", papers=2, tallies={first.pk: {"excellent": 2}})
    ev.refresh_from_db()
    count = evaluation_papers(ev)
    assert (count.out, count.back, count.entered) == (18, 1, 2)
    by = {c.label: (c.out, c.back) for c in count.by_category}
    assert by["党员测评票"] == (10, 1) and by["党外群众代表测评票"] == (8, 0)
    page = client_for("township").get(reverse("members:branch", args=[ev.organization.pk]) + f"?campaign={ev.campaign.pk}")
    html = page.content.decode()
    assert 'data-testid="paper-count"' in html and 'name="ballot"' in html
    assert 'data-testid="papers-entered">2<' in html


def test_a_small_ballot_hides_its_returns(demo):
    ev = s.evaluation_open(actor=demo.users["branch"], campaign=demo.ctx.campaign, organization=demo.branch,
                           party_codes=6, masses_codes=2)
    by = {c.label: c.back for c in evaluation_papers(ev).by_category}
    assert by["党员测评票"] == 0 and by["党外群众代表测评票"] is None  # 2 < small_group_threshold (5)


def test_the_paper_form_carries_the_fast_entry_marks(demo, client_for):
    ev = demo.ctx.extra["members.open"]
    members = list(ev.members.all())
    form = PaperForm(members=members)
    for m in members:
        keys = [form.fields[f"m{m.pk}_{g}"].widget.attrs for g in ("excellent", "qualified", "basic", "basic_not", "not")]
        assert [a["data-tally-key"] for a in keys] == ["1", "2", "3", "4", "5"]
        assert {a["data-tally-group"] for a in keys} == {m.name}
    html = client_for("township").get(reverse("members:paper", args=[ev.pk])).content.decode()
    assert html.count('data-tally-group="') == 5 * len(members) and "paper_tally.js" in html
    assert 'data-testid="paper-count"' in html


def test_the_paper_form_enters_the_counts(demo, client_for):
    ev = demo.ctx.extra["members.open"]
    a, b = list(ev.members.all())[:2]
    data = {"ballot": "party_member", "papers": 3, f"m{a.pk}_excellent": 2, f"m{a.pk}_basic": 1, f"m{b.pk}_qualified": 3}
    response = client_for("township").post(reverse("members:paper", args=[ev.pk]), data)
    assert response.status_code == 302
    t = s.tallies_of(ev)
    assert t[a.pk]["party_member"]["excellent"] == 2 and t[b.pk]["party_member"]["qualified"] == 3
    too_many = {"ballot": "masses", "papers": 1, f"m{a.pk}_excellent": 2}
    response = client_for("township").post(reverse("members:paper", args=[ev.pk]), too_many)
    assert response.status_code == 200 and a.name in response.content.decode()
    assert s.tallies_of(ev)[a.pk]["masses"]["excellent"] == 0


def test_the_import_runs_on_the_shared_import_and_a_bad_file_comes_back_marked(demo, client_for):
    client = client_for("branch")
    url = reverse("members:member-import", args=[demo.branch.pk]) + f"?campaign={demo.ctx.campaign.pk}"
    response = client.post(url, {"file": _xlsx([["姓名"], ["新人甲"], ["长" * 41], ["新人甲"], ["新人乙"]])})
    run = ImportRun.objects.get(kind="members", organization=demo.branch)
    assert run.status == ImportStatus.REFUSED and run.error_count == 2
    assert response.status_code == 302 and response["Location"] == reverse("core:import-run", args=[run.pk])
    assert Member.objects.filter(organization=demo.branch).count() == 10  # nothing half-done
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="marked-file"' in page and "新人甲" in page
    marked = client.get(reverse("core:import-run-marked", args=[run.pk]))
    wb = load_workbook(io.BytesIO(b"".join(marked.streaming_content)))
    ws = wb.worksheets[0]
    assert ws["A3"].comment is not None and ws["A4"].comment is not None and ws["A2"].comment is None
    from core.xlsx import ERROR_FILL

    assert ws["A3"].fill.fgColor.rgb == ws["A4"].fill.fgColor.rgb == ERROR_FILL.fgColor.rgb != ws["A2"].fill.fgColor.rgb
    headers = [c.value for c in ws[1]]
    assert len(headers) == 2 and headers[1]  # the error column
    assert ws.cell(row=4, column=2).value  # its message, on the bad row


def test_a_good_import_through_the_page(demo, client_for):
    client = client_for("branch")
    url = reverse("members:member-import", args=[demo.branch.pk]) + f"?campaign={demo.ctx.campaign.pk}"
    response = client.post(url, {"file": _xlsx([["姓名"], ["林秀英"], ["新人甲"]])}, follow=True)
    assert "1" in response.content.decode() and Member.objects.filter(organization=demo.branch, name="新人甲").exists()
    run = ImportRun.objects.get(kind="members", organization=demo.branch)
    assert run.status == ImportStatus.DONE
    assert client_for("branch2").get(reverse("core:import-run", args=[run.pk])).status_code == 404


def test_a_large_member_list_runs_in_the_background(demo, client_for, settings, django_capture_on_commit_callbacks):
    settings.IMPORT_BACKGROUND_ROWS = 3
    client = client_for("branch")
    url = reverse("members:member-import", args=[demo.branch.pk]) + f"?campaign={demo.ctx.campaign.pk}"
    rows = [["姓名"]] + [[f"新党员{i}"] for i in range(6)]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": _xlsx(rows)})
    run = ImportRun.objects.get(kind="members", organization=demo.branch)
    assert run.background and response["Location"] == reverse("core:import-run", args=[run.pk])
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE  # the tests run the task eagerly
    assert Member.objects.filter(organization=demo.branch, name__startswith="新党员").count() == 6
