"""The demo county: fixed logins, realistic names, idempotent (running it twice changes nothing).

Later capabilities add their demo data in ``<app>/demo.py`` with a ``seed(ctx)`` function; they run in
app order after the tree, users and campaign exist.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from organizations.choices import Role
from organizations.models import Organization, OrgRole, make_path, path_depth

from .models import Campaign, RuleSet

DEMO_PASSWORD = "jinwei2026"

COUNTY = "晋安县委组织部"
TOWNSHIP_1 = "金星乡党委"
TOWNSHIP_2 = "柳河镇党委"

# (name, kind, domain, members, secretary, phone, children)
TREE: list[tuple[Any, ...]] = [
    (TOWNSHIP_1, "township", "township", 0, "周建国", "0591-2261001", [
        ("东方村党支部", "branch", "village", 36, "陈立新", "13905910001", []),
        ("红旗村党支部", "branch", "village", 52, "林秀英", "13905910002", []),
        ("金星村党总支", "general_branch", "village", 0, "黄志强", "13905910003", [
            ("金星村第一党支部", "branch", "village", 45, "黄志勇", "13905910004", []),
            ("金星村第二党支部", "branch", "village", 43, "郑美玲", "13905910005", []),
        ]),
        ("石桥村党支部", "branch", "village", 28, "吴德福", "13905910006", []),
        ("新塘村党支部", "branch", "village", 61, "刘海生", "13905910007", []),
        ("金星社区党支部", "branch", "agri_community", 47, "王丽华", "13905910008", []),
        ("金星乡机关党支部", "branch", "organ", 32, "张文斌", "13905910009", []),
        ("金星乡中心小学党支部", "branch", "school", 18, "李春梅", "13905910010", []),
        ("金星乡卫生院党支部", "branch", "health", 15, "赵明", "13905910011", []),
        ("金星乡农民远程教育站党支部", "branch", "remote_edu", 9, "孙桂兰", "13905910012", []),
        ("金达机械有限公司党支部", "branch", "enterprise", 12, "钱国华", "13905910013", []),
        ("金星乡农业合作社联合会党支部", "branch", "social_org", 7, "冯永红", "13905910014", []),
    ]),
    (TOWNSHIP_2, "township", "township", 0, "何振华", "0591-2262001", [
        ("柳河村党支部", "branch", "village", 41, "许家明", "13905920001", []),
        ("杨庄村党支部", "branch", "village", 55, "杨金水", "13905920002", []),
        ("河湾村党支部", "branch", "village", 33, "邓玉珍", "13905920003", []),
        ("李家村党支部", "branch", "village", 24, "李长青", "13905920004", []),
        ("柳河社区党支部", "branch", "urban_community", 73, "曹丽娟", "13905920005", []),
        ("滨河社区党支部", "branch", "urban_community", 49, "彭建华", "13905920006", []),
        ("柳河镇机关党支部", "branch", "organ", 40, "蒋伟", "13905920007", []),
        ("柳河镇中学党支部", "branch", "school", 26, "沈慧敏", "13905920008", []),
        ("柳河镇文化站党支部", "branch", "culture", 8, "韩雪", "13905920009", []),
        ("柳河纺织有限公司党支部", "branch", "enterprise", 21, "唐振东", "13905920010", []),
        ("柳河镇个体劳动者协会党支部", "branch", "social_org", 6, "宋桂芳", "13905920011", []),
    ]),
    ("县教育局机关党委", "committee", "organ", 0, "罗文华", "0591-2263001", [
        ("县教育局机关党支部", "branch", "organ", 29, "高明亮", "13905930001", []),
        ("晋安县第一中学党支部", "branch", "school", 64, "梁淑芬", "13905930002", []),
    ]),
    ("县卫生健康局机关党委", "committee", "organ", 0, "谢国平", "0591-2264001", [
        ("县人民医院党支部", "branch", "health", 58, "方志远", "13905940001", []),
        ("县疾病预防控制中心党支部", "branch", "health", 19, "石晓燕", "13905940002", []),
    ]),
    ("县文化和旅游局机关党委", "committee", "organ", 0, "袁海涛", "0591-2265001", [
        ("县文化馆党支部", "branch", "culture", 11, "白玉兰", "13905950001", []),
    ]),
]

#: Fixed logins (README and the login page list them).
FIXED_LOGINS = [
    ("county", "县委组织部审核员 张审核", COUNTY, Role.COUNTY_REVIEWER),
    ("township", "金星乡组织办 王干事", TOWNSHIP_1, Role.TOWNSHIP_STAFF),
    ("township2", "柳河镇组织办 李干事", TOWNSHIP_2, Role.TOWNSHIP_STAFF),
    ("branch", None, "东方村党支部", Role.BRANCH_SECRETARY),
    ("branch2", None, "红旗村党支部", Role.BRANCH_SECRETARY),
]


@dataclass
class DemoContext:
    county: Organization
    orgs: dict[str, Organization] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    campaign: Campaign | None = None
    ruleset: RuleSet | None = None
    year: int = 0
    extra: dict[str, Any] = field(default_factory=dict)  # capabilities share what their demo made


def _org(parent: Organization | None, name: str, kind: str, domain: str, members: int, secretary: str,
         phone: str, is_organ: bool = False) -> Organization:
    org = Organization.objects.filter(parent=parent, name=name).first()
    if org is None:
        org = Organization.objects.create(
            parent=parent, name=name, kind=kind, domain=domain, member_count=members, secretary_name=secretary,
            secretary_phone=phone, is_county_organ_committee=is_organ,
        )
        org.path = make_path(parent.path if parent else None, org.pk)
        org.depth = path_depth(org.path)
        org.save(update_fields=["path", "depth"])
    return org


@transaction.atomic
def seed_demo() -> DemoContext:
    call_command("loaddata", "builtin_rules", verbosity=0)
    county = _org(None, COUNTY, "county", "county", 0, "", "0591-2260001")
    ctx = DemoContext(county=county, year=timezone.localdate().year)
    ctx.orgs[COUNTY] = county

    def walk(parent: Organization, nodes: list[tuple[Any, ...]]) -> None:
        for name, kind, domain, members, secretary, phone, children in nodes:
            org = _org(parent, name, kind, domain, members, secretary, phone, is_organ=(kind == "committee" and parent == county))
            ctx.orgs[name] = org
            walk(org, children)

    walk(county, TREE)

    User = get_user_model()
    password_hash = make_password(DEMO_PASSWORD)  # one hash for all demo users: seeding stays fast

    def user(username: str, full_name: str) -> Any:
        obj, created = User.objects.get_or_create(username=username, defaults={"first_name": full_name, "password": password_hash})
        ctx.users[username] = obj
        return obj

    fixed_orgs = set()
    for username, full_name, org_name, role in FIXED_LOGINS:
        org = ctx.orgs[org_name]
        u = user(username, full_name or f"{org.secretary_name}（{org.name}书记）")
        OrgRole.objects.get_or_create(user=u, organization=org, role=role)
        fixed_orgs.add(org_name)
    number = 0
    for name, org in ctx.orgs.items():
        if org.kind in ("branch", "general_branch") and name not in fixed_orgs:
            number += 1
            u = user(f"sec{number:02d}", f"{org.secretary_name}（{org.name}书记）")
            OrgRole.objects.get_or_create(user=u, organization=org, role=Role.BRANCH_SECRETARY)

    ctx.ruleset = RuleSet.objects.get(pk=1)
    y = ctx.year
    ctx.campaign, _ = Campaign.objects.get_or_create(
        year=y, scope=county,
        defaults=dict(
            name=f"{y}年度晋安县基层党组织“三分类三升级”", ruleset=ctx.ruleset,
            survey_start=datetime.date(y, 3, 1), survey_due=datetime.date(y, 3, 31),
            classification_due=datetime.date(y, 4, 30), upgrade_due=datetime.date(y, 11, 30),
            summary_due=datetime.date(y, 12, 31),
        ),
    )
    for app in ("surveys", "ratings.classification", "ratings.stars", "upgrades", "reports"):
        try:
            module = import_module(f"{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.demo":
                raise
            continue
        module.seed(ctx)
    return ctx


def demo_logins() -> list[tuple[str, str, str]]:
    """(login, role, organisation) of every demo account, for `make run` to print."""
    rows = []
    for grant in OrgRole.objects.filter(user__username__in=[u for u, *_ in FIXED_LOGINS]).select_related("user", "organization"):
        rows.append((grant.user.username, str(grant.get_role_display()), grant.organization.name))
    order = {u: i for i, (u, *_ ) in enumerate(FIXED_LOGINS)}
    return sorted(rows, key=lambda r: order.get(r[0], 99))
