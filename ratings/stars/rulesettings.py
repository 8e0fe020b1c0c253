"""Rule-set settings of scoring sheets and star levels (docs/rules.md §7, §8). Read with ``ruleset.setting(key)``."""
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core.rulesettings import Setting, register

G_STARS = _("Star levels")
G_SCORING = _("Scoring sheets")

register(
    Setting(key="star_basis", label=_("Star level is decided by"), kind="choice", default="score",
            choices=(("score", _("score thresholds")), ("criteria", _("criteria checklists")), ("both", _("both (the lower level)"))),
            source="default (docs/rules.md §8: a rule set uses score, criteria, or both)", group=G_STARS),
    Setting(key="star_criteria_set", label=_("Criteria checklist of the star levels"), kind="choice", default="none",
            choices=(("none", _("none")), ("seed001_community", _("seed 001: urban community, five levels"))),
            source="seed 001 附件一", group=G_STARS),
    Setting(key="star_threshold_5", label=_("Five stars from (points)"), kind="decimal", default=Decimal("90"),
            source="seed 004 二: 得分在90分以上", group=G_STARS),
    Setting(key="star_threshold_4", label=_("Four stars from (points)"), kind="decimal", default=Decimal("80"),
            source="seed 004 二: 得分在80分以上", group=G_STARS),
    Setting(key="star_threshold_3", label=_("Three stars from (points)"), kind="decimal", default=Decimal("70"),
            source="seed 004 二: 得分在70分以上", group=G_STARS),
    Setting(key="star_threshold_2", label=_("Two stars from (points)"), kind="decimal", default=Decimal("60"),
            source="seed 004 二: 二星的得分在60分以上", group=G_STARS),
    Setting(key="star_five_needs_innovation", label=_("Five stars need a recognised innovation project"), kind="bool",
            default=True, source="seed 004 二: 且有党建创新项目", group=G_STARS),
    Setting(key="star_innovation_recognised_by", label=_("Body that recognises innovation projects"), kind="text",
            default="市委组织部", source="seed 004 二: (由市委组织部认定)", group=G_STARS),
    Setting(key="star_veto_cap", label=_("A veto caps the level at"), kind="int", default=3,
            source="seed 001 附件一: 四、五星级实行一票否决", group=G_STARS),
    Setting(key="star_county_confirms_low", label=_("The county confirms 1-3 stars"), kind="bool", default=True,
            source="seed 001 三1: 报县…办公室审定后发文公布 (docs/rules.md §8 default)", group=G_STARS),
    Setting(key="star_notice_days", label=_("Public notice lasts (days)"), kind="int", default=7,
            source="default (docs/rules.md §8)", group=G_STARS),
    Setting(key="star_review_days", label=_("A step is overdue after (days)"), kind="int", default=14,
            source="default (the county inbox puts overdue steps first)", group=G_STARS),
    Setting(key="star_quota_enabled", label=_("Star quotas apply"), kind="bool", default=False,
            source="default off; seed 004 二 has quotas (docs/rules.md §8)", group=G_STARS),
    Setting(key="star_quota_5", label=_("Five stars at most (%)"), kind="decimal", default=Decimal("10"),
            source="seed 004 二: 评定比例为10%以内", group=G_STARS),
    Setting(key="star_quota_4", label=_("Four stars at most (%)"), kind="decimal", default=Decimal("30"),
            source="seed 004 二: 评定比例为30%以内", group=G_STARS),
    Setting(key="star_quota_3", label=_("Three stars at most (%)"), kind="decimal", default=Decimal("40"),
            source="seed 004 二: 评定比例为40%以内", group=G_STARS),
    Setting(key="star_quota_low", label=_("Two stars and below at most (%) — a warning only"), kind="decimal",
            default=Decimal("20"), source="seed 004 二: 二星及以下评定比例为20%以内", group=G_STARS),
    Setting(key="star_quota_blocks", label=_("Over-quota approvals are blocked (otherwise a written reason)"),
            kind="bool", default=False, source="default (docs/rules.md §8)", group=G_STARS),
    Setting(key="star_class_mapping", label=_("Stars to the three classes"), kind="text",
            default="5=advanced;4=average;3=average;2=lagging;1=lagging",
            source="seed 004 三: 巩固先进、推动一般、整顿后进 (docs/rules.md §8)", group=G_STARS),
    Setting(key="score_floor_at_zero", label=_("Sections floor at zero (扣完为止)"), kind="bool", default=True,
            source="seed 002: 扣完为止 (default for seed 000's sheet)", group=G_SCORING),
    Setting(key="score_spot_check_percent", label=_("Weight of routine spot checks (%)"), kind="decimal",
            default=Decimal("10"), source="seed 002 三: 平时抽查占10%，年终考核占90%", group=G_SCORING),
    Setting(key="score_evidence_max_mb", label=_("Largest evidence file (MB)"), kind="int", default=10,
            source="default", group=G_SCORING),
    Setting(key="score_evidence_types", label=_("Evidence file types"), kind="text",
            default="pdf,jpg,jpeg,png,doc,docx,xls,xlsx", source="default", group=G_SCORING),
)

