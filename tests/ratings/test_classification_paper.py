"""Paper parity of the classification steps: the blank ballot paper and the fast keyboard entry."""
import io

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.django_db


def _meeting(demo):
    from ratings.classification.models import Meeting

    return Meeting.objects.filter(classification__organization__name="红旗村党支部", step=1, superseded=False).get()


def test_the_blank_ballot_of_a_step_has_the_three_levels_and_the_organisation(demo, client_for):
    m = _meeting(demo)
    response = client_for("township").get(f"/ratings/meetings/{m.pk}/paper/blank.pdf")
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "红旗村党支部" in text and "先进" in text and "一般" in text and "后进" in text


def test_the_paper_totals_page_offers_the_keyboard_pads_and_the_blank_paper(demo, client_for):
    m = _meeting(demo)
    page = client_for("township").get(f"/ratings/meetings/{m.pk}/tally/").content.decode()
    assert page.count("data-tally-group=") == 3 and "js/paper_tally.js" in page
    assert f"/ratings/meetings/{m.pk}/paper/blank.pdf" in page
