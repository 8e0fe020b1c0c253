"""The built-in questionnaires, written from the survey content of seed 000 §二(二) as a township would
print them. ``load_builtin_templates()`` is idempotent (keyed by ``builtin_key``); the demo seed and the
data migration-free first use both call it. Staff copy a built-in questionnaire to change it.
"""
from __future__ import annotations

from typing import Any

from django.db import transaction

S, M, SAT, SC, T = "single", "multiple", "satisfaction", "scale", "text"

FUNCTION = ["作用发挥好", "作用发挥一般", "作用发挥差", "不了解"]
KNOWN = ["很了解", "了解一些", "不了解"]
MEETINGS = ["经常按时开展", "基本能开展", "很少开展", "不清楚"]
PLACE = ["有专门场所", "与其他场所共用", "没有场所", "不了解"]
FUNDS = ["有稳定保障", "基本有保障", "没有保障", "不了解"]
RECRUIT = ["重视，成效明显", "有开展，成效一般", "基本没有开展", "不了解"]

# (section, topic, kind, text, options, required)
Q = tuple[str, str, str, str, list[str], bool]

VILLAGE: list[Q] = [
    ("基本情况", "", S, "您的年龄段", ["30岁以下", "30-45岁", "46-60岁", "60岁以上"], True),
    ("基本情况", "", S, "您的文化程度", ["小学及以下", "初中", "高中（中专）", "大专及以上"], True),
    ("领导班子", "", SAT, "您对本村（社区）党组织领导班子的整体评价", [], True),
    ("领导班子", "", SAT, "党组织带领群众加快发展、增加收入的情况", [], True),
    ("领导班子", "", SAT, "党组织维护和谐稳定、化解矛盾纠纷的情况", [], True),
    ("领导班子", "", SAT, "党组织开展群众工作、加强和创新社会管理的情况", [], True),
    ("领导班子", "", SC, "您对班子成员思想状况和能力素质的评价（1分最低，5分最高）", [], True),
    ("领导班子", "", S, "您认为班子成员作用发挥如何", ["都能发挥作用", "大部分能发挥作用", "少数能发挥作用", "基本没有发挥作用"], True),
    ("组织制度", "", S, "您是否了解本村（社区）“公推直选”及配套制度的落实情况", KNOWN, True),
    ("组织制度", "", SAT, "村民议事会规范运行及党组织在其中发挥领导作用的情况", [], True),
    ("组织制度", "", S, "党组织“三会一课”等组织生活制度执行情况", MEETINGS, True),
    ("组织制度", "", SAT, "党务、村务公开情况", [], True),
    ("党员队伍", "", SAT, "本村（社区）党员队伍整体作用发挥情况", [], True),
    ("党员队伍", "", S, "党员教育培训的效果", ["效果好", "效果一般", "效果差", "没有参加或不了解"], True),
    ("党员队伍", "", S, "外出流动党员的管理服务情况", ["管理服务到位", "基本到位", "不到位", "不了解"], True),
    ("党员队伍", "", SAT, "发展党员工作的规范性和公开性", [], True),
    ("阵地保障", "", SAT, "村（社区）活动场所建设和使用情况", [], True),
    ("阵地保障", "", S, "远程教育站点的使用情况", ["经常使用", "偶尔使用", "基本闲置", "不了解"], True),
    ("阵地保障", "", S, "您所在的农民专业合作组织的党组织设置情况", ["已建立党组织", "有党员但未建立党组织", "没有党员", "未参加合作组织"], True),
    ("阵地保障", "", SAT, "农村新型社区党组织设置和作用发挥情况", [], False),
    ("意见建议", "", M, "您认为本村（社区）群众工作的薄弱环节主要在哪些方面（可多选）",
     ["联系群众不经常", "为民办实事少", "矛盾纠纷化解不及时", "村务公开不到位", "服务群众能力不足", "其他"], False),
    ("意见建议", "", T, "您对村（社区）党组织领导班子和党员队伍建设还有哪些意见和建议", [], False),
]

ORGAN: list[Q] = [
    ("基本情况", "", S, "您的身份", ["本单位干部职工", "基层单位人员", "服务对象", "其他"], True),
    ("作用发挥", "", SAT, "机关（单位）党组织围绕中心、服务大局发挥作用的情况", [], True),
    ("作用发挥", "", SAT, "党组织加强干部队伍建设的情况", [], True),
    ("组织生活", "", S, "“三会一课”制度执行情况", MEETINGS, True),
    ("组织生活", "", S, "党员领导干部参加双重组织生活的情况", ["坚持参加", "多数时候参加", "很少参加", "不了解"], True),
    ("组织生活", "", SC, "基层支部活动的形式和效果（1分最低，5分最高）", [], True),
    ("联系群众", "", S, "党组织和党员进社区、进农村，服务基层、联系群众的情况", ["经常开展", "偶尔开展", "没有开展", "不了解"], True),
    ("联系群众", "", SAT, "党组织构建城乡统筹基层党建新格局的情况", [], False),
    ("作风建设", "", SAT, "机关党员干部作风和廉洁自律情况", [], True),
    ("作风建设", "", SAT, "您对本单位机关作风和效能建设的评价", [], True),
    ("班子建设", "", S, "党组织是否按期换届", ["按期换届", "未按期换届", "不了解"], True),
    ("班子建设", "", S, "专兼职党务干部配备及轮岗交流情况", ["配备齐全且有交流", "配备齐全但交流少", "配备不足", "不了解"], True),
    ("学校专题", "school", S, "学校在学生（教师）中发展党员的情况", RECRUIT, True),
    ("学校专题", "school", SAT, "您（学生、家长）对学校的总体满意度", [], True),
    ("学校专题", "school", SAT, "学校师德师风建设情况", [], True),
    ("卫生专题", "health", SAT, "医德医风建设情况", [], True),
    ("卫生专题", "health", SAT, "窗口岗位开展“为民服务创先争优”的情况", [], True),
    ("卫生专题", "health", S, "您是否参加过本单位的行风评价", ["参加过", "没有参加过", "不了解"], True),
    ("文化专题", "culture", S, "文化领域基层党组织设置情况", ["应建尽建", "部分建立", "覆盖不足", "不了解"], True),
    ("文化专题", "culture", SAT, "党组织和党员促进文化事业大发展大繁荣的作用发挥情况", [], True),
    ("文化专题", "culture", S, "在优秀文化人才中发展党员的情况", RECRUIT, True),
    ("文化专题", "culture", T, "文化体制改革中基层党建工作面临的突出问题", [], False),
    ("意见建议", "", T, "您对本单位党组织建设还有哪些意见和建议", [], False),
]

