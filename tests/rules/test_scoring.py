"""The pure scoring engine (docs/rules.md §7): every method, floors ("扣完为止"), caps, bonus, weighting, veto."""
from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from ratings.stars.scoring import Entry, RuleSpec, SectionSpec, TemplateSpec, rule_result, score_sheet, weighted_total


def one(rule: RuleSpec, entry: Entry, max_points: D = D(10), kind: str = "deduct"):
    return score_sheet(TemplateSpec((SectionSpec("s", max_points, kind, (rule,)),)), {rule.key: entry})


def test_deduct_per_failure_takes_two_points_for_each_plan_not_made():
    # seed 000 工作思路: 每一项未制定或未落实的扣2分
    assert one(RuleSpec(1, "per_failure", D(2)), Entry(quantity=D(3)), D(15)).total == D(9)


def test_deduct_per_shortfall_meetings_one_short_costs_half_a_point():
    # seed 002: 党委全年研究党建工作达4次得1分，少一次扣0.5分
    rule = RuleSpec(1, "per_shortfall", D("0.5"), own_points=D(1), required=4)
    assert one(rule, Entry(quantity=D(3)), D(1), "award").total == D("0.5")
    assert one(rule, Entry(quantity=D(4)), D(1), "award").total == D(1)
    assert one(rule, Entry(quantity=D(6)), D(1), "award").total == D(1)


def test_eight_projects_rule_with_three_projects_scores_zero_not_minus_half():
    # seed 002: 申报8个以上重点项目(2分)，每少一个扣0.5分，扣完为止 — 3 projects → 0, not −0.5
    rule = RuleSpec(1, "per_shortfall", D("0.5"), own_points=D(2), required=8)
    result = one(rule, Entry(quantity=D(3)), D(5), "award")
    assert result.rule(1).item_score == D(0)


def test_deduct_per_sub_unit_half_a_point_for_each_village():
    # seed 002: 组织不健全、人员配备缺额，有一个村扣0.5分
    assert one(RuleSpec(1, "per_subunit", D("0.5")), Entry(quantity=D(3)), D(3)).total == D("1.5")


def test_forfeit_scores_the_item_zero():
    # seed 002: 主要领导独断专横…的不得分
    rule = RuleSpec(1, "forfeit", own_points=D(3))
    award = RuleSpec(2, "award", own_points=D(3))
    t = TemplateSpec((SectionSpec("s", D(3), "deduct", (rule,)),))
    assert score_sheet(t, {1: Entry(flag=True)}).total == D(0)
    assert score_sheet(t, {1: Entry(flag=False)}).total == D(3)
    assert award.method == "award"


def test_checklist_missing_documents_one_point_each_down_to_zero():
    # seed 002: 文件等资料(6分)，缺一项扣1分，扣完为止 (14 documents listed)
    rule = RuleSpec(1, "checklist", D(1), own_points=D(6), checklist_size=14)
    assert one(rule, Entry(quantity=D(2)), D(6), "award").total == D(4)
    assert one(rule, Entry(quantity=D(9)), D(6), "award").total == D(0)


def test_award_if_met_gives_its_points_only_when_met():
    # seed 002: 建立健全党委政府议事规则(1分)
    rule = RuleSpec(1, "award", own_points=D(1))
    assert one(rule, Entry(flag=True), D(4), "award").total == D(1)
    assert one(rule, Entry(flag=False), D(4), "award").total == D(0)


def test_tiered_venue_rule_takes_the_chosen_tier():
    # seed 000 活动阵地: 未全覆盖的扣10分；有活动场所但不足90平方米扣5分
    rule = RuleSpec(1, "tiered", tiers=(D(10), D(5)))
    assert one(rule, Entry(choice=1), D(10)).total == D(5)
    assert one(rule, Entry(choice=0), D(10)).total == D(0)
    assert one(rule, Entry(), D(10)).total == D(10)


def test_flat_penalty_five_points_when_it_happened():
    # seed 000: 近两年出现班子成员违法违纪的扣5分
    assert one(RuleSpec(1, "flat_penalty", D(5)), Entry(flag=True), D(15)).total == D(10)
    assert one(RuleSpec(1, "flat_penalty", D(5)), Entry(flag=False), D(15)).total == D(15)


def test_discretionary_deduction_needs_a_comment_and_stays_within_the_section():
    # seed 000: 其他指标酌情扣分
    rule = RuleSpec(1, "discretionary")
    without = one(rule, Entry(amount=D(2)), D(10))
    assert without.total == D(8)
    assert without.problems and "comment" in without.problems[0][1]
    with_comment = one(rule, Entry(amount=D(2), comment="制度落实不到位"), D(10))
    assert with_comment.problems == ()
    too_much = one(rule, Entry(amount=D(25), comment="x"), D(10))
    assert too_much.total == D(0)


