"""Demo survey data for the demo county: rounds in several states, answers, records and reports.
Idempotent: a round or report that exists is left alone."""
from __future__ import annotations

import datetime
import random
from typing import Any

from django.utils import timezone

from core.audit import audit_record

from . import rules
from .builtin import load_builtin_templates
from .models import (
    Answer, OneTimeCode, QuestionnaireTemplate, Response, SurveyRecord, SurveyReport, SurveyRound,
)

COMMENTS = [
    "希望村两委多到田间地头听听群众意见。", "建议加强流动党员的联系，定期通报村里情况。",
    "活动室晚上能多开放，方便群众学习。", "村务公开栏更新不及时，希望按月公开。",
    "党员带头作用明显，修路时出工出力。", "希望多组织实用技术培训。",
]

# organisation: (status, party members, masses, service recipients, report: None|"draft"|"ontime"|"late"|"accepted")
PLAN: dict[str, tuple[str, int, int, int, str | None]] = {
    "东方村党支部": ("open", 33, 15, 0, "draft"),
    "红旗村党支部": ("closed", 42, 24, 0, "ontime"),
    "石桥村党支部": ("closed", 41, 21, 0, "late"),
    "金星社区党支部": ("closed", 40, 22, 0, "accepted"),
    "金达机械有限公司党支部": ("open", 8, 14, 0, None),
    "金星乡中心小学党支部": ("draft", 0, 0, 0, None),
}

REPORT_TEXT = {
    "overview": "支部现有党员{members}名，设书记1名、委员2名。党员中60岁以上占四成，大专以上学历不足一成。"
                "按时开展“三会一课”，有村级活动场所一处，远程教育站点一个。",
    "strengths": "班子团结，带领群众发展特色种植；村民议事会运行规范，重大事项均经议事会讨论。",
    "problems": "党员队伍老龄化，年轻党员外出务工多，流动党员管理难；部分党员作用发挥不明显。",
    "bottlenecks": "集体经济薄弱，活动经费依赖上级拨付；后备干部储备不足。",
    "evaluation": "支部总体运行正常，群众满意度较高，在发展产业和化解矛盾方面作用明显。",
    "suggestions": "一是加强流动党员联系服务；二是从返乡青年中培养入党积极分子；三是争取项目壮大集体经济。",
}


def _answers(rng: random.Random, questions: list[Any], response: Response) -> list[Answer]:
    rows = []
    for q in questions:
        if q.kind == "satisfaction":
            rows.append(Answer(response=response, question=q, value=rng.choices(rules.SATISFACTION_KEYS, [62, 30, 8])[0]))
        elif q.kind == "scale":
            rows.append(Answer(response=response, question=q, value=rng.choices(rules.SCALE_VALUES, [3, 7, 20, 42, 28])[0]))
        elif q.kind == "single":
            weights = [max(1, len(q.options) - i) ** 2 for i in range(len(q.options))]
            rows.append(Answer(response=response, question=q, value=rng.choices(q.options, weights)[0]))
        elif q.kind == "multiple":
            for option in rng.sample(q.options, k=min(len(q.options), rng.randint(1, 2))):
                rows.append(Answer(response=response, question=q, value=option))
        elif rng.random() < 0.25:
            rows.append(Answer(response=response, question=q, text=rng.choice(COMMENTS)))
    return rows


def seed_round(org: Any, campaign: Any, template: QuestionnaireTemplate, *, status: str, party: int, masses: int,
               recipients: int, actor: Any, rng: random.Random, when: datetime.date) -> tuple[SurveyRound, bool]:
    title = f"{org.name}{campaign.year}年现状大调查问卷"
    round_, created = SurveyRound.objects.get_or_create(
        organization=org, campaign=campaign, title=title,
        defaults={"template": template, "activity": "questionnaire", "status": status, "created_by": actor},
    )
    if not created:
        return round_, False
    from .selectors import questions_for

    questions = questions_for(round_)
    cats = ["party_member"] * party + ["masses"] * masses + ["service_recipient"] * recipients
    rng.shuffle(cats)
    responses = Response.objects.bulk_create([
        Response(round=round_, category=c, channel=rng.choice(["online", "online", "paper"]),
                 entered_on=when, entered_by=None) for c in cats
    ])
    answers: list[Answer] = []
    for response in responses:
        answers.extend(_answers(rng, questions, response))
    Answer.objects.bulk_create(answers, batch_size=2000)
    if status == "closed":
        round_.closed_at = timezone.make_aware(datetime.datetime.combine(when, datetime.time(17, 0)))
        round_.save(update_fields=["closed_at"])
    audit_record(actor=actor, action="survey_round.create", obj=round_, organization=org, after={"status": status, "demo": True})
    return round_, True


