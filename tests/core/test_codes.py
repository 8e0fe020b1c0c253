"""The one-time code engine of core (core/rules_codes.py, core/codes.py, core/slips.py): one alphabet, codes
issued unique, a code redeemed once (with the retry on SQLite's "database is locked"), and the A4 slips.

The database tests use the satisfaction ballot's codes (upgrades.SatisfactionCode) as the concrete
subclass of ``core.models.OneTimeCodeBase``; the engine itself knows no app."""
from __future__ import annotations

import io
import re
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from hypothesis import given
from hypothesis import strategies as st

from core import codes as engine
from core import rules_codes as rules
from core.codes import CodeProblem, code_check, code_redeem, codes_issue, codes_settle
from core.models import OneTimeCodeBase
from tests.security.vote_paths import yearend_self_check

MM = 96 / 25.4  # CSS px per millimetre (WeasyPrint's layout unit)
A4_PT = (595.28, 841.89)


# --- pure rules ----------------------------------------------------------------------------------
def test_one_alphabet_of_25_characters_without_look_alikes():
    assert len(set(rules.CODE_ALPHABET)) == len(rules.CODE_ALPHABET) == 25
    for ch in "0O1IL5S2Z8B":
        assert ch not in rules.CODE_ALPHABET
    code = rules.new_code()
    assert len(code) == rules.CODE_LENGTH == 8 and set(code) <= set(rules.CODE_ALPHABET)


def test_surveys_use_the_core_alphabet():
    from surveys import rules as survey_rules

    assert survey_rules.CODE_ALPHABET is rules.CODE_ALPHABET and survey_rules.new_code is rules.new_code


def test_a_seeded_draw_gives_the_same_code():
    import random

    assert rules.new_code(random.Random(7).randrange) == rules.new_code(random.Random(7).randrange)


@given(st.text(alphabet=rules.CODE_ALPHABET, min_size=8, max_size=8))
def test_typed_forms_of_a_code_normalise_to_the_code(code):
    assert rules.normalise_code(f" {code[:4].lower()}-{code[4:]} ") == code
    assert rules.normalise_code(rules.format_code(code)) == code
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in code)  # Ａ３… from a Chinese phone keyboard
    assert rules.normalise_code(full_width) == code
    assert re.fullmatch(rules.CODE_INPUT_PATTERN, rules.format_code(code).lower())


def test_normalising_drops_everything_but_letters_and_digits_and_caps_the_length():
    assert rules.normalise_code("7kmx—3pqr。") == "7KMX3PQR"
    assert rules.normalise_code("答题码 7KMX 3PQR") == "7KMX3PQR"
    assert rules.normalise_code(None) == ""
    assert len(rules.normalise_code("A" * 100)) == rules.MAX_TYPED


def test_codes_are_shown_in_two_groups_of_four():
    assert rules.format_code("7KMX3PQR") == "7KMX-3PQR"
    assert rules.format_code("SHORT") == "SHORT"
    assert rules.CODE_PLACEHOLDER == "7KMX-3PQR" and set(rules.CODE_PLACEHOLDER) - {"-"} <= set(rules.CODE_ALPHABET)


def test_a_code_row_carries_no_person_and_no_time():
    from django.apps import apps

    subclasses = [m for m in apps.get_models() if issubclass(m, OneTimeCodeBase)]
    assert {m._meta.label for m in subclasses} >= {"surveys.OneTimeCode", "upgrades.SatisfactionCode"}
    for model in subclasses:
        for f in model._meta.get_fields():
            assert f.get_internal_type() not in ("DateTimeField", "DateField", "TimeField", "GenericIPAddressField"), f
            assert not (f.is_relation and f.related_model and f.related_model._meta.label == "auth.User"), f


# --- issuing and redeeming ------------------------------------------------------------------------
def _year_end(demo):
    from upgrades.models import SatisfactionCount, YearEnd

    ye = YearEnd.objects.create(campaign=demo.ctx.campaign, organization=demo.branch, sat_ballot="open")
    SatisfactionCount.objects.bulk_create([SatisfactionCount(year_end=ye, category="masses", choice=c)
                                           for c in ("satisfied", "basically", "dissatisfied")])
    return ye


def _open(row) -> bool:
    from upgrades.models import YearEnd

    return YearEnd.objects.filter(pk=row.year_end_id, sat_ballot="open").exists()