def test_bonus_five_per_recognised_innovation_on_top_of_the_sheet_with_optional_cap():
    # seed 002: 经评估认可的创新项目，每项加5分
    base = SectionSpec("a", D(100), "deduct", ())
    bonus = SectionSpec("b", D(0), "award", (RuleSpec(9, "bonus", D(5)),))
    uncapped = score_sheet(TemplateSpec((base, bonus)), {9: Entry(quantity=D(3))})
    assert uncapped.total == D(115) and uncapped.bonus == D(15)
    capped = score_sheet(TemplateSpec((base, bonus), bonus_cap=D(10)), {9: Entry(quantity=D(3))})
    assert capped.total == D(110)


def test_veto_raises_a_flag_and_scores_nothing():
    # seed 001: 四、五星级实行一票否决
    result = one(RuleSpec(7, "veto"), Entry(flag=True), D(0))
    assert result.vetoes == (7,) and result.total == D(0)
    assert one(RuleSpec(7, "veto"), Entry(flag=False), D(0)).vetoes == ()


def test_section_floors_at_zero_when_deductions_exceed_the_maximum():
    section = SectionSpec("s", D(10), "deduct", (RuleSpec(1, "per_failure", D(2)), RuleSpec(2, "flat_penalty", D(5))))
    result = score_sheet(TemplateSpec((section,)), {1: Entry(quantity=D(4)), 2: Entry(flag=True)})
    assert result.section("s").raw == D(-3)
    assert result.total == D(0)


def test_without_the_floor_setting_a_section_can_go_negative():
    section = SectionSpec("s", D(10), "deduct", (RuleSpec(1, "per_failure", D(2)),))
    assert score_sheet(TemplateSpec((section,)), {1: Entry(quantity=D(6))}, floor=False).total == D(-2)


def test_award_section_is_capped_at_its_maximum():
    rules = tuple(RuleSpec(i, "award", own_points=D(1)) for i in range(5))
    result = score_sheet(TemplateSpec((SectionSpec("s", D(3), "award", rules),)), {i: Entry(flag=True) for i in range(5)})
    assert result.total == D(3)


def test_spot_check_ten_percent_and_year_end_ninety_percent():
    # seed 002 三、考核方式: 平时抽查占10%，年终考核占90%
    assert weighted_total(D(80), D(90), D(10)) == D(89)
    assert weighted_total(None, D(90), D(10)) == D(90)


def test_negative_counts_are_treated_as_zero():
    assert rule_result(RuleSpec(1, "per_failure", D(2)), Entry(quantity=D(-3)), D(10)).deduction == D(0)


# ---- properties ----

METHODS = ["per_failure", "per_shortfall", "per_subunit", "forfeit", "checklist", "award", "tiered", "flat_penalty",
           "discretionary", "bonus", "veto"]
points = st.decimals(min_value=0, max_value=20, places=1)


@st.composite
def rule_and_entry(draw, key):
    method = draw(st.sampled_from(METHODS))
    own = draw(st.one_of(st.none(), points)) if method not in ("bonus", "veto") else None
    rule = RuleSpec(key, method, draw(points), own_points=own, required=draw(st.integers(0, 12)),
                    tiers=tuple(draw(st.lists(points, max_size=3))), checklist_size=draw(st.integers(0, 14)),
                    max_points=draw(st.one_of(st.none(), points)))
    entry = Entry(quantity=draw(st.one_of(st.none(), st.decimals(min_value=-5, max_value=30, places=0))),
                  flag=draw(st.booleans()), choice=draw(st.one_of(st.none(), st.integers(0, 4))),
                  amount=draw(st.one_of(st.none(), st.decimals(min_value=0, max_value=40, places=1))), comment="c")
    return rule, entry


@st.composite
def sheets(draw):
    sections, entries, key = [], {}, 0
    for s in range(draw(st.integers(1, 4))):
        rules = []
        for _ in range(draw(st.integers(0, 5))):
            key += 1
            rule, entry = draw(rule_and_entry(key))
            rules.append(rule)
            entries[key] = entry
        sections.append(SectionSpec(s, draw(points), draw(st.sampled_from(["deduct", "award"])), tuple(rules)))
    return TemplateSpec(tuple(sections), bonus_cap=draw(st.one_of(st.none(), points))), entries


@given(sheets())
def test_no_section_ever_scores_below_zero_or_above_its_maximum(sheet):
    template, entries = sheet
    for section in score_sheet(template, entries).sections:
        assert D(0) <= section.score <= section.max_points


@given(sheets())
def test_total_never_exceeds_template_maximum_plus_bonus_cap(sheet):
    template, entries = sheet
    result = score_sheet(template, entries)
    assert result.total >= 0
    if template.bonus_cap is not None:
        assert result.total <= template.max_total + template.bonus_cap
    assert result.base_total <= template.max_total


def test_the_rule_modules_do_not_touch_the_database():
    import ratings.stars.scoring as a
    import ratings.stars.rules as b

    for module in (a, b):
        source = open(module.__file__, encoding="utf-8").read()
        assert "from django" not in source and "import django" not in source
