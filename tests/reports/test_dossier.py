"""The annual dossier (reports/dossier.py): one organisation's year as one bound PDF, cover and contents,
the documents in order, numbered through; the batch of a township as one background run (a zip of one
PDF per organisation) split into one part per organisation (reports/chunks.py)."""
from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from campaigns.selectors import campaign_covering
from organizations.rules import RATED_KINDS
from reports.models import ReportRun, RunStatus
from reports.services import report_run_execute

#: (contents entry, text of the document's own heading on the page the contents gives)
SECTIONS = [
    ("专题调研报告", "新塘村党支部专题调研报告"),
    ("分类定级记录（四步法）", "新塘村党支部分类定级记录（四步法）"),
    ("评分表", "新塘村党支部评分表"),
    ("基层党组织星级评定申请表", "基层党组织星级评定申请表"),
    ("公开承诺", "新塘村党支部公开承诺"),
    ("目标责任书", "目标责任书"),
    ("年终复评定级记录", "新塘村党支部年终复评定级记录"),
    ("公示", "拟评四星、五星基层党组织公示"),
]


def _pages(data: bytes) -> list[str]:
    return ["".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


def _run(demo, kind: str, fmt: str, org, user: str = "township") -> ReportRun:
    run = ReportRun.objects.create(kind=kind, fmt=fmt, organization=org, requested_by=demo.users[user],
                                   params={"year": timezone.localdate().year})
    return report_run_execute(run.pk)


def test_the_dossier_binds_every_document_in_order_with_contents_and_numbers_through(demo):
    from surveys.models import SurveyReport

    org = demo.org("新塘村党支部")  # the demo's year-end done in order; it has no survey report: write one
    campaign = campaign_covering(org, timezone.localdate().year)
    SurveyReport.objects.create(organization=org, campaign=campaign, overview="村党支部现有党员二十八名。",
                                problems="活动阵地面积偏小。")
    run = _run(demo, "dossier", "pdf", org)
    assert run.status == RunStatus.DONE and run.progress == 100, run.error
    assert run.filename.endswith(".pdf") and "新塘村党支部" in run.filename
    pages = _pages(run.file.read())
    total = len(pages)
    assert total >= len(SECTIONS) + 2  # cover, contents, at least a page each
    for i, text in enumerate(pages, start=1):
        assert f"第{i}页共{total}页" in text, (i, text[-40:])
    cover, contents = pages[0], pages[1]
    assert "年度分类管理档案" in cover and "新塘村党支部" in cover and "金星乡党委" in cover
    assert f"{campaign.year}年度" in cover and timezone.localtime().strftime("%Y年%-m月%-d日") in cover
    assert "目录" in contents
    starts = []
    for title, heading in SECTIONS:
        found = re.search(re.escape(title) + r"(\d+)", contents)
        assert found, f"{title} has no page number in the contents: {contents}"
        page = int(found.group(1))
        assert heading in pages[page - 1], f"{heading} is not on page {page}"
        starts.append(page)
    assert starts == sorted(starts) and len(set(starts)) == len(starts) and starts[0] == 3
    assert "尚无" not in contents


def test_a_document_not_made_yet_is_one_line_of_the_contents(demo):
    from reports.dossier import dossier_book

    org = demo.org("东方村党支部")  # survey report and classification only
    book = dossier_book(organization_id=org.pk, year=timezone.localdate().year, user_id=demo.users["township"].pk)
    assert len(book["sections"]) == 2
    for line in ("尚无评分表。", "尚无星级评定申请。", "尚无晋位升级承诺。", "尚无目标责任书。", "尚无年终复评记录。",
                 "尚无涉及本组织的公示。"):
        assert line in book["front"]
    assert "尚无专题调研报告" not in book["front"] and "尚无分类定级记录" not in book["front"]


def test_a_year_without_a_campaign_prints_cover_and_contents_only(demo):
    run = _run(demo, "dossier", "pdf", demo.branch)
    run.refresh_from_db()
    old = ReportRun.objects.create(kind="dossier", fmt="pdf", organization=demo.branch,
                                   requested_by=demo.users["township"], params={"year": 2001})
    old = report_run_execute(old.pk)
    assert old.status == RunStatus.DONE, old.error
    pages = _pages(old.file.read())
    assert len(pages) == 2 and "尚无专题调研报告。" in pages[1] and "第2页共2页" in pages[1]


def test_the_dossier_is_asked_for_from_the_organisation_page_inside_the_scope_only(demo, client_for):
    township = client_for("township")
    page = township.get(reverse("organizations:org-detail", args=[demo.branch.pk])).content.decode()
    assert 'data-testid="request-dossier"' in page
    data = {"kind": "dossier", "fmt": "pdf", "organization": demo.branch.pk}
    assert township.post(reverse("reports:run-request"), data).status_code == 302
    assert ReportRun.objects.filter(kind="dossier", organization=demo.branch, requested_by=demo.users["township"]).exists()
    assert client_for("township2").post(reverse("reports:run-request"), data).status_code == 404
    assert client_for("branch2").post(reverse("reports:run-request"), data).status_code == 404
    assert client_for("outsider").post(reverse("reports:run-request"), data).status_code == 404
    assert client_for("branch").post(reverse("reports:run-request"), data).status_code == 302


def test_the_county_root_has_no_dossier_of_its_own(demo, client_for):
    response = client_for("county").post(reverse("reports:run-request"),
                                         {"kind": "dossier", "fmt": "pdf", "organization": demo.county.pk})
    assert response.status_code == 302
    assert not ReportRun.objects.filter(kind="dossier", organization=demo.county).exists()


def test_the_rendering_worker_checks_the_scope_again(demo):
    from django.http import Http404

    from reports.dossier import dossier_book

    with pytest.raises(Http404):
        dossier_book(organization_id=demo.other_township_branch.pk, year=timezone.localdate().year,
                     user_id=demo.users["township"].pk)


def test_the_batch_of_a_township_is_one_zip_with_one_numbered_dossier_per_organisation(demo, monkeypatch):
    from organizations.models import Organization
    from reports import chunks

    seen: list[int] = []
    render = chunks.render_part

    def watched(part):
        seen.append(ReportRun.objects.get(pk=run_id).progress)  # the bar before each part
        return render(part)

    monkeypatch.setattr(chunks, "render_part", watched)
    run = ReportRun.objects.create(kind="dossier_batch", fmt="zip", organization=demo.township2,
                                   requested_by=demo.users["township2"], params={"year": timezone.localdate().year})
    run_id = run.pk
    run = report_run_execute(run.pk)
    assert run.status == RunStatus.DONE and run.progress == 100, run.error
    orgs = list(Organization.objects.filter(path__startswith=demo.township2.path, is_active=True, kind__in=RATED_KINDS)
                .order_by("path"))
    assert len(seen) == len(orgs) > 5
    assert seen == sorted(seen) and seen[0] >= 50 and seen[-1] > seen[0]  # moves with every part
    assert run.filename.endswith(".zip")
    archive = zipfile.ZipFile(io.BytesIO(run.file.read()))
    names = archive.namelist()
    assert len(names) == len(orgs) and all(n.endswith(".pdf") for n in names)
    for name, org in zip(names, orgs):
        assert org.name in name
        pages = _pages(archive.read(name))
        assert org.name in pages[0] and "年度分类管理档案" in pages[0]
        assert all(f"第{i}页共{len(pages)}页" in t for i, t in enumerate(pages, start=1))


def test_the_batch_is_offered_on_the_dashboard(demo, client_for):
    html = client_for("township").get(reverse("reports:dashboard")).content.decode()
    assert 'data-testid="request-dossier_batch-zip"' in html


def _grow(parent, n: int, prefix: str) -> None:
    from organizations.models import Organization, make_path

    Organization.objects.bulk_create([Organization(parent=parent, name=f"{prefix}{i:04d}党支部", kind="branch",
                                                   domain="village", member_count=30) for i in range(n)])
    created = list(Organization.objects.filter(name__startswith=prefix).select_related("parent"))
    for org in created:
        org.path, org.depth = make_path(org.parent.path, org.pk), org.parent.depth + 1
    Organization.objects.bulk_update(created, ["path", "depth"])


def _start_queries(demo, monkeypatch) -> tuple[int, int]:
    """Queries of starting the county's batch (the parts dispatched to the workers, not rendered)."""
    import celery

    dispatched: list[int] = []

    class Chord:
        def __init__(self, header):
            self.header = list(header)

        def __call__(self, body):
            dispatched.append(len(self.header))

    monkeypatch.setattr(celery, "chord", Chord)
    run = ReportRun.objects.create(kind="dossier_batch", fmt="zip", organization=demo.county,
                                   requested_by=demo.users["county"], params={"year": timezone.localdate().year})
    with CaptureQueriesContext(connection) as captured:
        run = report_run_execute(run.pk)
    assert run.status == RunStatus.RUNNING, run.error
    return len(captured), dispatched[-1]


def test_starting_the_batch_costs_the_same_queries_at_40_and_800_organisations(demo, monkeypatch, settings):
    from organizations.models import Organization

    settings.CELERY_TASK_ALWAYS_EAGER = False
    _grow(demo.township, 40 - Organization.objects.count(), "扩档村")
    assert Organization.objects.count() == 40
    small, small_parts = _start_queries(demo, monkeypatch)
    _grow(demo.township2, 760, "增档村")
    assert Organization.objects.count() == 800
    large, large_parts = _start_queries(demo, monkeypatch)
    assert large_parts - small_parts == 760
    assert large == small


def test_a_part_that_fails_fails_the_run_with_a_reason_and_leaves_no_files(demo, monkeypatch):
    from django.core.files.storage import default_storage
    from django.http import Http404

    from reports import chunks

    def moved_away(part):  # the organisation left the requester's scope after the request, say
        raise Http404

    monkeypatch.setattr(chunks, "render_part", moved_away)
    run = _run(demo, "dossier_batch", "zip", demo.township2, user="township2")
    assert run.status == RunStatus.FAILED and run.error and not run.file
    _dirs, files = default_storage.listdir(f"report-chunks/run-{run.pk}")
    assert files == []
