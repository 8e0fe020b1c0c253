"""Bad numbers are refused whole (issue 14): every numeric form answers empty, negative, too large and
non-numeric input with a 200 page whose error names the field, and stores nothing. The database
refuses the same values on its own (CHECK constraints ``<model>_<field>_range``, core.bounds).

Each case opens the real form page, reads back what the page would post (tests/security/formdata.py),
changes one number and posts it.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.security.formdata import form_data
from tests.security.vote_paths import yearend_self_check

HUGE = str(2**63)
BAD = ["-5", "3000000000", HUGE, "abc", "1e400"]


@dataclass(frozen=True)
class NumberField:
    label: str  # test id
    actor: str
    url: Callable[[Any], str]
    fields: tuple[str, ...]
    snapshot: Callable[[Any], Any]  # what must not change when the post is refused
    extra: Callable[[Any], dict[str, str]] = lambda demo: {}
    required: bool = True
    prepare: Callable[[Any], Any] | None = None


def _org(demo):
    from organizations.models import Organization

    return list(Organization.objects.filter(pk=demo.branch.pk).values())


def _quorum_copy(demo):
    from campaigns.models import QuorumRule, RuleSet

    copy = RuleSet.objects.create(name="有界测试副本", version=1, owner=demo.county, copied_from_id=1)
    rule = RuleSet.objects.get(pk=1).quorum_rules.first()
    return QuorumRule.objects.create(ruleset=copy, activity=rule.activity, group=rule.group, source="test",
                                     min_total=rule.min_total)


def _quorum_rows(demo):
    from campaigns.models import QuorumRule

    return list(QuorumRule.objects.order_by("pk").values())


def _ruleset_values(demo):
    from campaigns.models import RuleSet

    return list(RuleSet.objects.order_by("pk").values("pk", "values", "version"))


def _classification(demo, name="东方村党支部"):
    from ratings.classification.models import Classification

    return Classification.objects.get(campaign=demo.ctx.campaign, organization__name=name)


def _meetings(demo):
    from ratings.classification.models import BallotSession, Meeting, MeetingResult

    return (list(Meeting.objects.order_by("pk").values()), list(MeetingResult.objects.order_by("pk").values()),
            BallotSession.objects.count())


def _fresh_meeting(demo):
    from tests.ratings.helpers_classification import meeting

    return meeting(demo, _classification(demo), 1)


def _survey_state(demo):
    from surveys.models import OneTimeCode, Question, SurveyRecord

    return OneTimeCode.objects.count(), list(Question.objects.order_by("pk").values()), SurveyRecord.objects.count()


def _open_round(demo):
    return demo.ctx.extra["surveys"]["rounds"]["东方村党支部"]


def _own_questionnaire(demo):
    from surveys import services
    from surveys.models import QuestionnaireTemplate

    builtin = QuestionnaireTemplate.objects.filter(owner__isnull=True).first()
    return services.template_copy(actor=demo.users["township"], template=builtin, owner=demo.township, name="有界问卷")


def _delegates_branch(demo):
    """A branch large enough to hold a delegates' meeting, so the form also asks for the entitled members."""
    demo.branch.member_count = 120
    demo.branch.save(update_fields=["member_count"])


def _upgrades_state(demo):
    from upgrades.models import Honour, SatisfactionCode, YearEnd

    return Honour.objects.count(), list(YearEnd.objects.order_by("pk").values()), SatisfactionCode.objects.count()


def _stars_state(demo):
    from ratings.stars.models import ScoringRule, ScoringSection, ScoringTemplate

    return (list(ScoringRule.objects.order_by("pk").values()), list(ScoringSection.objects.order_by("pk").values()),
            ScoringTemplate.objects.count())


def _own_scoring_template(demo):
    from ratings.stars import services
    from ratings.stars.models import ScoringTemplate

    builtin = ScoringTemplate.objects.filter(is_builtin=True).first()
    return services.template_copy(actor=demo.users["county"], template=builtin, owner=demo.county, name="有界评分表",
                                  year=demo.ctx.year)