def seed(ctx: Any) -> None:
    templates = load_builtin_templates()
    by_category = {t.category: t for t in templates.values()}
    campaign = ctx.campaign
    actor = ctx.users.get("township")
    rounds: dict[str, SurveyRound] = {}
    for name, (status, party, masses, recipients, report_state) in PLAN.items():
        org = ctx.orgs[name]
        rng = random.Random(f"jinwei-demo-{name}")
        when = campaign.survey_start + datetime.timedelta(days=10)
        round_, created = seed_round(org, campaign, by_category[rules.category_for_domain(org.domain)], status=status,
                                     party=party, masses=masses, recipients=recipients, actor=actor, rng=rng, when=when)
        rounds[name] = round_
        if created and status == "open":
            OneTimeCode.objects.bulk_create([
                OneTimeCode(round=round_, code=rules.new_code(rng.randrange), category=c, batch=1)
                for c in ["party_member"] * 10 + ["masses"] * 10
            ])
        if report_state and not SurveyReport.objects.filter(organization=org, campaign=campaign).exists():
            texts = {k: v.format(members=org.member_count) for k, v in REPORT_TEXT.items()}
            report = SurveyReport(organization=org, campaign=campaign, **texts)
            if report_state in ("ontime", "late", "accepted"):
                day = campaign.survey_due + datetime.timedelta(days=4 if report_state == "late" else -3)
                report.status = "accepted" if report_state == "accepted" else "submitted"
                report.submitted_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
                report.submitted_by = ctx.users.get("branch2") if name == "红旗村党支部" else None
                report.is_late = rules.is_late(day, campaign.survey_due)
                if report_state == "accepted":
                    report.reviewed_at = report.submitted_at + datetime.timedelta(days=2)
                    report.reviewed_by = actor
            else:
                report.suggestions = ""
            report.save()
    org = ctx.orgs["东方村党支部"]
    if not SurveyRecord.objects.filter(organization=org, campaign=campaign).exists():
        SurveyRecord.objects.create(
            organization=org, campaign=campaign, kind="symposium", title="东方村党员群众座谈会",
            held_on=campaign.survey_start + datetime.timedelta(days=5), place="东方村党群服务中心",
            heard_party_members=8, heard_masses=6, heard_service_recipients=0,
            heard_labels=["cadre", "deputy", "old_member", "poor_member"],
            content="与会人员围绕班子建设、党员作用发挥、集体经济发展等发言。老党员提出流动党员联系不够；群众代表希望村务公开更及时。",
            findings="流动党员管理和村务公开是群众关注的重点。", created_by=ctx.users.get("branch"),
        )
    ctx.extra["surveys"] = {"rounds": rounds, "templates": templates}
    seed_teams(ctx)


# The survey teams: 金星乡's as its 附件1 lists it (seed 000), submitted to the county; 柳河镇's still being written.
TEAMS = {
    "金星乡党委": {
        "name": "金星乡基层组织大调查工作调查组", "state": "submitted", "user": "township",
        "covers": ["东方村党支部", "红旗村党支部", "金星村党总支", "石桥村党支部", "新塘村党支部", "金星社区党支部"],
        "leaders": "王旭兵 乡党委副书记", "deputies": "周水彬 副乡长",
        "members": "戴岑 副局级干部\n张永忠 乡党政办副主任\n陈刚 乡党政办工作人员\n陈涛 乡党政办工作人员",
    },
    "柳河镇党委": {
        "name": "柳河镇基层党组织现状大调查调查组", "state": "draft", "user": "township2",
        "covers": ["柳河村党支部", "杨庄村党支部", "河湾村党支部", "李家村党支部", "柳河社区党支部", "滨河社区党支部"],
        "leaders": "何振华 镇党委书记", "deputies": "刘志刚 镇党委组织委员\n黄秀兰 副镇长",
        "members": "马俊 镇党政办主任\n孙丽 镇党政办工作人员\n郭涛 镇农业服务中心干部",
    },
}

TEAM_TEXT = {
    "work": "调查组于3月上旬至下旬深入全乡6个村（社区）党组织，召开党员群众座谈会6场，入户走访群众120户，"
            "个别访谈“两代表一委员”、老党员、大学生村干部等32人，发放问卷380份，并选取红旗村、新塘村作典型剖析。",
    "situation": "6个村（社区）党组织均按规定设置，书记平均年龄51岁；党员269名，60岁以上占38%，大专以上学历占9%。"
                 "“三会一课”基本坚持，村级活动场所均已建成，经费主要依靠上级拨付。",
    "strengths": "多数支部班子团结，村民议事会运行规范；红旗村发展特色种植，带富作用明显。",
    "problems": "一是党员队伍老化，发展党员后继乏人；二是流动党员管理难；三是部分支部组织生活流于形式，记录不全。",
    "bottlenecks": "村集体经济薄弱，自我保障能力弱；后备干部储备不足，年轻人外出务工多。",
    "cases": "红旗村：书记带头办合作社，班子有凝聚力，属先进类型；新塘村：班子软弱，议事不规范，群众意见较大，属后进类型，"
             "共性问题在于书记能力和集体经济。",
    "evaluation": "全乡村（社区）党组织总体运行正常，先进2个、一般3个、后进1个，整体处于中等水平。",
    "suggestions": "建议选优配强新塘村班子，实行乡领导包联；建立流动党员联系卡制度；每村每年至少发展1名35岁以下党员。",
}


def seed_teams(ctx: Any) -> None:
    from .models import SurveyTeam
    from .teams import survey_team_create, survey_team_report_save, survey_team_submit

    campaign = ctx.campaign
    for org_name, plan in TEAMS.items():
        org = ctx.orgs[org_name]
        found = SurveyTeam.objects.filter(campaign=campaign, organization=org).first()
        if found is not None:
            ctx.extra.setdefault("surveys.teams", {})[org_name] = found
            continue
        actor = ctx.users[plan["user"]]
        team = survey_team_create(actor=actor, campaign=campaign, organization=org, name=plan["name"],
                                  covers=[ctx.orgs[n] for n in plan["covers"]], leaders=plan["leaders"],
                                  deputies=plan["deputies"], members=plan["members"])
        if plan["state"] == "submitted":
            survey_team_report_save(actor=actor, team=team, **TEAM_TEXT)
            when = timezone.make_aware(datetime.datetime.combine(campaign.survey_due - datetime.timedelta(days=2),
                                                                 datetime.time(16, 0)))
            survey_team_submit(actor=actor, team=team, now=when)
        else:
            survey_team_report_save(actor=actor, team=team, work="调查组分三个小组，已完成6个村（社区）的座谈和入户走访，问卷正在汇总。")
        ctx.extra.setdefault("surveys.teams", {})[org_name] = SurveyTeam.objects.get(pk=team.pk)
