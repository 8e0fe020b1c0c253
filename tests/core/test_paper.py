"""Paper parity (core/paper.py): the count of papers out and back hides small groups, and the blank
paper prints the organisation, the questions and numbered boxes (the keys of the fast entry)."""
import io

import pytest
from pypdf import PdfReader

from core.paper import BlankPaper, PaperQuestion, blank_paper_pdf, paper_count

LABELS = (("party_member", "党员"), ("masses", "普通群众"), ("service_recipient", "服务对象"))


def test_papers_out_and_back_are_counted_per_category_and_a_small_group_hides_its_returns():
    rows = [("party_member", True)] * 6 + [("party_member", False)] * 2 + [("masses", True)] * 3 + [("masses", False)]
    count = paper_count(rows, labels=LABELS, threshold=5, entered=7)
    assert (count.out, count.back, count.entered, count.returned, count.outstanding) == (12, 9, 7, 16, 3)
    by = {c.label: (c.out, c.back) for c in count.by_category}
    assert by == {"党员": (8, 6), "普通群众": (4, None)}  # 4 masses < 5: their returns are not shown apart
    assert "服务对象" not in by  # a category with no slips is not listed


def test_a_group_exactly_at_the_threshold_is_shown():
    count = paper_count([("masses", True)] * 5, labels=LABELS, threshold=5)
    assert count.by_category[0].back == 5


@pytest.mark.django_db
def test_the_blank_paper_names_the_organisation_and_numbers_every_box():
    paper = BlankPaper(title="满意度测评票", organization="东方村党支部", intro="不记名",
                       questions=(PaperQuestion("您对本年度工作是否满意？", ("满意", "基本满意", "不满意")),
                                  PaperQuestion("意见和建议", kind="text", section="其他")),
                       categories=("党员", "普通群众"))
    reader = PdfReader(io.BytesIO(blank_paper_pdf(paper, copies=2)))
    assert len(reader.pages) == 2  # one copy per page
    text = reader.pages[0].extract_text()
    for word in ("东方村党支部", "满意度测评票", "您对本年度工作是否满意", "基本满意", "不满意", "意见和建议", "普通群众"):
        assert word in text
