"""History pages read as sentences: Chinese verb, the object by name, field labels and values in words,
a link to the thing that changed (core.history + each app's audit_texts.py)."""
from __future__ import annotations

import re

from django.urls import reverse

from core.audit import audit_record
from core.history import describe
from organizations import services as org_services
from ratings.classification import services as cls_services
from upgrades import services as up_services
from upgrades.models import YearEnd


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_org_history_reads_the_year_end_level_as_a_sentence_with_a_link(demo, client_for):
    campaign = demo.ctx.campaign
    from upgrades.demo import yearend_in_order

    # the year-end in the seed's order (self-check, satisfaction assessment), then the level is fixed
    yearend_in_order(campaign, demo.branch, "advanced", None, enter=demo.users["branch"], superior=demo.users["township"],
                     reason="年终考核优秀")
    html = client_for("township").get(reverse("organizations:org-history", kwargs={"pk": demo.branch.pk})).content.decode()
    text = _text(html)
    assert "yearend.fix_level" not in html and "YearEnd object" not in html and "final_level" not in html
    assert "重新划定年终等次" in text and "年终考核优秀" in text
    assert "先进" in text  # the level in words, not "advanced"
    assert "'final_level'" not in html and "{" not in text
    ye = YearEnd.objects.get(campaign=campaign, organization=demo.branch)
    assert reverse("upgrades:yearend", args=[demo.branch.pk]) + f"?campaign={campaign.pk}" in html
    assert ye.pk


def test_org_history_names_changed_fields_by_their_labels(demo, client_for):
    org_services.organization_update(actor=demo.users["township"], organization=demo.branch, member_count=40, reason="党员发展")
    html = client_for("branch").get(reverse("organizations:org-history", kwargs={"pk": demo.branch.pk})).content.decode()
    text = _text(html)
    assert "organization.update" not in html and "member_count" not in html
    assert "修改组织信息" in text and "党员人数" in text and "40" in text
    assert reverse("organizations:org-detail", args=[demo.branch.pk]) in html


def test_classification_history_reads_steps_in_words(demo, client_for):
    org = demo.org("金星乡中心小学党支部")
    c = cls_services.classification_start(actor=demo.users["township"], campaign=demo.ctx.campaign, organization=org)
    html = client_for("township").get(reverse("classification:classification-detail", args=[c.pk])).content.decode()
    assert "Started" not in html and "classification.start" not in html
    assert "启动“四步法”分类评定" in _text(html)


def test_an_unregistered_action_still_reads_in_words(demo):
    event = audit_record(actor=demo.users["county"], action="organization.somethingnew", obj=demo.branch,
                         organization=demo.branch, before={"is_active": True, "kind": demo.branch.kind},
                         after={"is_active": False, "kind": demo.branch.kind, "counts": {"agree": 3}})
    row = describe(event)
    assert demo.branch.name in row.sentence and "修改" in row.sentence
    labels = {c.label: (c.before, c.after) for c in row.changes}
    active_label = str(type(demo.branch)._meta.get_field("is_active").verbose_name)
    assert labels[active_label] == ("是", "否")
    assert labels["计数"] == ("", "同意 3")
    assert str(type(demo.branch)._meta.get_field("kind").verbose_name) not in labels  # unchanged: left out
