"""The classification speaks of levels (级次), never of stars; a ballot in progress reads 进行中."""
from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse

from ratings.classification.forms import SelfRatingForm
from ratings.classification.models import BallotSession, Classification
from ratings.classification.slips import slips_title


def test_the_printed_ballot_slip_names_the_proposed_level_not_stars(demo):
    session = BallotSession.objects.exclude(proposed_level="").select_related("meeting").first()
    title = slips_title(session)
    assert "拟定级次" in title and "星级" not in title


def test_an_open_ballot_reads_in_progress(demo):
    assert str(BallotSession.State.OPEN.label) == "进行中"


def test_detail_and_ballot_pages_say_proposed_level_in_levels(demo, client_for):
    session = BallotSession.objects.exclude(proposed_level="").select_related("meeting__classification").first()
    township = client_for("township")
    html = township.get(reverse("classification:ballot-session-detail", args=[session.pk])).content.decode()
    assert "拟定级次" in html and "拟评星级" not in html
    c = Classification.objects.exclude(self_level="").first()
    html = township.get(reverse("classification:classification-detail", args=[c.pk])).content.decode()
    assert "拟评星级" not in html


def test_the_standards_panel_is_not_headed_as_a_deadline(demo):
    c = Classification.objects.first()
    html = render_to_string("ratings/classification/self_rate.html",
                            {"c": c, "standards": "先进：…", "form": SelfRatingForm(), "rows": [], "tallies": {}})
    assert "规则集中的分类定级标准" in html and "分类评定截止" not in html
