"""The scale county of docs/rules.md §12: N organisations under about 20 townships, with users and this
year's campaign, made with bulk inserts and a seeded random generator (same N → same data).

Shape: ``townships = min(20, max(1, N // 20))`` townships share the N organisations below them
(800 → 20 × 40, 40 → 2 × 20, 6 → 1 × 6). About one unit in twelve is a village general branch
(党总支) with two of the following branches under it. Users: one county reviewer, one staff per
township, one secretary per branch, all with one password hash (hashing 800 passwords would take
minutes). Then every capability's ``bench/<app>.py`` ``scale(ctx)`` adds its data (see bench/api.py).

Works on SQLite and PostgreSQL: ``bulk_create`` returns ids on both (SQLite 3.35+), so each level of
the tree is inserted once and its ``path``/``depth`` written with one ``bulk_update``.
"""
from __future__ import annotations

import datetime
import random
from typing import Any, Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from bench.api import ScaleContext

SCALE_PASSWORD = "jinwei-scale-2026"
USER_PREFIX = "scale_"
MAX_TOWNSHIPS = 20

COUNTY_NAME = "规模测试县委组织部"
TOWNSHIP_NAMES = [
    "城关镇", "青山乡", "白沙镇", "东岭乡", "西湖镇", "南塘乡", "北港镇", "梅溪乡", "竹林镇", "桃源乡",
    "石门镇", "龙泉乡", "新安镇", "永丰乡", "长乐镇", "太平乡", "和平镇", "清水乡", "双河镇", "凤山乡",
]
PLACE_FIRST = "东西南北上下前后大小新老金银石竹梅桃李杨柳松柏青红黄白龙凤"
PLACE_SECOND = "山岭坑溪塘湾洋坪坂岗田庄桥头口坝洲林园湖"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "建国志强秀英丽华海生明德福春梅文斌国华永红美玲立新家明金水玉珍长青振东桂芳伟慧敏雪晓燕"

# (domain, weight, name pattern, members low, members high). Village branches dominate a township.
DOMAIN_MIX: list[tuple[str, int, str, int, int]] = [
    ("village", 55, "{place}村党支部", 18, 95),
    ("agri_community", 8, "{place}社区党支部", 20, 70),
    ("urban_community", 7, "{place}城市社区党支部", 25, 120),
    ("organ", 6, "{town}{place}站所党支部", 8, 40),
    ("school", 7, "{place}小学党支部", 5, 35),
    ("health", 5, "{place}卫生院党支部", 5, 30),
    ("culture", 2, "{place}文化站党支部", 3, 12),
    ("enterprise", 6, "{place}实业有限公司党支部", 3, 40),
    ("social_org", 3, "{place}协会党支部", 3, 15),
    ("remote_edu", 1, "{place}远程教育站点党支部", 3, 10),
]
GENERAL_BRANCH_EVERY = 12  # one village general branch with two branches under it per ~12 units