def _count(choice: str):
    from django.db.models import F

    from upgrades.models import SatisfactionCount

    def cast(row) -> str:
        SatisfactionCount.objects.filter(year_end_id=row.year_end_id, category=row.category, choice=choice).update(
            count=F("count") + 1)
        return choice

    return cast


def _counted(ye, choice: str) -> int:
    return ye.ballot_counts.get(category="masses", choice=choice).count


@pytest.mark.django_db
def test_issuing_makes_unique_codes_per_category_with_the_given_fields(demo):
    from upgrades.models import SatisfactionCode

    ye = _year_end(demo)
    made = codes_issue(SatisfactionCode, {"masses": 40, "party_member": 25, "service_recipient": 0}, year_end=ye)
    rows = list(SatisfactionCode.objects.filter(year_end=ye))
    assert len(made) == len(rows) == 65
    assert len({r.code for r in rows}) == 65 and all(set(r.code) <= set(rules.CODE_ALPHABET) for r in rows)
    assert sum(r.category == "masses" for r in rows) == 40 and not any(r.used for r in rows)


@pytest.mark.django_db
def test_a_collision_with_a_stored_code_draws_the_batch_again(demo):
    from upgrades.models import SatisfactionCode

    ye = _year_end(demo)
    taken = codes_issue(SatisfactionCode, {"masses": 1}, year_end=ye)[0].code
    draws = iter([taken, "ACDEFGHJ",  # the first batch collides with the stored code ...
                  "ACDEFGHJ", "KMNPQRTU"])  # ... and is drawn again as a whole
    with mock.patch.object(engine, "new_code", side_effect=lambda: next(draws)):
        made = codes_issue(SatisfactionCode, {"masses": 2}, year_end=ye)
    assert sorted(r.code for r in made) == ["ACDEFGHJ", "KMNPQRTU"]
    assert SatisfactionCode.objects.filter(year_end=ye).count() == 3


@pytest.mark.django_db
def test_issuing_gives_up_with_a_message_when_every_draw_collides(demo):
    from upgrades.models import SatisfactionCode

    ye = _year_end(demo)
    taken = codes_issue(SatisfactionCode, {"masses": 1}, year_end=ye)[0].code
    with mock.patch.object(engine, "new_code", return_value=taken), pytest.raises(ValidationError):
        codes_issue(SatisfactionCode, {"masses": 1}, year_end=ye, attempts=3)
    assert SatisfactionCode.objects.filter(year_end=ye).count() == 1


@pytest.mark.django_db
def test_a_redeemed_code_cannot_be_redeemed_again(demo):
    from upgrades.models import SatisfactionCode

    ye = _year_end(demo)
    code = codes_issue(SatisfactionCode, {"masses": 1}, year_end=ye)[0].code
    typed = rules.format_code(code).lower()
    assert code_check(SatisfactionCode, typed, is_open=_open).code == code
    assert code_redeem(SatisfactionCode, typed, owner="year_end", is_open=_open, cast=_count("satisfied")) == "satisfied"
    for problem_call in (lambda: code_redeem(SatisfactionCode, code, owner="year_end", is_open=_open, cast=_count("dissatisfied")),
                         lambda: code_check(SatisfactionCode, code, is_open=_open)):
        with pytest.raises(CodeProblem) as exc:
            problem_call()
        assert exc.value.reason == "used"
    assert SatisfactionCode.objects.get(code=code).used
    assert (_counted(ye, "satisfied"), _counted(ye, "dissatisfied")) == (1, 0)


@pytest.mark.django_db
def test_unknown_and_closed_codes_are_refused_and_a_failing_cast_leaves_the_code_unused(demo):
    from upgrades.models import SatisfactionCode, YearEnd

    ye = _year_end(demo)
    code = codes_issue(SatisfactionCode, {"masses": 1}, year_end=ye)[0].code
    with pytest.raises(CodeProblem) as exc:
        code_redeem(SatisfactionCode, "AAAA-AAAA", owner="year_end", is_open=_open, cast=_count("satisfied"))
    assert exc.value.reason == "unknown"

    def refuse(row):
        _count("satisfied")(row)
        raise ValidationError("not a valid answer")

    with pytest.raises(ValidationError):
        code_redeem(SatisfactionCode, code, owner="year_end", is_open=_open, cast=refuse)
    assert not SatisfactionCode.objects.get(code=code).used and _counted(ye, "satisfied") == 0

    YearEnd.objects.filter(pk=ye.pk).update(sat_ballot="closed")
    with pytest.raises(CodeProblem) as exc:
        code_redeem(SatisfactionCode, code, owner="year_end", is_open=_open, cast=_count("satisfied"))
    assert exc.value.reason == "closed"
    codes_settle(SatisfactionCode.objects.filter(year_end=ye))  # nothing in flight: returns at once


