"""Paper parity of the year-end satisfaction assessment: the phone page names the organisation being
rated, the codes page prints, the blank ballot and the count of papers out and back."""
import io

import pytest
from pypdf import PdfReader

from tests.security.vote_paths import yearend_self_check
from upgrades import services as s
from upgrades.models import SatisfactionCode

pytestmark = pytest.mark.django_db


def _open(demo, **codes):
    yearend_self_check(demo)
    return s.satisfaction_ballot_open(actor=demo.users["township"], campaign=demo.ctx.campaign, organization=demo.branch,
                                      codes=codes)


def test_the_phone_page_names_the_organisation_being_rated_before_the_vote(demo, client):
    ye = _open(demo, masses=2)
    code = SatisfactionCode.objects.filter(year_end=ye).first().code
    subject = client.post("/upgrades/vote/subject/", {"code": code.lower()}).content.decode()
    assert demo.branch.name in subject and 'data-testid="vote-subject"' in subject
    page = client.get(f"/upgrades/vote/?code={code}").content.decode()
    assert demo.branch.name not in page  # a code in the address is ignored (docs/rules.md §14)
    done = client.post("/upgrades/vote/", {"code": code, "choice": "satisfied"}).content.decode()
    assert 'id="vote-done"' in done and demo.branch.name in done
    used = client.post("/upgrades/vote/subject/", {"code": code}).content.decode()
    assert "已使用" in used and demo.branch.name not in used


def test_an_incomplete_code_names_nobody_and_says_nothing_wrong(demo, client):
    _open(demo, masses=1)
    answer = client.post("/upgrades/vote/subject/", {"code": "7KM"}).content.decode()
    assert "text-danger" not in answer and "vote-subject" not in answer


def test_the_codes_page_has_the_slips_a_print_button_and_the_count_of_papers(demo, client_for):
    _open(demo, party_member=6, masses=3)
    code = SatisfactionCode.objects.filter(year_end__organization=demo.branch, category="party_member").first().code
    s.satisfaction_ballot_cast(code=code, choice="satisfied")
    page = client_for("township").get(f"/upgrades/yearend/{demo.branch.pk}/codes/").content.decode()
    assert 'data-testid="ballot-slips"' in page and "data-print" in page and "js/print_button.js" in page
    assert 'data-testid="papers-out">9<' in page and 'data-testid="papers-back">1<' in page
    # 3 masses are fewer than the threshold (5): their returns are not shown apart
    assert "Too few people" in page or "人数太少" in page


def test_the_blank_satisfaction_ballot_names_the_branch(demo, client_for):
    response = client_for("township").get(f"/upgrades/yearend/{demo.branch.pk}/paper/blank.pdf?copies=3")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1  # a one-question ballot: three to a page
    assert reader.pages[0].extract_text().count(demo.branch.name) >= 3


def test_the_paper_totals_form_carries_the_keys_of_the_fast_entry(demo, client_for):
    yearend_self_check(demo)
    page = client_for("township").get(f"/upgrades/yearend/{demo.branch.pk}/").content.decode()
    assert page.count("data-tally-group=") == 9 and 'data-tally-key="3"' in page and "js/paper_tally.js" in page