CASES = [
    NumberField("organisation members", "township", lambda d: reverse("organizations:org-edit", args=[d.branch.pk]),
                ("member_count",), _org, extra=lambda d: {"reason": "核对"}),
    NumberField("quorum rule", "county", lambda d: reverse("campaigns:quorum-rule-edit", args=[d.prepared.pk]),
                ("min_total", "min_masses_percent", "min_entitled_percent", "invite_when_below"), _quorum_rows,
                extra=lambda d: {"reason": "核对"}, required=False, prepare=_quorum_copy),
    NumberField("rule-set settings", "county", lambda d: reverse("campaigns:ruleset-edit", args=[d.prepared.ruleset_id]),
                ("star_notice_days", "score_spot_check_percent"), _ruleset_values,
                extra=lambda d: {"reason": "核对"}, prepare=_quorum_copy),
    NumberField("meeting attendance", "branch",
                lambda d: reverse("classification:classification-meeting-edit", args=[_classification(d).pk, 1]),
                ("expected_party_members", "expected_masses", "expected_service_recipients", "party_members", "masses",
                 "service_recipients"), _meetings),
    NumberField("paper tally", "branch", lambda d: reverse("classification:classification-tally-edit", args=[d.prepared.pk]),
                ("advanced", "average", "lagging"), _meetings, prepare=_fresh_meeting),
    NumberField("ballot codes", "branch", lambda d: reverse("classification:ballot-session-create", args=[d.prepared.pk]),
                ("party_member", "masses", "service_recipient"), _meetings, prepare=_fresh_meeting),
    NumberField("survey codes", "branch", lambda d: reverse("surveys:codes-generate", args=[_open_round(d).pk]),
                ("party_member", "masses", "service_recipient"), _survey_state),
    NumberField("survey record", "branch", lambda d: reverse("surveys:record-create"),
                ("heard_party_members", "heard_masses", "heard_service_recipients"), _survey_state,
                extra=lambda d: {"title": "座谈会", "held_on": f"{d.ctx.year}-03-01", "content": "听取意见", "kind": "symposium"}),
    NumberField("question order", "township", lambda d: reverse("surveys:question-create", args=[d.prepared.pk]),
                ("order",), _survey_state, extra=lambda d: {"text": "新问题", "kind": "text"}, required=False,
                prepare=_own_questionnaire),
    NumberField("honour year", "township", lambda d: reverse("upgrades:honours"), ("year",), _upgrades_state,
                extra=lambda d: {"title": "先进基层党组织", "issuer": "县委"}),
    NumberField("year-end self-check", "branch", lambda d: reverse("upgrades:yearend", args=[d.branch.pk]),
                ("s-party_members", "s-entitled"), _upgrades_state, prepare=_delegates_branch,
                extra=lambda d: {"form": "self", "s-report": "自查", "s-meeting_date": f"{d.ctx.year}-11-20"}),
    NumberField("year-end satisfaction", "township", lambda d: reverse("upgrades:yearend", args=[d.branch.pk]),
                ("t-att_masses", "t-masses_satisfied"), _upgrades_state, extra=lambda d: {"form": "sat"},
                prepare=lambda d: yearend_self_check(d)),
    NumberField("scoring section", "county", lambda d: reverse("stars:scoring-section-edit", args=[d.prepared.sections.first().pk]),
                ("max_points",), _stars_state, prepare=_own_scoring_template),
    NumberField("scoring rule", "county",
                lambda d: reverse("stars:scoring-rule-edit", args=[d.prepared.sections.first().rules.first().pk]),
                ("points",), _stars_state, prepare=_own_scoring_template),
]


