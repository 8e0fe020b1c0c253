"""Seed 003's phases overlap, so each phase has its own start and end (docs/rules.md §3): "第一阶段:调查摸底,
分类定级(2月上旬一4月底);第二阶段:整改提高,晋位升级(4月上旬一8月底)…第四阶段:巩固成果,常态设计(4月一9月底)".
And the built-in seed 001 / seed 004 rule sets carry a quorum table (seed 000's; those seeds set none), so a
campaign on them can run a survey, a classification and a year-end (docs/rules.md §4)."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from campaigns.choices import Activity, Phase
from campaigns.models import QuorumRule, RuleSet
from campaigns.services import campaign_create

pytestmark = pytest.mark.django_db
D = datetime.date


def seed003(demo, **overrides):
    y = demo.ctx.year + 1
    fields = dict(year=y, name=f"{y}年基层组织建设年", survey_start=D(y, 2, 1), survey_due=D(y, 4, 30),
                  classification_start=D(y, 2, 1), classification_due=D(y, 4, 30), upgrade_start=D(y, 4, 1),
                  upgrade_due=D(y, 8, 31), summary_start=D(y, 4, 1), summary_due=D(y, 9, 30))
    fields.update(overrides)
    return campaign_create(actor=demo.users["township"], scope=demo.township, ruleset=RuleSet.objects.get(pk=3), **fields)


def test_seed_003_overlapping_phases_each_keep_their_own_start_and_end(demo):
    c = seed003(demo)
    y = c.year
    assert c.phase_deadlines() == [(Phase.SURVEY, D(y, 2, 1), D(y, 4, 30)), (Phase.CLASSIFICATION, D(y, 2, 1), D(y, 4, 30)),
                                   (Phase.UPGRADE, D(y, 4, 1), D(y, 8, 31)), (Phase.SUMMARY, D(y, 4, 1), D(y, 9, 30))]


def test_a_phase_cannot_start_after_its_end_or_before_the_survey(demo):
    y = demo.ctx.year + 1
    with pytest.raises(ValidationError):
        seed003(demo, upgrade_start=D(y, 9, 1))
    with pytest.raises(ValidationError):
        seed003(demo, summary_start=D(y, 1, 1))


def test_without_own_starts_a_phase_starts_when_the_previous_is_due(demo):
    c = demo.ctx.campaign
    phases = c.phase_deadlines()
    assert phases[1][1] == c.survey_due and phases[2][1] == c.classification_due and phases[3][1] == c.upgrade_due


@pytest.mark.parametrize("pk", [2, 3])
def test_the_built_in_seed_001_and_004_rule_sets_have_every_quorum_row(db, pk):
    rows = {(r.activity, r.group) for r in QuorumRule.objects.filter(ruleset_id=pk)}
    assert rows == {(a, g) for a in Activity.values for g in ("A", "B")}
    step1_a = QuorumRule.objects.get(ruleset_id=pk, activity=Activity.STEP1_PRERATING, group="A")
    assert step1_a.min_total == 50  # seed 000 §三(二)1 "村(社区)党组织不少于50人"


def test_a_classification_runs_on_a_seed_004_campaign(demo):
    from ratings.classification import services as svc

    c = seed003(demo)
    obj = svc.classification_start(actor=demo.users["township"], campaign=c, organization=demo.branch)
    m = svc.meeting_save(actor=demo.users["branch"], classification=obj, step=1, date=D(c.year, 3, 1), place="村委会",
                         minutes="纪要", party_members=20, masses=35, service_recipients=0)
    assert m.quorum_ok