@pytest.mark.django_db(transaction=True)
def test_a_database_is_locked_error_runs_the_whole_redeem_again(demo):
    from upgrades.models import SatisfactionCode

    ye = _year_end(demo)
    code = codes_issue(SatisfactionCode, {"masses": 1}, year_end=ye)[0].code
    calls = []

    def cast(row):
        calls.append(row.pk)
        _count("basically")(row)  # written, then undone by the failed attempt's rollback
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return "counted"

    with mock.patch.object(engine.time, "sleep") as sleep:
        assert code_redeem(SatisfactionCode, code, owner="year_end", is_open=_open, cast=cast) == "counted"
    assert len(calls) == 2 and sleep.call_count == 1
    assert SatisfactionCode.objects.get(code=code).used and _counted(ye, "basically") == 1


def test_other_database_errors_and_the_last_attempt_are_not_retried():
    from upgrades.models import SatisfactionCode

    with mock.patch.object(engine, "_redeem_once", side_effect=OperationalError("no such table: x")) as once, \
            pytest.raises(OperationalError, match="no such table"):
        code_redeem(SatisfactionCode, "7KMX3PQR", owner="year_end", is_open=_open, cast=_count("satisfied"))
    assert once.call_count == 1
    with mock.patch.object(engine, "_redeem_once", side_effect=OperationalError("database table is locked")) as once, \
            mock.patch.object(engine.time, "sleep"), pytest.raises(OperationalError):
        code_redeem(SatisfactionCode, "7KMX3PQR", owner="year_end", is_open=_open, cast=_count("satisfied"), attempts=3)
    assert once.call_count == 3


@pytest.mark.django_db
def test_inside_an_outer_transaction_a_lock_error_is_not_retried():
    from upgrades.models import SatisfactionCode

    with transaction.atomic(), mock.patch.object(engine, "_redeem_once",
                                                 side_effect=OperationalError("database is locked")) as once:
        with pytest.raises(OperationalError):
            code_redeem(SatisfactionCode, "7KMX3PQR", owner="year_end", is_open=_open, cast=_count("satisfied"))
    assert once.call_count == 1


# --- slips ---------------------------------------------------------------------------------------
def _walk(box):
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _walk(child)


def _rect(box) -> tuple[float, float, float, float]:
    x, y = box.border_box_x(), box.border_box_y()
    return x / MM, (x + box.border_width()) / MM, y / MM, (y + box.border_height()) / MM


def test_slips_print_one_qr_code_per_code_inside_a4_with_10_mm_margins():
    from django.conf import settings
    from pypdf import PdfReader
    from pypdf.generic import ContentStream
    from weasyprint import HTML

    from core.slips import SLIPS_PER_PAGE, fragment_code_url, slips_html, slips_pdf

    codes = [(rules.new_code(), "普通群众" if i % 3 else "党员") for i in range(SLIPS_PER_PAGE + 3)]
    args = {"title": "机关事业单位党组织现状调查问卷（一个很长很长很长很长很长很长的标题）",
            "organization": "晋安县金星乡金星村第二党支部委员会（名字很长很长很长很长）",
            "entry_url": "https://jinwei-county-organisation-department.example.org/upgrades/vote/", "codes": codes,
            "code_url": fragment_code_url("https://jinwei.example.org/upgrades/vote/")}

    reader = PdfReader(io.BytesIO(slips_pdf(**args)))
    assert len(reader.pages) == 2
    drawn = 0
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4_PT
        drawn += sum(1 for _operands, op in ContentStream(page.get_contents(), reader).operations if op == b"Do")
    assert drawn == len(codes)  # the QR images are the only pictures on the sheet
    text = "".join(p.extract_text() for p in reader.pages)
    for code, _category in codes:
        assert rules.format_code(code) in text

    document = HTML(string=slips_html(**args), base_url=str(settings.PDF_FONT_DIR)).render()
    slips = 0
    for page in document.pages:
        root = next(c for c in page._page_box.children if getattr(c, "element_tag", None) == "html")
        for box in _walk(root):
            element = getattr(box, "element", None)
            if element is None or element.get("class") != "slip" or not hasattr(box, "border_box_x"):
                continue
            slips += 1
            left, right, top, bottom = _rect(box)
            assert 10 - 0.01 <= left and right <= 200 + 0.01, (left, right)  # cut lines 10 mm from the edges
            assert 10 - 0.01 <= top and bottom <= 297 - 14 + 0.01, (top, bottom)
            for inner in _walk(box):
                if hasattr(inner, "border_box_x"):
                    i_left, i_right, _t, _b = _rect(inner)
                    assert left - 0.01 <= i_left and i_right <= right + 0.01, (inner, i_right, right)
    assert slips == len(codes)


