"""Pure follow-through rules: the case workflow, the exit check, the alerts (docs/rules.md §9)."""
import datetime
from decimal import Decimal

from followup import rules
from followup.rules import AlertSettings, OrgHistory, alerts_for


def test_the_case_moves_open_exit_requested_closed_and_back_on_refusal():
    assert rules.next_state("open", "request_exit") == "exit_requested"
    assert rules.next_state("exit_requested", "accept_exit") == "closed"
    assert rules.next_state("exit_requested", "refuse_exit") == "open"
    assert rules.next_state("closed", "request_exit") is None
    assert rules.next_state("open", "accept_exit") is None


def test_a_case_applies_to_a_lagging_branch_or_a_weak_one():
    assert rules.case_applies("lagging", [])
    assert rules.case_applies("average", ["班子不团结"])
    assert not rules.case_applies("average", [" "])


def test_exit_by_rerating_needs_a_level_above_lagging():
    assert rules.exit_check("rerating", year_end_level=None, masses_rate=None, min_rate=Decimal(80)).problem == "no_rerating"
    assert rules.exit_check("rerating", year_end_level="lagging", masses_rate=None, min_rate=Decimal(80)).problem == "still_lagging"
    assert rules.exit_check("rerating", year_end_level="average", masses_rate=None, min_rate=Decimal(80)).ok


def test_exit_by_masses_assessment_includes_the_mark_itself():
    assert rules.exit_check("masses", year_end_level=None, masses_rate=Decimal("80.0"), min_rate=Decimal(80)).ok
    assert rules.exit_check("masses", year_end_level=None, masses_rate=Decimal("79.9"), min_rate=Decimal(80)).problem == "rate_too_low"
    assert rules.exit_check("masses", year_end_level=None, masses_rate=None, min_rate=Decimal(80)).problem == "no_assessment"


def test_the_transformation_rate_by_cases_is_not_applicable_without_cases():
    assert rules.transformation_by_cases([], Decimal(90)).rate is None
    r = rules.transformation_by_cases([(1, "closed"), (2, "open"), (3, "exit_requested")], Decimal(90))
    assert (r.numerator, r.denominator, r.meets_target) == (1, 3, False)


def test_overdue_means_past_the_deadline_and_not_closed():
    d = datetime.date(2026, 6, 30)
    assert rules.is_overdue("open", d, datetime.date(2026, 7, 1))
    assert not rules.is_overdue("closed", d, datetime.date(2026, 7, 1))
    assert not rules.is_overdue("open", d, d)


def _kinds(h, year=2026, **kw):
    return [a.kind for a in alerts_for(h, year, AlertSettings(**kw))]


def test_lagging_two_years_running_alerts_and_a_gap_breaks_the_run():
    assert _kinds(OrgHistory(1, levels={2025: "lagging", 2026: "lagging"})) == ["lagging_running"]
    assert _kinds(OrgHistory(1, levels={2024: "lagging", 2026: "lagging"})) == []
    assert _kinds(OrgHistory(1, levels={2025: "lagging", 2026: "average"})) == []
    assert _kinds(OrgHistory(1, levels={2024: "lagging", 2025: "lagging"})) == ["lagging_running"]  # latest known year
    assert _kinds(OrgHistory(1, levels={2025: "lagging", 2026: "lagging"}), lagging_years=3) == []


def test_below_three_stars_running_and_a_lowered_star_level():
    h = OrgHistory(1, stars={2025: 2, 2026: 1})
    assert _kinds(h) == ["low_stars_running", "stars_lowered"]
    assert _kinds(h, star_drop=False) == ["low_stars_running"]
    assert _kinds(OrgHistory(1, stars={2025: 4, 2026: 3})) == ["stars_lowered"]
    assert _kinds(OrgHistory(1, stars={2025: 3, 2026: 3})) == []


def test_case_and_measure_alerts():
    assert _kinds(OrgHistory(1, case_deadline_passed=True, measures_long_overdue=2)) == ["case_overdue", "measure_overdue"]
