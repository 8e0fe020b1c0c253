"""The suggested level (按规则应评) against the sheet's own cut-offs, the county's recognition of the innovation
project, and the written reason for departing from the suggestion (docs/rules.md §8, seed 004 二)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from ratings.stars import services as s
from ratings.stars.choices import Stage
from ratings.stars.models import ScoringTemplate
from ratings.stars.selectors import suggestion_for, template_thresholds, template_with_rules

pytestmark = pytest.mark.django_db


def _apply(demo, key="seed002_village", innovation=""):
    branch = demo.users["branch"]
    template = template_with_rules(ScoringTemplate.objects.get(builtin_key=key).pk)
    sheet = s.sheet_create(actor=branch, organization=demo.branch, campaign=demo.ctx.campaign, template=template)
    s.sheet_save_entries(actor=branch, sheet=sheet, stage=Stage.SELF, entries={}, template=template)
    s.sheet_submit(actor=branch, sheet=sheet)
    app = s.application_create(actor=branch, organization=demo.branch, campaign=demo.ctx.campaign, requested_level=5,
                               sheet=sheet, innovation_project=innovation)
    return s.application_submit(actor=branch, application=app), template


def test_the_seed_004_template_carries_its_own_cut_offs(demo):
    t = ScoringTemplate.objects.get(builtin_key="seed004_fivestar")
    assert (t.cutoff_5, t.cutoff_4, t.cutoff_3, t.cutoff_2) == (D(90), D(80), D(70), D(60))


def test_a_full_village_sheet_suggests_four_stars_not_one(demo):
    app, template = _apply(demo)
    total, decision = suggestion_for(app)
    sheet_max = sum(sec.max_points for sec in template.sections.all())
    assert total == sheet_max and sheet_max < 90
    assert decision.level == 4  # full marks on its own sheet; five stars wait for a recognised innovation project
    th = template_thresholds(demo.ctx.campaign.ruleset, template)
    assert th.five == D(90) * sheet_max / D(100)


def test_assessing_away_from_the_suggestion_needs_a_written_reason(demo):
    app, _ = _apply(demo)
    with pytest.raises(ValidationError) as err:
        s.application_assess(actor=demo.users["township"], application=app, level=2, comment="台账不全")
    assert "departure_reason" in err.value.message_dict
    app = s.application_assess(actor=demo.users["township"], application=app, level=2, comment="台账不全",
                               departure_reason="实地检查发现会议记录系补记")
    assert app.proposed_level == 2 and app.departure_reason == "实地检查发现会议记录系补记"


def test_the_suggested_level_needs_no_reason(demo):
    app, _ = _apply(demo)
    app = s.application_assess(actor=demo.users["township"], application=app, level=4, comment="符合四星条件")
    assert app.proposed_level == 4 and app.departure_reason == ""


def test_only_the_county_recognises_the_innovation_project_and_then_five_stars_are_suggested(demo):
    """Seed 004: "有党建创新项目(由市委组织部认定)" — not the township, not bonus items the branch entered."""
    app, _ = _apply(demo, innovation="“红色网格”党建项目")
    with pytest.raises(ValidationError):
        s.application_innovation_recognise(actor=demo.users["township"], application=app, recognised=True)
    with pytest.raises(ValidationError):
        s.application_assess(actor=demo.users["township"], application=app, level=5, comment="五星",
                             innovation_recognised=True)
    app = s.application_innovation_recognise(actor=demo.users["county"], application=app, recognised=True)
    assert app.innovation_recognised and app.innovation_recognised_by
    assert suggestion_for(app)[1].level == 5
    app = s.application_assess(actor=demo.users["township"], application=app, level=5, comment="五星")
    assert app.proposed_level == 5


def test_a_copied_template_sets_its_own_cut_offs_within_its_maximum(demo):
    source = ScoringTemplate.objects.get(builtin_key="seed002_village")
    copy = s.template_copy(actor=demo.users["county"], template=source, owner=demo.county, name="村级考评（县定稿）", year=demo.ctx.year)
    sheet_max = sum(sec.max_points for sec in copy.sections.all())
    with pytest.raises(ValidationError):  # above the sheet's maximum
        s.template_cutoffs_update(actor=demo.users["county"], template=copy, cutoff_5=sheet_max + 1)
    with pytest.raises(ValidationError):  # not descending
        s.template_cutoffs_update(actor=demo.users["county"], template=copy, cutoff_5=D(20), cutoff_4=D(25))
    with pytest.raises(ValidationError):  # built-in templates are read-only
        s.template_cutoffs_update(actor=demo.users["county"], template=source, cutoff_5=D(20))
    copy = s.template_cutoffs_update(actor=demo.users["county"], template=copy, cutoff_5=sheet_max - 1)
    th = template_thresholds(demo.ctx.campaign.ruleset, copy)
    assert th.five == sheet_max - 1 and th.four == D(80) * sheet_max / D(100)
