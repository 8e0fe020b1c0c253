"""Campaign and rule-set pages: the forms reach the services and show their refusals."""
from __future__ import annotations

from django.urls import reverse

from core.models import AuditEvent
from campaigns.models import Campaign, RuleSet
from core.rulesettings import REGISTRY

DATES = {"survey_start": "2031-03-01", "survey_due": "2031-03-31", "classification_due": "2031-04-30",
         "upgrade_due": "2031-11-30", "summary_due": "2031-12-31"}


def test_township_creates_and_edits_its_campaign_through_the_pages(demo, client_for):
    client = client_for("township")
    form = client.get(reverse("campaigns:campaign-create")).context["form"]
    assert list(form.fields["scope"].queryset) == [demo.township]
    response = client.post(reverse("campaigns:campaign-create"), {"year": 2031, "name": "金星乡2031年度", "scope": demo.township.pk,
                                                            "ruleset": 1, **DATES})
    assert response.status_code == 302
    campaign = Campaign.objects.get(year=2031, scope=demo.township)
    edited = client.post(reverse("campaigns:campaign-edit", kwargs={"pk": campaign.pk}),
                         {"year": 2031, "name": "金星乡2031年度（修订）", "ruleset": 1, **DATES})
    assert edited.status_code == 302
    campaign.refresh_from_db()
    assert campaign.name == "金星乡2031年度（修订）" and campaign.scope == demo.township
    assert AuditEvent.objects.filter(action="campaign.update", object_id=str(campaign.pk)).exists()


def test_campaign_dates_out_of_order_are_shown_on_the_form(demo, client_for):
    response = client_for("township").post(reverse("campaigns:campaign-create"), {
        "year": 2031, "name": "倒序", "scope": demo.township.pk, "ruleset": 1, **DATES, "survey_due": "2031-05-31"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not Campaign.objects.filter(name="倒序").exists()


def test_county_copies_the_builtin_rules_and_changes_a_quorum_number(demo, client_for):
    client = client_for("county")
    response = client.post(reverse("campaigns:ruleset-copy", kwargs={"pk": 1}), {"name": "晋安县规则", "owner": demo.county.pk})
    copy = RuleSet.objects.get(name="晋安县规则")
    assert response.status_code == 302 and response.url == reverse("campaigns:ruleset-detail", kwargs={"pk": copy.pk})
    detail = client.get(response.url)
    assert detail.context["can_edit"]
    rule = copy.quorum_rules.get(activity="questionnaire", group="A")
    response = client.post(reverse("campaigns:quorum-rule-edit", kwargs={"pk": rule.pk}), {
        "min_total": 80, "min_masses_percent": "30.00", "reason": "县定标准"})
    assert response.status_code == 302
    rule.refresh_from_db()
    copy.refresh_from_db()
    assert rule.min_total == 80 and copy.version == 2


def test_county_edits_the_settings_of_its_copy(demo, client_for):
    client = client_for("county")
    client.post(reverse("campaigns:ruleset-copy", kwargs={"pk": 1}), {"name": "晋安县规则", "owner": demo.county.pk})
    copy = RuleSet.objects.get(name="晋安县规则")
    form = client.get(reverse("campaigns:ruleset-edit", kwargs={"pk": copy.pk})).context["form"]
    data = {key: form.fields[key].initial for key in REGISTRY if REGISTRY[key].kind != "bool" or form.fields[key].initial}
    data.update(deadline_warning_days=14, classification_standards="县定标准", reason="提前两周提醒")
    response = client.post(reverse("campaigns:ruleset-edit", kwargs={"pk": copy.pk}), data)
    assert response.status_code == 302, response.context["form"].errors
    copy.refresh_from_db()
    assert copy.setting("deadline_warning_days") == 14 and copy.version == 2
    assert copy.classification_standards == "县定标准"


def test_the_builtin_rule_set_page_offers_no_edit(demo, client_for):
    response = client_for("county").get(reverse("campaigns:ruleset-detail", kwargs={"pk": 1}))
    assert not response.context["can_edit"] and response.context["can_copy"]
    assert len(response.context["quorum_rules"]) == 14


def test_dashboard_explains_itself_to_a_user_without_a_role(demo, client_for):
    response = client_for("outsider").get(reverse("campaigns:dashboard"))
    assert response.status_code == 200 and response.context["role"] is None
    assert response.context["stats"]["total"] == 0


def test_forbidden_and_missing_pages_answer_the_same_chinese_404(demo, client_for):
    client = client_for("branch")
    forbidden = client.get(reverse("organizations:org-detail", kwargs={"pk": demo.branch2.pk}))
    missing = client.get(reverse("organizations:org-detail", kwargs={"pk": 10**8}))
    assert forbidden.status_code == missing.status_code == 404
    assert "不存在" in forbidden.content.decode()
    assert "红旗村" not in forbidden.content.decode()
    assert [t.name for t in forbidden.templates][:1] == [t.name for t in missing.templates][:1] == ["404.html"]
