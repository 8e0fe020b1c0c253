"""Pure survey rules: answer parsing, distributions, satisfaction rate, lateness and the allowed state
moves. No database access; frozen dataclasses in and out.

One-time codes (alphabet, drawing, normalising, formatting) are the project's one engine in core; they
are named here too because the survey's own code and tests read them as ``rules.new_code`` and so on.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Sequence

from core.workflow import REOPEN, Transition, Workflow
from core.rules_codes import CODE_ALPHABET, CODE_LENGTH, format_code, new_code, normalise_code  # noqa: F401


# Which questionnaire category an organisation's domain answers [seed 000 §二(二) 1, 2, 4, 5].
CATEGORY_BY_DOMAIN = {
    "village": "village_community", "agri_community": "village_community", "urban_community": "village_community",
    "organ": "organ_institution", "institution": "organ_institution", "school": "organ_institution",
    "health": "organ_institution", "culture": "organ_institution", "township": "organ_institution",
    "county": "organ_institution",
    "enterprise": "enterprise_social", "social_org": "enterprise_social",
    "remote_edu": "remote_edu",
}
# The extra topic section an institution's domain adds (seed 000 §二(二)2 "其中").
TOPIC_BY_DOMAIN = {"school": "school", "health": "health", "culture": "culture"}


def category_for_domain(domain: str) -> str:
    return CATEGORY_BY_DOMAIN.get(domain, "organ_institution")


def topics_for_domain(domain: str) -> tuple[str, ...]:
    """Topics a respondent of this domain answers: the general questions plus its own topic."""
    extra = TOPIC_BY_DOMAIN.get(domain)
    return ("", extra) if extra else ("",)


SATISFACTION_KEYS = ("satisfied", "basic", "dissatisfied")
SCALE_VALUES = ("1", "2", "3", "4", "5")


class AnswerProblem(ValueError):
    """Why a raw answer cannot be read: ``code`` ("required", "scale", "satisfaction", "not_an_option")
    and the offending ``value``; ``surveys.services`` puts it into words."""

    def __init__(self, code: str, value: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.value = value


CATEGORY_WORDS = {
    # Chinese words accepted in the 类别 column of an Excel sheet, and the category they mean.
    "党员": "party_member", "中共党员": "party_member", "普通群众": "masses", "群众": "masses",
    "服务对象": "service_recipient",
}


# The finer labels of docs/rules.md §4 as written in seed 000 §二(一)1, 4 (accepted in the 细分身份 column).
LABEL_WORDS = {
    "基层干部": "cadre", "派驻机构负责人": "stationed", "企事业单位党组织负责人": "enterprise_leader",
    "两代表一委员": "deputy", "党务工作者": "party_worker", "大学生村干部": "student_cadre",
    "离退休干部": "retired", "老党员": "old_member", "困难党员": "poor_member",
}


def parse_label(raw: object) -> str | None:
    """'' for empty, the label key, or None when unknown."""
    text = str(raw or "").strip().strip("“”\"")
    if not text:
        return ""
    return LABEL_WORDS.get(text) or LABEL_WORDS.get(text.replace("“", "").replace("”", ""))


def parse_category(raw: object) -> str | None:
    text = str(raw or "").strip()
    return CATEGORY_WORDS.get(text)


@dataclass(frozen=True)
class QuestionShape:
    """What parsing needs to know of a question."""

    kind: str
    options: tuple[str, ...]
    required: bool


def _option_from_token(token: str, options: Sequence[str]) -> str | None:
    token = token.strip()
    if not token:
        return None
    if token in options:
        return token
    letter = token.upper()
    if len(letter) == 1 and "A" <= letter <= "Z":
        index = ord(letter) - ord("A")
        if index < len(options):
            return options[index]
    if token.isascii() and token.isdigit() and 1 <= int(token) <= len(options):  # "²".isdigit() is True
        return options[int(token) - 1]
    return None


def parse_answer(shape: QuestionShape, raw: object) -> tuple[list[str], str]:
    """One cell or form value → (values, free text). Raises AnswerProblem (a ValueError) saying why.

    Choices may be given as the option text, its letter (A, B…) or its number (1, 2…); several
    choices are separated by 、 , ， ; or spaces. Satisfaction accepts 满意 / 基本满意 / 不满意.
    """
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = "" if raw is None else str(raw).strip()
    if not text:
        if shape.required:
            raise AnswerProblem("required")
        return [], ""
    if shape.kind == "text":
        return [], text[:4000]
    if shape.kind == "scale":
        if text in SCALE_VALUES:
            return [text], ""
        raise AnswerProblem("scale")
    if shape.kind == "satisfaction":
        words = {"满意": "satisfied", "基本满意": "basic", "不满意": "dissatisfied"}
        if text in SATISFACTION_KEYS:
            return [text], ""
        if text in words:
            return [words[text]], ""
        option = _option_from_token(text, ["满意", "基本满意", "不满意"])
        if option:
            return [words[option]], ""
        raise AnswerProblem("satisfaction")
    if shape.kind == "single":
        option = _option_from_token(text, shape.options)
        if option is None:
            raise AnswerProblem("not_an_option", text[:30])
        return [option], ""
    # multiple
    for sep in "，,;；/ ":
        text = text.replace(sep, "、")
    tokens = [t for t in text.split("、") if t.strip()]
    if len(tokens) == 1 and len(tokens[0]) > 1 and tokens[0] not in shape.options and tokens[0].isalpha() and tokens[0].isascii():
        tokens = list(tokens[0])  # "ABD"
    chosen: list[str] = []
    for token in tokens:
        option = _option_from_token(token, shape.options)
        if option is None:
            raise AnswerProblem("not_an_option", token[:30])
        if option not in chosen:
            chosen.append(option)
    return [o for o in shape.options if o in chosen], ""


@dataclass(frozen=True)
class Share:
    value: str
    label: str
    count: int
    percent: Decimal


def distribution(counts: dict[str, int], order: Iterable[tuple[str, str]],
                 respondents: int | None = None) -> tuple[Share, ...]:
    """Counts of each option in the question's own order, with shares of all answers to it; for a
    multiple-choice question pass ``respondents``: each share is then of the people who answered it
    (62 of 62 people ticking an option is 100%, however many other options they ticked)."""
    pairs = list(order)
    total = respondents if respondents is not None else sum(counts.get(v, 0) for v, _label in pairs)
    shares = []
    for value, label in pairs:
        n = counts.get(value, 0)
        pct = (Decimal(n) * 100 / total).quantize(Decimal("0.1")) if total else Decimal(0)
        shares.append(Share(value, label, n, pct))
    return tuple(shares)


def satisfaction_rate(counts: dict[str, int], *, count_basic: bool) -> Decimal | None:
    """Satisfied (and, by default, basically satisfied) ÷ all satisfaction answers; None if none.

    docs/rules.md §9: the seed sets no formula; whether 基本满意 counts is the rule-set setting
    ``satisfaction_rate_counts_basic`` (default yes, the usual reading of 满意率 in township reports).
    """
    total = sum(counts.get(k, 0) for k in SATISFACTION_KEYS)
    if not total:
        return None
    good = counts.get("satisfied", 0) + (counts.get("basic", 0) if count_basic else 0)
    return (Decimal(good) * 100 / total).quantize(Decimal("0.1"))


def is_late(submitted_on: datetime.date, due: datetime.date) -> bool:
    """Due "by the end of March" [seed 000 §二(三)]: the due day itself is on time."""
    return submitted_on > due


ROUND_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("open", "closed"),
    "open": ("draft", "closed"),
    "closed": ("open",),  # reopened with a reason when answers were missed
}

REPORT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("submitted",),
    "submitted": ("accepted", "returned"),
    "returned": ("submitted",),
    "accepted": (),
}
#: The only way back from an accepted report: the superior that accepted it reopens it, with a reason
#: (docs/rules.md §13). Kept apart from REPORT_TRANSITIONS so that no submit ever starts from "accepted".
REPORT_REOPEN: dict[str, str] = {"accepted": "submitted"}


def can_move(table: dict[str, tuple[str, ...]], current: str, target: str) -> bool:
    return target in table.get(current, ())


# ---- survey teams (调查组, seed 000 §二(三) and 附件1) -------------------------------------------------

#: The team report's one transition table (core.workflow): the township submits, the superior (the county)
#: approves or returns; an approved report is read-only until the superior reopens it with a reason
#: (docs/rules.md §13). ``meta["by"]``: who moves it — "setter" (the level that set the team up) or
#: "superior" (the level above it).
TEAM_REPORT_WORKFLOW = Workflow(
    Transition("submit", sources=("draft", "returned"), targets=("submitted",), meta={"by": "setter"}),
    Transition("approve", sources=("submitted",), targets=("approved",), meta={"by": "superior"}),
    Transition("return", sources=("submitted",), targets=("returned",), meta={"by": "superior"}),
    Transition(REOPEN, sources=("approved",), targets=("submitted",), meta={"by": "superior"}),
)
#: The states in which the team (roster, organisations covered, report texts) can be changed.
TEAM_EDITABLE = ("draft", "returned")


@dataclass(frozen=True)
class RosterLine:
    name: str
    post: str


class RosterProblem(ValueError):
    """A roster line that cannot be read: ``line`` (1-based) and ``code`` ("name_too_long" or
    "post_too_long"); ``surveys.teams`` puts it into words."""

    def __init__(self, line: int, code: str) -> None:
        super().__init__(code)
        self.line = line
        self.code = code


ROSTER_NAME_MAX = 30
ROSTER_POST_MAX = 60


def parse_roster(text: str) -> tuple[RosterLine, ...]:
    """One person a line, "name post" as the seed's 附件1 writes it ("王旭兵 乡党委副书记"): the name is the first
    word, the post (职务) the rest; a line with only a name has no post. Blank lines are skipped; a full-width
    space, a colon or a comma may separate the two."""
    out: list[RosterLine] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.replace("\u3000", " ").replace("：", " ").replace(":", " ").replace("，", " ").replace(",", " ").strip()
        if not line:
            continue
        name, _sep, post = line.partition(" ")
        name, post = name.strip(), " ".join(post.split())
        if len(name) > ROSTER_NAME_MAX:
            raise RosterProblem(number, "name_too_long")
        if len(post) > ROSTER_POST_MAX:
            raise RosterProblem(number, "post_too_long")
        out.append(RosterLine(name, post))
    return tuple(out)