# --- the phone pages and the satisfaction slips that use the engine --------------------------------
@pytest.mark.django_db
def test_both_phone_pages_are_cores_code_entry_page(client):
    survey = client.get("/surveys/c/").content.decode()
    ballot = client.get("/ratings/vote/").content.decode()
    vote = client.get("/upgrades/vote/?code=hhjj-4455").content.decode()
    for page in (survey, ballot, vote):
        assert 'id="code"' in page and f'placeholder="{rules.CODE_PLACEHOLDER}"' in page
        assert f'pattern="{rules.CODE_INPUT_PATTERN}"' in page
        # the code goes in a POST body only; the QR code's #code is put in the form by our own script
        assert 'method="post"' in page and "data-code-entry" in page and "/static/js/code_entry.js" in page
    assert "开始答题" in survey and 'action="/surveys/c/"' in survey
    assert "data-autosubmit" in survey and "data-autosubmit" in ballot  # the code alone leads on
    assert "data-autosubmit" not in vote and 'name="choice"' in vote  # the choice is on the same form
    assert "hhjj" not in vote.lower()  # an address's ?code= is ignored


@pytest.mark.django_db
def test_a_satisfaction_vote_through_the_page_counts_once(demo, client):
    from upgrades import services
    from upgrades.models import SatisfactionCode, SatisfactionCount

    yearend_self_check(demo, demo.branch2, demo.users["branch2"])  # seed 000 §五: the self-check comes first
    ye = services.satisfaction_ballot_open(actor=demo.users["township"], campaign=demo.ctx.campaign,
                                           organization=demo.branch2, codes={"masses": 2})
    code = SatisfactionCode.objects.filter(year_end=ye).first().code
    first = client.post("/upgrades/vote/", {"code": rules.format_code(code).lower(), "choice": "satisfied"})
    assert 'id="vote-done"' in first.content.decode()
    again = client.post("/upgrades/vote/", {"code": code, "choice": "satisfied"}).content.decode()
    assert "已使用" in again and 'id="vote-done"' not in again
    assert SatisfactionCount.objects.get(year_end=ye, category="masses", choice="satisfied").count == 1


@pytest.mark.django_db
def test_satisfaction_slips_print_the_unused_codes_with_qr_codes_to_the_vote_page(demo, client_for):
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    from upgrades import services
    from upgrades.models import SatisfactionCode

    yearend_self_check(demo, demo.branch2, demo.users["branch2"])  # seed 000 §五: the self-check comes first
    ye = services.satisfaction_ballot_open(actor=demo.users["township"], campaign=demo.ctx.campaign,
                                           organization=demo.branch2, codes={"party_member": 3, "masses": 2})
    spent = SatisfactionCode.objects.filter(year_end=ye).first().code
    services.satisfaction_ballot_cast(code=spent, choice="basically")
    client = client_for("township")
    listing = client.get(f"/upgrades/yearend/{demo.branch2.pk}/codes/").content.decode()
    assert f"/upgrades/yearend/{demo.branch2.pk}/codes/slips.pdf?campaign={demo.ctx.campaign.pk}" in listing
    response = client.get(f"/upgrades/yearend/{demo.branch2.pk}/codes/slips.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    drawn = sum(1 for page in reader.pages
                for _operands, op in ContentStream(page.get_contents(), reader).operations if op == b"Do")
    assert drawn == 4
    text = "".join(p.extract_text() for p in reader.pages)
    unused = SatisfactionCode.objects.filter(year_end=ye, used=False).values_list("code", flat=True)
    assert all(rules.format_code(c) in text for c in unused) and rules.format_code(spent) not in text