def _errors_near(content: str, field: str) -> str:
    """The text of the page's error messages (field errors and alerts), tags stripped."""
    blocks = re.findall(r'class="[^"]*(?:invalid-feedback|alert-danger|alert-block|errorlist)[^"]*"[^>]*>(.*?)</(?:span|div|ul)>',
                        content, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", " ".join(blocks)))


def _label_of(content: str, field: str) -> str:
    match = re.search(rf'<label\s[^>]*for="id_{re.escape(field)}"[^>]*>(.*?)</label>', content, flags=re.S)
    assert match, f"no label for {field}"
    return html.unescape(re.sub(r"<[^>]+>|\*", "", match.group(1))).strip()


@pytest.mark.parametrize("case", CASES, ids=[c.label for c in CASES])
def test_every_number_of_the_form_refuses_bad_values_with_a_message_naming_it(case: NumberField, demo, client_for):
    demo.prepared = case.prepare(demo) if case.prepare else None
    client = client_for(case.actor)
    url = case.url(demo)
    page = client.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    for field in case.fields:
        base = form_data(content, field)
        for key, value in case.extra(demo).items():
            base[key] = [value]
        label = _label_of(content, field)
        assert f'name="{field}"' in content and re.search(rf'name="{re.escape(field)}"[^>]*max="', content) or \
            re.search(rf'max="[^"]+"[^>]*name="{re.escape(field)}"', content), f"{field}: the browser gets no max"
        for bad in BAD + ([""] if case.required else []):
            before = case.snapshot(demo)
            data = {**base, field: [bad]}
            response = client.post(url, data)
            assert response.status_code == 200, f"{field}={bad!r}: {response.status_code}"
            errors = _errors_near(response.content.decode(), field)
            assert label in errors, f"{field}={bad!r}: the error does not name {label!r}: {errors[:300]!r}"
            assert case.snapshot(demo) == before, f"{field}={bad!r} changed stored data"


# --- the reproductions of issue 14 -----------------------------------------------------------------------


def _sheet(demo, which: str):
    return demo.ctx.extra["ratings.stars.sheets"][which]


def _count_rule(sheet):
    from ratings.stars.choices import Method

    return sheet.template.sections.first().rules.exclude(method__in=[Method.TIERED, Method.VETO]).first()


@pytest.mark.parametrize("bad", ["100000", "-5", "abc", HUGE, "1e400", "0.001", "NaN"])
def test_a_bad_score_count_is_refused_whole_and_the_sheet_still_opens(demo, client_for, bad):
    from ratings.stars.models import ScoreEntry, ScoreSheet

    sheet = _sheet(demo, "draft")
    client = client_for("township")
    url = reverse("stars:sheet-enter", args=[sheet.pk, "self"])
    data = form_data(client.get(url).content.decode(), f"q_{_count_rule(sheet).pk}")
    data[f"q_{_count_rule(sheet).pk}"] = [bad]
    entries_before = list(ScoreEntry.objects.filter(sheet=sheet).order_by("pk").values())
    totals_before = ScoreSheet.objects.filter(pk=sheet.pk).values("self_total", "reviewer_total", "final_total").get()
    response = client.post(url, data)
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert "评分已保存" not in text
    rule = _count_rule(sheet)
    assert rule.text[:10] in _errors_near(text, "") and sheet.template.sections.first().title in _errors_near(text, "")
    assert list(ScoreEntry.objects.filter(sheet=sheet).order_by("pk").values()) == entries_before
    assert ScoreSheet.objects.filter(pk=sheet.pk).values("self_total", "reviewer_total", "final_total").get() == totals_before
    for page in ("stars:sheet-detail", "stars:sheet-pdf"):
        assert client.get(reverse(page, args=[sheet.pk])).status_code == 200
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("bad", ["-1000", "abc", "100000", HUGE])
def test_a_bad_reviewer_spot_check_is_refused_and_totals_stay_non_negative(demo, client_for, bad):
    from ratings.stars.models import ScoreSheet

    sheet = _sheet(demo, "submitted")
    client = client_for("township")
    url = reverse("stars:sheet-enter", args=[sheet.pk, "reviewer"])
    data = form_data(client.get(url).content.decode(), "spot_check_score")
    # the reviewer's own reasons: the branch's notes are shown beside, never copied in (issue #19)
    data.update({k: ["复核：扣分属实"] for k, v in data.items() if k.startswith("m_") and v in ([], [""])})
    before = ScoreSheet.objects.filter(pk=sheet.pk).values("reviewer_total", "spot_check_score", "status").get()
    response = client.post(url, {**data, "spot_check_score": [bad]})
    assert response.status_code == 200
    assert "抽查" in _errors_near(response.content.decode(), "")
    assert ScoreSheet.objects.filter(pk=sheet.pk).values("reviewer_total", "spot_check_score", "status").get() == before
    # a good spot check saves, and the weighted total is not negative
    response = client.post(url, {**data, "spot_check_score": ["0"]})
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.reviewer_total is not None and sheet.reviewer_total >= 0


@pytest.mark.parametrize("bad", ["3000000000", HUGE])
def test_three_billion_party_members_are_refused_on_the_form(demo, client_for, bad):
    client = client_for("township")
    url = reverse("organizations:org-edit", args=[demo.branch.pk])
    data = form_data(client.get(url).content.decode(), "member_count")
    response = client.post(url, {**data, "member_count": [bad], "reason": ["核对"]})
    assert response.status_code == 200
    assert "党员人数" in _errors_near(response.content.decode(), "member_count")
    demo.branch.refresh_from_db()
    assert demo.branch.member_count < 3_000_000_000


def test_three_billion_masses_at_a_meeting_are_refused_and_no_quorum_is_declared(demo, client_for):
    from ratings.classification.models import Meeting

    client = client_for("branch")
    c = _classification(demo)
    url = reverse("classification:classification-meeting-edit", args=[c.pk, 1])
    data = form_data(client.get(url).content.decode(), "masses")
    response = client.post(url, {**data, "date": [f"{demo.ctx.year}-03-20"], "place": ["村委会"], "party_members": ["30"],
                                 "masses": ["3000000000"]})
    assert response.status_code == 200
    assert not Meeting.objects.filter(classification=c, quorum_ok=True).exists()
    assert not Meeting.objects.filter(masses__gt=100_000).exists()


def test_attendance_above_the_number_entitled_is_refused_with_a_message_saying_so(demo, client_for):
    client = client_for("branch")
    url = reverse("upgrades:yearend", args=[demo.branch.pk])
    data = form_data(client.get(url).content.decode(), "s-party_members")
    response = client.post(url, {**data, "form": ["self"], "s-report": ["自查"], "s-meeting_date": [f"{demo.ctx.year}-11-20"],
                                 "s-party_members": ["50"], "s-entitled": ["40"]})
    assert response.status_code == 200
    errors = _errors_near(response.content.decode(), "s-party_members")
    assert "应到" in errors or "有权" in errors, errors
    from upgrades.models import YearEnd

    assert not YearEnd.objects.filter(organization=demo.branch, meeting_party_members=50).exists()


def test_a_member_meeting_with_more_present_than_entitled_is_refused(demo, client_for):
    from tests.ratings.helpers_classification import meeting, paper
    from ratings.classification import services as svc
    from ratings.classification.models import Meeting

    c = _classification(demo)
    m1 = meeting(demo, c, 1)
    paper(demo, m1, advanced=30, average=20, lagging=5)
    c = svc.classification_step_complete(actor=demo.users["branch"], classification=c)
    client = client_for("branch")
    url = reverse("classification:classification-meeting-edit", args=[c.pk, 2])
    data = form_data(client.get(url).content.decode(), "party_members")
    too_many = str(c.organization.member_count + 1)
    data.update({"date": [f"{demo.ctx.year}-04-01"], "place": ["党员活动室"], "party_members": [too_many]})
    if "entitled" in data:
        data["entitled"] = [str(c.organization.member_count)]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "应到" in _errors_near(response.content.decode(), "party_members") or \
        "有权" in _errors_near(response.content.decode(), "party_members")
    assert not Meeting.objects.filter(classification=c, step=2).exists()


# --- the database refuses on its own --------------------------------------------------------------------


def test_the_database_refuses_out_of_range_numbers_even_from_a_raw_update(demo):
    from organizations.models import Organization
    from ratings.classification.models import Meeting
    from ratings.stars.models import ScoreEntry, ScoreSheet

    sheet = _sheet(demo, "draft")
    rule = _count_rule(sheet)
    meeting = _fresh_meeting(demo)
    attempts = [
        lambda: Organization.objects.filter(pk=demo.branch.pk).update(member_count=3_000_000),
        lambda: Meeting.objects.filter(pk=meeting.pk).update(masses=200_000),
        lambda: Meeting.objects.filter(pk=meeting.pk).update(entitled=10, party_members=11),
        lambda: ScoreEntry.objects.create(sheet=sheet, rule=rule, stage="self", quantity=Decimal("10000")),
        lambda: ScoreSheet.objects.filter(pk=sheet.pk).update(spot_check_score=Decimal("-1000")),
    ]
    for attempt in attempts:
        with pytest.raises(IntegrityError), transaction.atomic():
            attempt()


def test_bounds_are_exported_for_the_importers():
    """The organisation import reuses the model's bound (core.bounds.MEMBERS) and its message."""
    from core.bounds import MEMBERS, model_bound
    from organizations.models import Organization

    assert model_bound(Organization._meta.get_field("member_count")) == MEMBERS
    assert 3_000_000_000 not in MEMBERS and 2**63 not in MEMBERS and -1 not in MEMBERS and 120 in MEMBERS
    assert "党员人数" in str(MEMBERS.message("党员人数"))


@pytest.mark.parametrize("members", [3_000_000_000, 2**63, "inf"])
def test_the_organisation_import_refuses_impossible_member_counts_naming_row_and_column(demo, members):
    from core.xlsx import XlsxError
    from organizations.models import Organization
    from tests.organizations.test_import import errors_of, run_import

    rows = [["幸福村党支部", "金星乡党委", "党支部", "村", members, "马红", "13900000001"]]
    with pytest.raises(XlsxError) as exc_info:
        run_import(demo, rows=rows)
    assert any("党员人数" in e for e in errors_of(exc_info)), errors_of(exc_info)
    assert not Organization.objects.filter(name="幸福村党支部").exists()


@pytest.mark.parametrize("raw", ["²", "١", "99999999999999999999"])
def test_a_unicode_or_huge_digit_is_an_unknown_option_not_a_crash(raw):
    from surveys.rules import AnswerProblem, QuestionShape, parse_answer

    with pytest.raises(AnswerProblem):
        parse_answer(QuestionShape("single", ("好", "一般", "差"), True), raw)