register(
    Setting(key="star_goal_3plus", label=_("Goal: share at three stars or more (%)"), kind="decimal", default=Decimal("0"),
            source="seed 001 二: 80%以上的社区(居)党组织达到三星级以上 (a goal, not a ceiling; 0 = none)", group=G_STARS),
    Setting(key="star_goal_5", label=_("Goal: share at five stars (%)"), kind="decimal", default=Decimal("0"),
            source="seed 001 二: 其中20%以上达到五星级 (a goal, not a ceiling; 0 = none)", group=G_STARS),
)

register(
    Setting(key="star_application_due", label=_("Self-score and application due (month-day, empty = none)"), kind="text",
            default="", source="seed 004 二: 校党支部于9月6日前…逐项自查打分…上报《基层党组织星级评定申请表》", group=G_STARS),
)

G_RESULTS = _("Township assessment results (seed 002)")

register(
    Setting(key="assessment_self_check_due", label=_("Half-year self-check reported by (month-day)"), kind="text",
            default="07-31", source="seed 002 组织工作目标管理考核办法 三: 各乡镇党委半年进行自查，7月底前将自查情况上报",
            group=G_RESULTS),
    Setting(key="assessment_unified_check_due", label=_("Unified assessment by (month-day of the next year)"), kind="text",
            default="01-20", source="seed 002 组织工作目标管理考核办法 三: 次年1月20日前组织统一检查考核", group=G_RESULTS),
    Setting(key="assessment_prizes_first", label=_("First prizes"), kind="int", default=1,
            source="seed 002 三: 评出一、二、三等奖各1名", group=G_RESULTS),
    Setting(key="assessment_prizes_second", label=_("Second prizes"), kind="int", default=1,
            source="seed 002 三: 评出一、二、三等奖各1名", group=G_RESULTS),
    Setting(key="assessment_prizes_third", label=_("Third prizes"), kind="int", default=1,
            source="seed 002 三: 评出一、二、三等奖各1名", group=G_RESULTS),
    Setting(key="assessment_criticised_at_or_below", label=_("Criticised in a circular at or below (points)"),
            kind="decimal", default=Decimal("80"),
            source="seed 002 三: 综合考核结果在80分以下的，予以通报批评 (以下 includes 80, docs/rules.md §4)", group=G_RESULTS),
    Setting(key="star_satisfaction_cap", label=_("A low satisfaction rate caps the star level"), kind="bool", default=False,
            source="county practice (邹城): 群众满意度低于规定比例的，星级不得高于规定星级; not in the seeds, off by default",
            group=G_STARS),
    Setting(key="star_satisfaction_min_percent", label=_("Satisfaction rate below which the cap applies (%)"), kind="decimal",
            default=Decimal("60"), source="county practice (邹城), DOMAIN.md example: below 60%", group=G_STARS),
    Setting(key="star_satisfaction_cap_level", label=_("Highest star level with a low satisfaction rate"), kind="int",
            default=2, source="county practice (邹城), DOMAIN.md example: at most 2 stars", group=G_STARS),
    Setting(key="star_one_up_per_year", label=_("At most one star up a year unless an exception (破格) is approved"),
            kind="bool", default=False,
            source="county practice (嵊州): 原则上每年只能晋升一个星级，确有突出成绩的可破格晋升; not in the seeds, off by default",
            group=G_STARS),
    Setting(key="star_skip_founded_this_year", label=_("Organisations founded this year are assessed but not rated"),
            kind="bool", default=False,
            source="county practice: 当年新成立的党组织只考核、不评星; not in the seeds, off by default", group=G_STARS),
)
