"""Rule sets (versioned; built-ins read-only, copies editable), campaigns and the append-only audit trail."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import Http404

from campaigns import services
from campaigns.choices import Activity, QuorumGroup
from core.models import AuditEvent
from campaigns.models import Campaign, QuorumRule, RuleSet
from core.rulesettings import REGISTRY, Setting, parse_value, register, setting_value


@pytest.fixture
def builtin(db) -> RuleSet:
    call_command("loaddata", "builtin_rules", verbosity=0)
    return RuleSet.objects.get(pk=1)


def test_builtin_rules_have_a_quorum_rule_for_every_activity_and_group_citing_seed_000(builtin):
    rows = {(r.activity, r.group): r for r in builtin.quorum_rules.all()}
    assert set(rows) == {(a, g) for a in Activity.values for g in QuorumGroup.values}
    for rule in rows.values():
        assert rule.source.strip() and "seed 000" in rule.source, rule
    assert builtin.is_builtin and builtin.owner is None


def test_builtin_masses_assessment_counts_townships_and_organ_committees_in_group_a(builtin):
    scopes = {r.activity: r.group_a_scope for r in builtin.quorum_rules.filter(group="A")}
    assert scopes.pop(Activity.MASSES_ASSESSMENT) == "with_township_and_organ"
    assert set(scopes.values()) == {"village_community"}


def test_copying_a_rule_set_copies_its_quorum_rows(demo):
    source = RuleSet.objects.get(pk=1)
    copy = services.ruleset_copy(actor=demo.users["county"], source=source, owner=demo.county, name="晋安县2026")
    assert not copy.is_builtin and copy.owner == demo.county and copy.copied_from == source and copy.version == 1
    fields = ["activity", "group", "group_a_scope", "min_total", "min_masses_percent", "min_entitled_percent",
              "may_invite_service_recipients", "invite_when_below", "service_recipients_count_as_masses",
              "count_only_non_party", "source"]
    assert list(copy.quorum_rules.values_list(*fields)) == list(source.quorum_rules.values_list(*fields))
    assert AuditEvent.objects.filter(action="ruleset.copy", object_id=str(copy.pk)).exists()


def test_only_the_county_reviewer_copies_rule_sets(demo):
    with pytest.raises(Http404):
        services.ruleset_copy(actor=demo.users["township"], source=RuleSet.objects.get(pk=1), owner=demo.county, name="x")


def test_a_copy_name_must_be_new(demo):
    with pytest.raises(ValidationError):
        services.ruleset_copy(actor=demo.users["county"], source=RuleSet.objects.get(pk=1), owner=demo.county,
                              name=RuleSet.objects.get(pk=1).name)


def test_editing_a_copy_bumps_its_version_and_writes_an_audit_row(demo):
    county = demo.users["county"]
    copy = services.ruleset_copy(actor=county, source=RuleSet.objects.get(pk=1), owner=demo.county, name="副本")
    rule = copy.quorum_rules.get(activity=Activity.QUESTIONNAIRE, group="A")
    services.quorum_rule_update(actor=county, rule=rule, min_total=70, reason="县里要求更高")
    copy.refresh_from_db()
    rule.refresh_from_db()
    assert rule.min_total == 70 and copy.version == 2
    event = AuditEvent.objects.get(action="quorum_rule.update")
    assert event.before == {"min_total": 60} and event.after == {"min_total": 70}
    assert event.reason == "县里要求更高" and event.actor == county
    services.ruleset_update(actor=county, ruleset=copy, values={"deadline_warning_days": 10}, reason="提前提醒")
    copy.refresh_from_db()
    assert copy.version == 3 and copy.setting("deadline_warning_days") == 10
    assert AuditEvent.objects.filter(action="ruleset.update", object_id=str(copy.pk)).count() == 1
    # The built-in original is untouched.
    assert RuleSet.objects.get(pk=1).quorum_rules.get(activity=Activity.QUESTIONNAIRE, group="A").min_total == 60


def test_saving_a_copy_without_a_change_keeps_the_version(demo):
    county = demo.users["county"]
    copy = services.ruleset_copy(actor=county, source=RuleSet.objects.get(pk=1), owner=demo.county, name="副本")
    services.ruleset_update(actor=county, ruleset=copy, values={"deadline_warning_days": 7})
    copy.refresh_from_db()
    assert copy.version == 1 and copy.values == {}


def test_a_share_outside_0_to_100_is_refused(demo):
    county = demo.users["county"]
    copy = services.ruleset_copy(actor=county, source=RuleSet.objects.get(pk=1), owner=demo.county, name="副本")
    with pytest.raises(ValidationError):
        services.quorum_rule_update(actor=county, rule=copy.quorum_rules.first(), min_masses_percent=120)


def test_builtin_rule_sets_refuse_edits(demo):
    builtin = RuleSet.objects.get(pk=1)
    with pytest.raises(ValidationError):
        services.ruleset_update(actor=demo.users["county"], ruleset=builtin, values={"deadline_warning_days": 3})
    with pytest.raises(ValidationError):
        services.quorum_rule_update(actor=demo.users["county"], rule=builtin.quorum_rules.first(), min_total=1)
    builtin.refresh_from_db()
    assert builtin.version == 1 and builtin.values == {}


def test_township_staff_cannot_edit_the_county_copy(demo):
    copy = services.ruleset_copy(actor=demo.users["county"], source=RuleSet.objects.get(pk=1), owner=demo.county, name="副本")
    with pytest.raises(Http404):
        services.ruleset_update(actor=demo.users["township"], ruleset=copy, values={"deadline_warning_days": 3})


def _dates(year=2030, **override):
    dates = dict(survey_start=datetime.date(year, 3, 1), survey_due=datetime.date(year, 3, 31),
                 classification_due=datetime.date(year, 4, 30), upgrade_due=datetime.date(year, 11, 30),
                 summary_due=datetime.date(year, 12, 31))
    dates.update(override)
    return dates


def test_a_township_creates_its_campaign_with_an_audit_row(demo):
    campaign = services.campaign_create(actor=demo.users["township"], scope=demo.township, ruleset=RuleSet.objects.get(pk=1),
                                        year=2030, name="金星乡2030", **_dates())
    assert AuditEvent.objects.get(action="campaign.create").organization == demo.township
    assert [phase for phase, _start, _due in campaign.phase_deadlines()] == ["survey", "classification", "upgrade", "summary"]


def test_campaign_phase_dates_must_follow_each_other(demo):
    with pytest.raises(ValidationError):
        services.campaign_create(actor=demo.users["township"], scope=demo.township, ruleset=RuleSet.objects.get(pk=1),
                                 year=2030, name="倒序", **_dates(classification_due=datetime.date(2030, 3, 15)))
    assert not Campaign.objects.filter(name="倒序").exists()
    with pytest.raises(ValidationError):
        services.campaign_update(actor=demo.users["county"], campaign=demo.ctx.campaign,
                                 summary_due=demo.ctx.campaign.upgrade_due - datetime.timedelta(days=1))


def test_one_campaign_per_year_and_scope(demo):
    with pytest.raises(ValidationError):
        services.campaign_create(actor=demo.users["county"], scope=demo.county, ruleset=RuleSet.objects.get(pk=1),
                                 year=demo.ctx.year, name="重复", **_dates(demo.ctx.year))


def test_campaigns_are_created_only_inside_the_actors_scope(demo):
    with pytest.raises(Http404):
        services.campaign_create(actor=demo.users["township"], scope=demo.township2, ruleset=RuleSet.objects.get(pk=1),
                                 year=2030, name="越权", **_dates())
    with pytest.raises(Http404):
        services.campaign_create(actor=demo.users["branch"], scope=demo.branch, ruleset=RuleSet.objects.get(pk=1),
                                 year=2030, name="越权", **_dates())


def test_campaign_update_records_before_and_after(demo):
    campaign = demo.ctx.campaign
    old_due = campaign.survey_due
    services.campaign_update(actor=demo.users["county"], campaign=campaign, survey_due=old_due + datetime.timedelta(days=5),
                             reason="延期")
    event = AuditEvent.objects.get(action="campaign.update")
    assert event.before == {"survey_due": str(old_due)}
    assert event.after == {"survey_due": str(old_due + datetime.timedelta(days=5))} and event.reason == "延期"


def test_audit_events_are_append_only(demo):
    event = AuditEvent.objects.create(action="test.event", object_type="x", object_id="1", object_repr="x")
    event.reason = "changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="changed")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


def test_rule_settings_registry_gives_defaults_with_their_source(demo):
    assert REGISTRY["deadline_warning_days"].default == 7
    assert REGISTRY["delegates_meeting_from_members"].default == 50
    assert "seed 000" in REGISTRY["delegates_meeting_from_members"].source
    for setting in REGISTRY.values():
        assert setting.source.strip(), setting.key
        assert setting.kind in {"int", "decimal", "bool", "choice", "text"}
        assert setting_value(None, setting.key) == setting.default
        assert RuleSet.objects.get(pk=1).setting(setting.key) == setting.default


def test_rule_settings_parse_values_by_kind():
    from decimal import Decimal

    def make(kind, default, choices=()):
        return Setting(key=f"t_{kind}", label="t", kind=kind, default=default, source="test", choices=choices)

    assert parse_value(make("int", 1), "12") == 12
    assert parse_value(make("decimal", Decimal("1")), "12.5") == Decimal("12.5")
    assert parse_value(make("bool", False), "on") is True and parse_value(make("bool", True), "0") is False
    assert parse_value(make("choice", "a", (("a", "A"), ("b", "B"))), "b") == "b"
    with pytest.raises(ValueError):
        parse_value(make("choice", "a", (("a", "A"),)), "z")
    with pytest.raises(ValueError):
        parse_value(make("decimal", Decimal("1")), "abc")


def test_registering_a_setting_twice_differently_is_refused():
    existing = REGISTRY["deadline_warning_days"]
    register(existing)  # the same definition again is fine (modules imported twice)
    with pytest.raises(ValueError):
        register(Setting(key=existing.key, label=existing.label, kind="int", default=99, source="x"))