ENTERPRISE: list[Q] = [
    ("基本情况", "", S, "您的身份", ["企业主（负责人）", "党员职工", "普通职工", "其他"], True),
    ("组织覆盖", "", S, "本单位党组织设置情况", ["单独建立党组织", "联合建立党组织", "未建立但有党建指导员", "不了解"], True),
    ("组织覆盖", "", SAT, "党的工作在本单位的覆盖情况", [], True),
    ("作用发挥", "", SAT, "党组织和党员在企业（组织）发展中发挥作用的情况", [], True),
    ("作用发挥", "", SAT, "党组织开展“五有五服务”活动的情况", [], True),
    ("作用发挥", "", SC, "党组织书记的素质能力（1分最低，5分最高）", [], True),
    ("党员发展", "", S, "在生产经营一线培养入党积极分子、发展党员的情况", RECRUIT, True),
    ("保障情况", "", S, "党组织活动经费保障情况", FUNDS, True),
    ("保障情况", "", S, "党组织活动阵地保障情况", PLACE, True),
    ("总体评价", "", SAT, "您对本单位党组织的总体评价", [], True),
    ("意见建议", "", M, "您希望党组织在哪些方面做得更好（可多选）",
     ["维护职工合法权益", "促进企业发展", "开展文体活动", "帮助困难职工", "加强教育培训", "其他"], False),
    ("意见建议", "", T, "您对本单位党组织建设还有哪些意见和建议", [], False),
]

REMOTE: list[Q] = [
    ("使用情况", "", S, "您参加远程教育学习的频次", ["每周都参加", "每月参加", "偶尔参加", "从未参加"], True),
    ("使用情况", "", SAT, "远程教育终端站点的运行、管理和使用情况", [], True),
    ("队伍建设", "", S, "站点管理员和工作人员落实情况", ["专人管理", "兼职管理", "无人管理", "不了解"], True),
    ("队伍建设", "", SAT, "远程教育骨干队伍建设情况", [], True),
    ("教学资源", "", SAT, "教学资源开发建设、贴近需要的情况", [], True),
    ("保障机制", "", S, "站点运行维护经费落实情况", FUNDS, True),
    ("保障机制", "", S, "是否建立教学组织管理、目标考核和教学评估机制", ["已建立并执行", "已建立但执行不好", "没有建立", "不了解"], True),
    ("作用发挥", "", M, "远程教育对您帮助最大的方面（可多选）", ["学习政策理论", "学习实用技术", "了解市场信息", "丰富文化生活", "帮助不大"], True),
    ("作用发挥", "", S, "远程教育向“两新”组织延伸的情况", ["已延伸且效果好", "已延伸但效果一般", "没有延伸", "不了解"], True),
    ("作用发挥", "", SAT, "您对站点作用发挥的总体评价", [], True),
    ("意见建议", "", T, "您对远程教育工作还有哪些意见和建议", [], False),
]

INTRO = ("为全面了解基层党组织运行现状，按照乡党委关于开展基层党组织现状大调查的部署，特开展本次问卷调查。"
         "问卷不记名，请根据实际情况如实填写。感谢您的支持！")

BUILTINS: list[dict[str, Any]] = [
    {"key": "seed000-village", "name": "村（涉农社区）党组织现状调查问卷", "category": "village_community", "questions": VILLAGE},
    {"key": "seed000-organ", "name": "机关事业单位党组织现状调查问卷", "category": "organ_institution", "questions": ORGAN},
    {"key": "seed000-enterprise", "name": "“两新”组织党组织现状调查问卷", "category": "enterprise_social", "questions": ENTERPRISE},
    {"key": "seed000-remote", "name": "党员干部现代远程教育站点调查问卷", "category": "remote_edu", "questions": REMOTE},
]


@transaction.atomic
def load_builtin_templates() -> dict[str, Any]:
    """Create the built-in questionnaires that do not exist yet; returns them by key."""
    from .models import Question, QuestionnaireTemplate

    made: dict[str, Any] = {}
    for spec in BUILTINS:
        template = QuestionnaireTemplate.objects.filter(builtin_key=spec["key"], owner__isnull=True).order_by("-version").first()
        if template is None:
            template = QuestionnaireTemplate.objects.create(
                name=spec["name"], category=spec["category"], description=INTRO, builtin_key=spec["key"],
            )
            Question.objects.bulk_create([
                Question(template=template, order=i, section=section, topic=topic, kind=kind, text=text,
                         options=list(options), required=required)
                for i, (section, topic, kind, text, options, required) in enumerate(spec["questions"], start=1)
            ])
        made[spec["key"]] = template
    return made
