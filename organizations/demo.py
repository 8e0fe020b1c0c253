"""The demo county's tree and logins: fixed logins, realistic names, idempotent (running it twice
changes nothing). Run by ``core.demo.seed_demo`` before the other apps' demos."""
from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from .choices import Role
from .models import Organization, OrgRole
from .services import organization_create, organization_create_root

DEMO_PASSWORD = "jinwei2026"

COUNTY = "晋安县委组织部"
TOWNSHIP_1 = "金星乡党委"
TOWNSHIP_2 = "柳河镇党委"

# (name, kind, domain, members, secretary, phone, children)
TREE: list[tuple[Any, ...]] = [
    (TOWNSHIP_1, "township", "township", 386, "周建国", "0591-2261001", [
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
    (TOWNSHIP_2, "township", "township", 402, "何振华", "0591-2262001", [
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

#: Added under a township after the tree (so the secretaries' login numbers of TREE stay as they were): a
#: community near 100 members turned into a 党委 with branches under it [seed 001 "党员人数接近50人和接近100人且
#: 条件成熟的，及时升格为党总支和党委"]; it is rated by its township (docs/rules.md §5).
COMMUNITY_COMMITTEE = "柳河新城社区党委"
LATER: list[tuple[str, list[tuple[Any, ...]]]] = [
    (TOWNSHIP_2, [
        (COMMUNITY_COMMITTEE, "committee", "urban_community", 96, "魏红梅", "13905920012", [
            ("新城社区第一党支部", "branch", "urban_community", 48, "钟晓东", "13905920013", []),
            ("新城社区第二党支部", "branch", "urban_community", 46, "潘秀云", "13905920014", []),
        ]),
    ]),
]

EXTRA_LOGINS = [
    ("township_b", "金星乡组织办 赵干事", TOWNSHIP_1, Role.TOWNSHIP_STAFF),
    ("sec_xc", "魏红梅（柳河新城社区党委书记）", COMMUNITY_COMMITTEE, Role.BRANCH_SECRETARY),
]

#: Fixed logins (README and the login page list them).
FIXED_LOGINS = [
    ("county", "县委组织部审核员 张审核", COUNTY, Role.COUNTY_REVIEWER),
    ("township", "金星乡组织办 王干事", TOWNSHIP_1, Role.TOWNSHIP_STAFF),
    ("township2", "柳河镇组织办 李干事", TOWNSHIP_2, Role.TOWNSHIP_STAFF),
    ("branch", None, "东方村党支部", Role.BRANCH_SECRETARY),
    ("branch2", None, "红旗村党支部", Role.BRANCH_SECRETARY),
]


def _org(actor: Any, parent: Organization, name: str, kind: str, domain: str, members: int, secretary: str,
         phone: str, is_organ: bool = False) -> Organization:
    """The named child of ``parent``, created through the service (audited) when it is missing."""
    org = Organization.objects.filter(parent=parent, name=name).first()
    if org is None:
        org = organization_create(
            actor=actor, parent=parent, name=name, kind=kind, domain=domain, member_count=members,
            secretary_name=secretary, secretary_phone=phone, is_county_organ_committee=is_organ,
            reason="演示数据",
        )
    return org


def seed(ctx: Any) -> None:
    county = (Organization.objects.filter(parent=None, name=COUNTY).first()
              or organization_create_root(name=COUNTY, secretary_phone="0591-2260001"))
    ctx.county = county
    ctx.orgs[COUNTY] = county
    User = get_user_model()
    password_hash = make_password(DEMO_PASSWORD)  # one hash for all demo users: seeding stays fast

    def user(username: str, full_name: str) -> Any:
        obj, created = User.objects.get_or_create(username=username, defaults={"first_name": full_name, "password": password_hash})
        ctx.users[username] = obj
        return obj

    # The county reviewer builds the tree through the services, as a real county would.
    reviewer = user(FIXED_LOGINS[0][0], FIXED_LOGINS[0][1])
    OrgRole.objects.get_or_create(user=reviewer, organization=county, role=FIXED_LOGINS[0][3])

    def walk(parent: Organization, nodes: list[tuple[Any, ...]]) -> None:
        for name, kind, domain, members, secretary, phone, children in nodes:
            org = _org(reviewer, parent, name, kind, domain, members, secretary, phone,
                       is_organ=(kind == "committee" and parent == county))
            ctx.orgs[name] = org
            walk(org, children)

    walk(county, TREE)
    for parent_name, nodes in LATER:
        walk(ctx.orgs[parent_name], nodes)
    # a second person in 金星乡's office (four eyes on the township's own paper totals) and the 党委's secretary
    for username, full_name, org_name, role in EXTRA_LOGINS:
        OrgRole.objects.get_or_create(user=user(username, full_name), organization=ctx.orgs[org_name], role=role)

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
    ctx.lines.append(f"Demo county: {county.name}, {len(ctx.orgs)} organisations, {len(ctx.users)} users.")
    ctx.lines.append(f"Demo logins (password {DEMO_PASSWORD}):")
    ctx.lines.extend(f"  {login:<10} {role}  {org}" for login, role, org in demo_logins())
    ctx.lines.append("  sec01..secNN  secretaries of the other demo branches")


def demo_logins() -> list[tuple[str, str, str]]:
    """(login, role, organisation) of every demo account, for `make run` to print."""
    rows = []
    for grant in OrgRole.objects.filter(user__username__in=[u for u, *_ in FIXED_LOGINS]).select_related("user", "organization"):
        rows.append((grant.user.username, str(grant.get_role_display()), grant.organization.name))
    order = {u: i for i, (u, *_ ) in enumerate(FIXED_LOGINS)}
    return sorted(rows, key=lambda r: order.get(r[0], 99))
