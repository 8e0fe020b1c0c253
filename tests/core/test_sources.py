"""Users see a source document's Chinese title and clause, never "seed 000 §…" or "种子000"."""
from __future__ import annotations

from django.urls import reverse

from campaigns.models import RuleSet
from core.sources import SEED_TITLES, source_text


def test_a_seed_reference_reads_as_the_document_title_and_clause():
    text = source_text("seed 000 §三(二)2: 党员人数50人以下的召开党员大会")
    assert text == SEED_TITLES["000"] + "三(二)2：党员人数50人以下的召开党员大会"
    assert "seed" not in source_text("seed 004 二: 得分在90分以上")


def test_the_rule_set_page_shows_no_seed_numbers(demo, client_for):
    ruleset = RuleSet.objects.first()
    html = client_for("county").get(reverse("campaigns:ruleset-detail", args=[ruleset.pk])).content.decode()
    assert "seed 0" not in html and "种子" not in html
    assert SEED_TITLES["000"] in html


def test_the_survey_report_due_note_names_the_document(demo, client_for):
    html = client_for("branch").get(reverse("surveys:report-edit", args=[demo.branch.pk])).content.decode()
    assert "种子" not in html and "seed 0" not in html
