"""Paper parity of the questionnaire: the blank paper in the layout of the phone page and the count of
papers out and back on the round page."""
import io

import pytest
from pypdf import PdfReader

from tests.surveys.access_table import open_round

pytestmark = pytest.mark.django_db


def test_the_blank_questionnaire_prints_every_question_and_the_categories(demo, client_for):
    from surveys.models import SurveyRound
    from surveys.selectors import questions_for

    pk = open_round(demo)["pk"]
    round_ = SurveyRound.objects.get(pk=pk)
    response = client_for("township").get(f"/surveys/rounds/{pk}/paper/blank.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert round_.organization.name in text and "党员" in text
    for q in questions_for(round_)[:5]:
        assert q.text[:8] in text.replace("\n", "")


def test_the_round_page_counts_papers_out_and_back(demo, client_for):
    pk = open_round(demo)["pk"]
    page = client_for("township").get(f"/surveys/rounds/{pk}/").content.decode()
    assert 'data-testid="paper-count"' in page and 'data-testid="papers-entered"' in page
    assert f"/surveys/rounds/{pk}/paper/blank.pdf" in page
