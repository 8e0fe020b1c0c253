"""Small groups are not broken down (docs/rules.md §14, core.secrecy): with one service recipient the
year-end satisfaction shows, stores and audits only totals; with five it is split by category. The same
for questionnaire results by category (page and report)."""
from __future__ import annotations

import pytest

from core.models import AuditEvent
from tests.security.vote_paths import yearend_self_check

pytestmark = pytest.mark.django_db


def _ballot(demo, recipients: int):
    from upgrades import services as s
    from upgrades.models import SatisfactionCode

    yearend_self_check(demo)
    ye = s.satisfaction_ballot_open(actor=demo.users["township"], campaign=demo.ctx.campaign, organization=demo.branch,
                                    codes={"party_member": 40, "masses": 18, "service_recipient": recipients})
    for category, choices in (("party_member", ["satisfied"] * 6), ("masses", ["basically"] * 5),
                              ("service_recipient", ["dissatisfied"] * recipients)):
        codes = SatisfactionCode.objects.filter(year_end=ye, category=category).values_list("code", flat=True)
        for code, choice in zip(codes, choices):
            s.satisfaction_ballot_cast(code=code, choice=choice)
    return s.satisfaction_ballot_close(actor=demo.users["township"], year_end=ye)


def _page(client_for, demo, user):
    response = client_for(user).get(f"/upgrades/yearend/{demo.branch.pk}/", {"campaign": demo.ctx.campaign.pk})
    assert response.status_code == 200
    return response.content.decode()


def test_one_service_recipient_dissatisfied_is_never_shown_stored_or_audited_apart(demo, client_for):
    from upgrades.models import SatisfactionCount

    ye = _ballot(demo, recipients=1)
    assert ye.sat_counts == {"all": {"satisfied": 6, "basically": 5, "dissatisfied": 1}}
    assert not SatisfactionCount.objects.filter(year_end=ye, count__gt=0).exists()  # the counters are emptied
    audit = AuditEvent.objects.get(action="yearend.satisfaction_ballot_close", object_id=str(ye.pk))
    assert audit.after["counts"] == {"all": {"satisfied": 6, "basically": 5, "dissatisfied": 1}}
    for user in ("township", "branch"):  # the superior and the branch being assessed
        page = _page(client_for, demo, user)
        assert 'data-testid="sat-pooled"' in page
        assert "服务对象" not in page.split('data-testid="sat-pooled"')[0].rsplit("<table", 1)[-1]


def test_five_service_recipients_are_shown_by_category(demo, client_for):
    ye = _ballot(demo, recipients=5)
    assert ye.sat_counts["service_recipient"] == {"satisfied": 0, "basically": 0, "dissatisfied": 5}
    audit = AuditEvent.objects.get(action="yearend.satisfaction_ballot_close", object_id=str(ye.pk))
    assert audit.after["counts"]["service_recipient"]["dissatisfied"] == 5
    page = _page(client_for, demo, "township")
    assert 'data-testid="sat-pooled"' not in page and "服务对象" in page


def test_paper_satisfaction_with_one_service_recipient_is_kept_as_totals_only(demo):
    from upgrades import services as s

    yearend_self_check(demo)
    ye = s.yearend_satisfaction(actor=demo.users["township"], campaign=demo.ctx.campaign, organization=demo.branch,
                                attendance={"party_member": 42, "masses": 18, "service_recipient": 1},
                                counts={"party_member": {"satisfied": 40}, "masses": {"basically": 18},
                                        "service_recipient": {"dissatisfied": 1}})
    assert ye.sat_counts == {"all": {"satisfied": 40, "basically": 18, "dissatisfied": 1}}
    audit = AuditEvent.objects.get(action="yearend.satisfaction", object_id=str(ye.pk))
    assert "service_recipient" not in audit.after["counts"]
    rows = s.satisfaction_by_category(ye)
    assert len(rows) == 1 and rows[0]["total"] and rows[0]["tally"].dissatisfied == 1


def test_the_threshold_is_the_rule_sets(demo):
    from upgrades import services as s

    ruleset = demo.ctx.campaign.ruleset
    ruleset.values = {**(ruleset.values or {}), "small_group_threshold": 1}
    ruleset.save()
    yearend_self_check(demo)
    ye = s.yearend_satisfaction(actor=demo.users["township"], campaign=demo.ctx.campaign, organization=demo.branch,
                                attendance={"masses": 18, "service_recipient": 1},
                                counts={"masses": {"basically": 18}, "service_recipient": {"dissatisfied": 1}})
    assert ye.sat_counts["service_recipient"]["dissatisfied"] == 1


def _closed_round(demo, recipients: int):
    from surveys import services
    from surveys.models import Response

    from tests.surveys.helpers import add_paper, new_round

    round_ = new_round(demo, demo.org("金星乡中心小学党支部"))  # group B: service recipients may be invited
    add_paper(demo, round_, "party_member", 15)
    add_paper(demo, round_, "masses", 6)
    add_paper(demo, round_, "service_recipient", recipients)
    services.survey_round_close(actor=demo.users["township"], round_=round_)
    assert Response.objects.filter(round=round_, category="service_recipient").count() == recipients
    round_.refresh_from_db()
    return round_


@pytest.mark.parametrize("recipients, split", [(1, False), (5, True)])
def test_questionnaire_results_are_split_by_category_only_when_every_group_is_large_enough(demo, client_for,
                                                                                          recipients, split):
    from surveys.selectors import round_results

    round_ = _closed_round(demo, recipients)
    results, respondents, _overall = round_results(round_, count_basic=True)
    assert respondents["service_recipient"] == recipients
    choice = [r for r in results if r.question.kind != "text"]
    assert choice and all(bool(r.by_category) is split for r in choice)
    assert all(bool(r.satisfaction_rate_by_category) is split for r in choice if r.question.kind == "satisfaction")
    page = client_for("township").get(f"/surveys/rounds/{round_.pk}/results/").content.decode()
    assert ('data-testid="small-group"' in page) is not split
    assert ("<th class=\"text-end\">服务对象</th>" in page) is split