def shape(orgs: int) -> tuple[int, int]:
    """(townships, organisations per township) for N organisations."""
    townships = min(MAX_TOWNSHIPS, max(1, orgs // 20))
    return townships, max(1, orgs // townships)


def _person(rng: random.Random) -> str:
    surname = rng.choice(SURNAMES)
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    return surname + given


def _phone(rng: random.Random) -> str:
    return "139" + "".join(str(rng.randrange(10)) for _ in range(8))


def _reset() -> None:
    """Empty every table (each capability's too); the built-in rule set is loaded again after."""
    from django.db import connection

    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables with deferred foreign-key checks pending in this transaction
        # (rows written earlier in it, as in a test): run those checks now, defer again after.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        call_command("flush", interactive=False, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return
    call_command("flush", interactive=False, verbosity=0)


def discovered_modules() -> list[Any]:
    from bench.run import discover

    return discover()


@transaction.atomic
def seed_scale(orgs: int = 800, *, reset: bool = False, seed: int = 2026,
               modules: list[Any] | None = None, log: Callable[[str], None] | None = None) -> ScaleContext:
    """Build the scale county and return its ScaleContext (after every module's ``scale(ctx)``)."""
    from campaigns.models import Campaign, RuleSet
    from organizations.choices import Role
    from organizations.models import Organization, OrgRole, make_path, path_depth

    if reset:
        _reset()
    if Organization.objects.filter(name=COUNTY_NAME, parent__isnull=True).exists():
        raise RuntimeError("A scale county exists already; run with --reset to rebuild it.")
    call_command("loaddata", "builtin_rules", verbosity=0)
    rng = random.Random(seed)
    ctx = ScaleContext(orgs=orgs, random=random.Random(seed + 1))
    n_townships, per_township = shape(orgs)

    def set_paths(level: list[Organization], parents: dict[int, Organization]) -> None:
        for org in level:
            parent = parents.get(org.parent_id) if org.parent_id else None
            org.path = make_path(parent.path if parent else None, org.pk)
            org.depth = path_depth(org.path)
        Organization.objects.bulk_update(level, ["path", "depth"], batch_size=500)

    county = Organization.objects.bulk_create([Organization(
        name=COUNTY_NAME, kind="county", domain="county", secretary_name=_person(rng), secretary_phone="0591-0000000",
    )])[0]
    set_paths([county], {})
    ctx.county = county

    townships = Organization.objects.bulk_create([
        Organization(name=f"{TOWNSHIP_NAMES[i % len(TOWNSHIP_NAMES)]}{'' if i < len(TOWNSHIP_NAMES) else i}党委",
                     parent=county, kind="township", domain="township", secretary_name=_person(rng),
                     secretary_phone=f"0591-22{i:05d}")
        for i in range(n_townships)
    ])
    set_paths(townships, {county.pk: county})
    ctx.townships = townships

    weights = [w for _, w, *_ in DOMAIN_MIX]
    direct: list[Organization] = []
    nested: list[tuple[int, Organization]] = []  # (index in direct of the general branch, branch)
    for t_index, township in enumerate(townships):
        town = township.name.removesuffix("党委")
        used: set[str] = set()

        def unique(name: str) -> str:
            base, n = name, 2
            while name in used:
                name = base.replace("党", f"第{n}党", 1) if "党" in base else f"{base}{n}"  # 东山村第2党支部
                n += 1
            used.add(name)
            return name

        made = 0
        while made < per_township:
            place = rng.choice(PLACE_FIRST) + rng.choice(PLACE_SECOND)
            if made % GENERAL_BRANCH_EVERY == 5 and per_township - made >= 3:
                direct.append(Organization(
                    name=unique(f"{place}村党总支"), parent=township, kind="general_branch", domain="village",
                    secretary_name=_person(rng), secretary_phone=_phone(rng)))
                for k in ("第一", "第二"):
                    nested.append((len(direct) - 1, Organization(
                        name=f"{place}村{k}党支部", kind="branch", domain="village",
                        member_count=rng.randint(15, 60), secretary_name=_person(rng), secretary_phone=_phone(rng))))
                made += 3
                continue
            domain, _, pattern, low, high = rng.choices(DOMAIN_MIX, weights=weights)[0]
            direct.append(Organization(
                name=unique(pattern.format(place=place, town=town)), parent=township, kind="branch", domain=domain,
                member_count=rng.randint(low, high), secretary_name=_person(rng), secretary_phone=_phone(rng)))
            made += 1
    direct = Organization.objects.bulk_create(direct, batch_size=500)
    set_paths(direct, {t.pk: t for t in townships})
    for index, org in nested:
        org.parent = direct[index]
    nested_orgs = Organization.objects.bulk_create([org for _, org in nested], batch_size=500)
    set_paths(nested_orgs, {o.pk: o for o in direct})
    ctx.branches = [o for o in direct if o.kind == "branch"] + nested_orgs
    ctx.branches.sort(key=lambda o: o.path)

    User = get_user_model()
    password = make_password(SCALE_PASSWORD)
    users = [User(username=f"{USER_PREFIX}county", first_name=f"县委组织部审核员 {_person(rng)}", password=password)]
    users += [User(username=f"{USER_PREFIX}t{i + 1:02d}", first_name=f"{t.name.removesuffix('党委')}组织办 {_person(rng)}",
                   password=password) for i, t in enumerate(townships)]
    secretaries = [o for o in direct if o.kind in ("branch", "general_branch")] + nested_orgs
    secretaries.sort(key=lambda o: o.path)
    users += [User(username=f"{USER_PREFIX}b{i + 1:04d}", first_name=f"{o.secretary_name}（{o.name}书记）", password=password)
              for i, o in enumerate(secretaries)]
    users = User.objects.bulk_create(users, batch_size=500)
    county_user, township_users, secretary_users = users[0], users[1:1 + len(townships)], users[1 + len(townships):]
    roles = [OrgRole(user=county_user, organization=county, role=Role.COUNTY_REVIEWER)]
    roles += [OrgRole(user=u, organization=t, role=Role.TOWNSHIP_STAFF) for u, t in zip(township_users, townships)]
    roles += [OrgRole(user=u, organization=o, role=Role.BRANCH_SECRETARY) for u, o in zip(secretary_users, secretaries)]
    OrgRole.objects.bulk_create(roles, batch_size=500)
    first_branch = next(o for o in ctx.branches if o.path.startswith(townships[0].path))
    ctx.users = {
        "county": county_user,
        "township": township_users[0],
        "branch": secretary_users[secretaries.index(first_branch)],
    }
    ctx.extra["foundation.township_users"] = township_users
    ctx.extra["foundation.secretaries"] = list(zip(secretary_users, secretaries))

    year = timezone.localdate().year
    ctx.campaign = Campaign.objects.create(
        year=year, scope=county, ruleset=RuleSet.objects.get(pk=1), name=f"{year}年度规模测试县基层党组织“三分类三升级”",
        survey_start=datetime.date(year, 3, 1), survey_due=datetime.date(year, 3, 31),
        classification_due=datetime.date(year, 4, 30), upgrade_due=datetime.date(year, 11, 30),
        summary_due=datetime.date(year, 12, 31),
    )

    for module in (discovered_modules() if modules is None else modules):
        hook = getattr(module, "scale", None)
        if hook is not None:
            if log:
                log(f"  scale data of {module.__name__}")
            hook(ctx)
    return ctx
