"""Pure star-level rules (docs/rules.md §8): level from score, from cumulative criteria, veto cap, quotas,
and the mapping to the three classes. No django.db."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping, Sequence

from core.workflow import Transition, Workflow

HUNDRED = Decimal("100")


@dataclass(frozen=True)
class StarThresholds:
    """Score cut-offs [seed 004 二、星级评定: 90/80/70/60]; five stars also need a recognised innovation
    project [seed 004]; a veto caps at three stars [seed 001 附件一 "四、五星级实行一票否决"]."""

    five: Decimal = Decimal("90")
    four: Decimal = Decimal("80")
    three: Decimal = Decimal("70")
    two: Decimal = Decimal("60")
    five_needs_innovation: bool = True
    veto_cap: int = 3


def thresholds_for_sheet(th: StarThresholds, *, sheet_max: Decimal, own: Sequence[Decimal | None] = (),
                         reference_max: Decimal = HUNDRED) -> StarThresholds:
    """The cut-offs of one scoring template [seed 004 二: "8项创评指标总分110分…90分以上" — the cut-offs belong to
    that 110-point sheet]. ``own`` = the template's own (five, four, three, two) cut-offs; a missing one is the
    rule set's cut-off taken as the same share of this sheet's maximum (``threshold / reference_max``), so a
    34-point village sheet needs 30.6 for five stars, not 90 (docs/rules.md §8)."""
    own = tuple(own) + (None,) * (4 - len(tuple(own)))
    base = (th.five, th.four, th.three, th.two)
    if sheet_max <= 0:
        cuts = base
    else:
        cuts = tuple(o if o is not None else (b * sheet_max / reference_max) for o, b in zip(own, base))
    return StarThresholds(five=cuts[0], four=cuts[1], three=cuts[2], two=cuts[3],
                          five_needs_innovation=th.five_needs_innovation, veto_cap=th.veto_cap)


@dataclass(frozen=True)
class StarDecision:
    level: int
    uncapped: int
    reasons: tuple[str, ...] = ()


def star_level_from_score(total: Decimal, th: StarThresholds, innovation_recognised: bool = False) -> int:
    """"得分在90分以上…80分以上…" [seed 004]: ≥ threshold reaches the level; otherwise one star."""
    if total >= th.five and (innovation_recognised or not th.five_needs_innovation):
        return 5
    if total >= th.four:
        return 4
    if total >= th.three:
        return 3
    if total >= th.two:
        return 2
    return 1


def star_level_from_criteria(met: Mapping[int, Sequence[bool]]) -> int:
    """A level is reached when its own and every lower level's criteria are all met [seed 001 附件一].
    0 = not even the first level."""
    level = 0
    for candidate in range(1, 6):
        items = met.get(candidate, ())
        if items and all(items):
            level = candidate
        else:
            break
    return level


def star_decision(*, basis: str, th: StarThresholds, total: Decimal | None = None, innovation_recognised: bool = False,
                  criteria: Mapping[int, Sequence[bool]] | None = None, vetoed: bool = False) -> StarDecision:
    """The level a rule set gives: by "score", by "criteria", or "both" (the lower of the two)."""
    reasons: list[str] = []
    levels: list[int] = []
    if basis in ("score", "both"):
        score_level = star_level_from_score(total or Decimal(0), th, innovation_recognised)
        if (total or 0) >= th.five and score_level < 5:
            reasons.append("no recognised innovation project")
        levels.append(score_level)
    if basis in ("criteria", "both"):
        levels.append(star_level_from_criteria(criteria or {}))
    uncapped = min(levels) if levels else 0
    level = uncapped
    if vetoed and level > th.veto_cap:
        level = th.veto_cap
        reasons.append("veto")
    return StarDecision(level, uncapped, tuple(reasons))


# ---- quotas [seed 004 二: 五星 10%以内, 四星 30%以内, 三星 40%以内, 二星及以下 20%以内] ----

BANDS: tuple[tuple[str, tuple[int, ...]], ...] = (("5", (5,)), ("4", (4,)), ("3", (3,)), ("low", (1, 2)))


@dataclass(frozen=True)
class QuotaSpec:
    enabled: bool = False
    five: Decimal = Decimal("10")
    four: Decimal = Decimal("30")
    three: Decimal = Decimal("40")
    low: Decimal = Decimal("20")
    blocks: bool = False

    def percent(self, band: str) -> Decimal:
        return {"5": self.five, "4": self.four, "3": self.three, "low": self.low}[band]


@dataclass(frozen=True)
class QuotaRow:
    band: str
    percent: Decimal
    count: int
    allowed: Decimal  # population × percent / 100, not rounded
    over: bool
    warning_only: bool  # "2 stars and below": a warning about the scope, never a cap on anyone


@dataclass(frozen=True)
class QuotaResult:
    population: int
    rows: tuple[QuotaRow, ...]

    def row(self, band: str) -> QuotaRow:
        return next(r for r in self.rows if r.band == band)

    def over_for(self, level: int) -> bool:
        """Does ``level`` sit in a band over its ceiling (a cap that needs a reason)?"""
        r = self.row(band_of(level))
        return r.over and not r.warning_only


def band_of(level: int) -> str:
    return "low" if level <= 2 else str(level)


def quota_check(counts: Mapping[int, int], population: int, spec: QuotaSpec) -> QuotaResult:
    """Each band's count against its ceiling over the evaluating scope. "以内" is a ceiling: a count is
    over only when count × 100 > percent × population (exactly 10% of 30 = 3 is within)."""
    rows = []
    for band, levels in BANDS:
        count = sum(counts.get(lv, 0) for lv in levels)
        pct = spec.percent(band)
        allowed = Decimal(population) * pct / HUNDRED
        over = spec.enabled and Decimal(count) * HUNDRED > pct * Decimal(population)
        rows.append(QuotaRow(band, pct, count, allowed, over, warning_only=(band == "low")))
    return QuotaResult(population, tuple(rows))


def quota_with(counts: Mapping[int, int], level: int) -> dict[int, int]:
    """Counts as they would be with one more organisation at ``level``."""
    new = dict(counts)
    new[level] = new.get(level, 0) + 1
    return new


# ---- stars → three classes [seed 004 §三: 巩固先进(五星)、推动一般(三、四星)、整顿后进(一、二星)] ----

def parse_class_mapping(text: str) -> dict[int, str]:
    """"5=advanced;4=average;3=average;2=lagging;1=lagging" → {5: "advanced", ...}."""
    mapping: dict[int, str] = {}
    for part in text.replace(",", ";").split(";"):
        if "=" in part:
            level, cls = part.split("=", 1)
            mapping[int(level.strip())] = cls.strip()
    return mapping


def star_class(level: int, mapping_text: str) -> str:
    return parse_class_mapping(mapping_text).get(level, "")


# ---- seed 001 附件一: the cumulative criteria of the five levels (urban community) ----

SEED001_CRITERIA: dict[int, tuple[str, ...]] = {
    1: (
        "社区党组织和居委会班子健全，社区党组织各项工作制度健全，工作职责明确，工作制度落实",
        "建立居务监督委员会，社区班子主职干部无违法违纪案件；建立居务公开制度，公开内容全面真实，做到每月公开1次。对涉及群众利益的重大问题和群众要求公开的事项，做到随时公开、逐项公开",
        "已成功创建县级以上文明社区，三级以上文化社区，县级以上卫生社区",
        "社会治安、安全生产状况良好，不发生命案；矛盾纠纷调处率达到100%，调处成功率达到95%，基层信访“五个一”工程得到全面落实；社区综治工作室(站)达到规范化建设要求，建立群防群治队伍",
    ),
    2: (
        "社区党组织和居委会班子健全，社区党组织各项工作制度健全，工作职责明确，工作制度落实；居民自治机制健全，重大事务决策民主，程序规范",
        "居务监督委员会职责履行到位；党务、居务公开内容、程序、时间规范，公开栏设施整洁；居务公开档案齐全，居务公开资料及时收集归档，年底及时装订成册；制定社区干部廉洁自律行为规范并公示，每年开展社区主职干部廉洁承诺、述职述廉，接受党员干部和居民代表民主评议；社区干部无违法违纪案件",
        "已成功创建县级以上文明社区，二级以上文化社区，县级以上卫生社区",
        "社会治安、安全生产状况良好，刑事案件与各类事故得到有效控制，不发生命案；矛盾纠纷调处率达到100%，调处成功率达到95%，基层信访“五个一”工程得到全面落实；社区综治工作室(站)达到规范化建设要求，群防群治队伍健全",
    ),
    3: (
        "社区党组织和居委会班子健全，社区党组织核心作用明显，各项工作制度健全，工作职责明确，工作制度落实；居民自治机制健全，重大事务决策民主，程序规范；党员活动设施齐全，党员教育管理规范有序；积极开展各类便民服务",
        "居务监督委员会组织健全，制度上墙，设施配套，运行顺畅，较好地发挥监督作用；党务、居务公开内容、程序、时间规范，公开栏设施整洁；居务公开档案齐全，居务公开资料及时收集归档，年底及时装订成册；制定社区干部廉洁自律行为规范并公示，每年开展社区主职干部廉洁承诺、述职述廉，接受党员干部和居民代表民主评议；社区干部无违法违纪案件；切实抓好廉政文化进社区活动",
        "已成功创建县级以上文明社区，二级以上文化社区，市级以上卫生社区",
        "社会治安、安全生产状况良好，刑事发案总量和严重刑事犯罪活动得到有效控制，不发生重大刑事、治安案件，不发生死亡1人或重伤2人以上安全生产事故；矛盾纠纷调处率达到100%，调处成功率达到95%；基层信访“五个一”工程得到全面落实，不发生赴省及以上集体访、赴京个访；社区综治工作室(站)规范化建设达到县级示范标准，各类群防群治队伍较好发挥作用",
    ),
    4: (
        "社区各类组织健全，社区党组织领导核心地位突出，各组织协调运转，社区干部队伍年龄结构合理、文化素质较高；社区党组织各项工作制度健全，社区重大事务决策民主，程序规范；党员活动设施齐全，党员教育管理规范有序，积极开展各类便民服务，广泛开展党员联系服务群众工作，党员创先争优氛围浓厚",
        "居务监督委员会积极履行工作职能，运行规范，监督有力，群众满意；党务、社务公开内容、程序、时间规范，公开栏设施整洁；居务公开档案齐全，居务公开资料及时收集归档，年底及时装订成册；制定社区干部廉洁自律行为规范并公示，每年开展社区主职干部廉洁承诺、述职述廉，接受党员干部和居民代表民主评议；社区干部无违法违纪案件；切实抓好廉政文化进社区活动，工作开展有特色",
        "已成功创建市级以上文明社区，一级以上文化社区，市级以上卫生社区，县级学习型党组织、县报社区",
        "社会治安状况良好，不发生重大刑事、治安案件，刑事案件总量维持较低水平，人民群众安全感满意率较高；安全生产状况良好，不发生安全生产事故；矛盾纠纷调处率及调处成功率达到100%；基层信访“五个一”工程得到全面落实，不发生赴市及以上集体访、赴京个访；社区综治工作室(站)达到县级示范标准，各类群防群治队伍建设成效明显",
    ),
    5: (
        "社区各类组织健全，社区党组织领导核心地位突出，各组织协调运转，社区干部队伍年龄结构合理、文化素质较高；社区党组织各项工作制度健全，社区重大事务决策民主，程序规范；党员活动设施齐全，党员教育管理规范有序，积极开展各类便民服务，广泛开展党员联系服务群众工作，党员创先争优氛围浓厚，党员先锋模范作用明显；达到“县级和谐社区”创建标准",
        "加强党务、居务公开民主管理规范化建设，居务监督委员会工作出色，居民群众的知情权、参与权、决策权有效保障；加强社区党组织党风廉政建设，注重廉政教育，制度科学合理，程序规范配套，建立健全社区党风廉政建设工作台帐。社区党风廉政建设工作成效显著，示范性强，达到“县级廉政文化建设示范点”标准",
        "成功创建省级以上文明社区，一级以上文化社区，省级以上卫生社区，县级学习型党组织、县报社区",
        "社会治安状况好，不发生重大刑事、治安案件，不发生“黄、赌、毒”社会丑恶现象，刑事案件总量维持低水平，人民群众安全感满意率高；安全生产状况好，不发生安全生产事故；矛盾纠纷调处率及调处成功率达到100%；基层信访“五个一”工程得到全面落实，不发生赴县及以上集体访、赴京个访；社区综治工作室(站)达到县级示范标准，社区综治基层基础、群防群治工作成效显著",
    ),
}

#: [seed 001 附件一 末段] 四、五星级基层党组织实行一票否决制
SEED001_VETOES: tuple[str, ...] = (
    "违反计划生育有关规定",
    "受到上级党委通报批评及以上组织措施",
    "存在其他不符合条件的情形",
)

CRITERIA_SETS: dict[str, dict[int, tuple[str, ...]]] = {"seed001_community": SEED001_CRITERIA}


# --- The approval chain of a star application, in one place [seed 001 三1; seed 004 二; docs/rules.md §8].
#: ``meta["action"]`` is the scope action the actor needs; ``meta["above"]``: it must come from a higher
#: organisation (nobody approves themselves); ``meta["action_from"]``: another action from some states.
#: ``assess`` leads to "assessed", or straight to "approved" for 1-3 stars when the rule set lets the
#: township's decision stand (the first target is the usual one).
_REVIEWED = ("assessed", "inspected", "notice")
STAR_WORKFLOW = Workflow(
    Transition("submit", ("draft", "returned"), ("submitted",), {"action": "enter", "above": False}),
    Transition("assess", ("submitted",), ("assessed", "approved"), {"action": "assess", "above": True}),
    Transition("inspect", ("assessed",), ("inspected",), {"action": "review", "above": True}),
    Transition("notice", ("inspected",), ("notice",), {"action": "review", "above": True}),
    Transition("approve", ("assessed", "notice"), ("approved",), {"action": "review", "above": True}),
    # After the township's assessment only the county returns.
    Transition("return", ("submitted", *_REVIEWED), ("returned",),
               {"action": "assess", "above": True, "action_from": {state: "review" for state in _REVIEWED}}),
    # The only way back from an approval: the level that approved reopens it with a reason, back to the state
    # it was approved from (docs/rules.md §13); services.may_reopen names that level.
    Transition("reopen", ("approved",), ("submitted", "assessed", "notice"), {"action": "assess", "above": True}),
)


def star_action(decision: str, state: str) -> tuple[str, bool]:
    """The scope action an actor needs for ``decision`` from ``state``, and whether it must be granted
    on a higher organisation."""
    meta = STAR_WORKFLOW[decision].meta
    return meta.get("action_from", {}).get(state, meta["action"]), meta["above"]


# ---- seed 002's results: "根据综合考核结果，评出一、二、三等奖各1名，予以表彰奖励；综合考核结果在80分以下的，予以通报批评"


@dataclass(frozen=True)
class ResultRow:
    key: int
    score: Decimal | None  # None: not assessed yet
    rank: int | None
    prize: int | None  # 1, 2, 3
    criticised: bool


def assessment_results(scores: Sequence[tuple[int, Decimal | None]], *, prizes: Sequence[int] = (1, 1, 1),
                       criticised_at_or_below: Decimal = Decimal("80")) -> list[ResultRow]:
    """Rank by final score (highest first; equal scores share a rank), hand out ``prizes[0]`` first prizes,
    then ``prizes[1]`` second and ``prizes[2]`` third in rank order, and criticise every score ≤ the
    threshold ("80分以下" includes 80). A tie at a prize boundary gets the better prize for all tied (nobody
    with the same score is treated worse). Unassessed organisations come last, unranked."""
    scored = sorted(((k, s) for k, s in scores if s is not None), key=lambda r: (-r[1], r[0]))
    out: list[ResultRow] = []
    bounds: list[int] = []
    total = 0
    for n in prizes:
        total += max(0, int(n))
        bounds.append(total)
    rank = 0
    last: Decimal | None = None
    prize_of_score: dict[Decimal, int | None] = {}
    for position, (key, score) in enumerate(scored):
        if score != last:
            rank, last = position + 1, score
        if score not in prize_of_score:
            prize_of_score[score] = next((i + 1 for i, b in enumerate(bounds) if position < b), None)
        out.append(ResultRow(key, score, rank, prize_of_score[score], score <= criticised_at_or_below))
    out.extend(ResultRow(k, None, None, None, False) for k, s in scores if s is None)
    return out


# ---- Rule switches seen in county practice (docs/rules.md §8, "options seen in other localities"):
# not in the seeds, so each is off by default and names its source in ratings/stars/rulesettings.py.
@dataclass(frozen=True)
class StarSwitches:
    """``satisfaction_cap``: a satisfaction rate below ``satisfaction_min_percent`` caps the level at
    ``satisfaction_cap_level`` (邹城). ``one_up``: at most one star above last year's level unless a
    破格 reason is approved (嵊州). ``skip_new``: an organisation founded in the campaign's year is
    assessed but not rated."""

    satisfaction_cap: bool = False
    satisfaction_min_percent: Decimal = Decimal("60")
    satisfaction_cap_level: int = 2
    one_up: bool = False
    skip_new: bool = False


@dataclass(frozen=True)
class StarLimit:
    """The highest level the switches allow (5 = no limit, 0 = not rated this year) and why."""

    level: int
    reasons: tuple[str, ...] = ()

    @property
    def not_rated(self) -> bool:
        return self.level == 0


def star_limit(sw: StarSwitches, *, year: int, founded_year: int | None = None,
               satisfaction_percent: Decimal | None = None, previous_level: int | None = None,
               exception_approved: bool = False) -> StarLimit:
    """The ceiling the switched-on rules put on this year's level. A rate that is unknown (no survey)
    caps nothing; an organisation without last year's level (first rating) may start anywhere."""
    if sw.skip_new and founded_year is not None and founded_year >= year:
        return StarLimit(0, ("founded this year",))
    level, reasons = 5, []
    if sw.satisfaction_cap and satisfaction_percent is not None and satisfaction_percent < sw.satisfaction_min_percent:
        level = min(level, sw.satisfaction_cap_level)
        reasons.append("satisfaction")
    if sw.one_up and previous_level is not None and not exception_approved and previous_level + 1 < level:
        level = previous_level + 1
        reasons.append("one star up a year")
    return StarLimit(max(1, level), tuple(reasons))
