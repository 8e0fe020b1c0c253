"""Access table of the organisation tree, import/export and accounts.

A role covers its subtree: the branch secretary of 东方村 sees only 东方村 (红旗村 = 404), the township
staff of 金星乡 see 金星乡's subtree (柳河镇's organisations = 404), the county sees all. Managing
organisations and accounts is for county and township staff; the county hands out township-staff
roles, a township hands out branch-secretary roles, and each may only reset those accounts.
"""
from __future__ import annotations

from organizations.models import Organization, OrgRole, make_path
from tests.access import Case, everyone


def _archived_branch(demo) -> Organization:
    org = Organization.objects.create(parent=demo.township, name="已撤销村党支部", kind="branch", domain="village",
                                      is_active=False, archived_reason="合并")
    org.path = make_path(demo.township.path, org.pk)
    org.depth = 2
    org.save(update_fields=["path", "depth"])
    return org


def _role(demo, username: str) -> OrgRole:
    return OrgRole.objects.get(user=demo.users[username])


def _sec_of(demo, org) -> int:
    return OrgRole.objects.get(organization=org, role="branch_secretary").user_id


# Expected answers by whose organisation the page shows.
OWN_BRANCH_VIEW = everyone(404, county=200, township=200, branch=200)           # 东方村党支部
BRANCH2_VIEW = everyone(404, county=200, township=200, branch2=200)             # 红旗村党支部
TOWNSHIP_VIEW = everyone(404, county=200, township=200)                         # 金星乡党委 / its staff-only pages
OTHER_TOWNSHIP = everyone(404, county=200)                                     # 柳河镇 and its branches
MANAGE = everyone(404, county=200, township=200)                                # manage_org on 金星乡's subtree

BRANCH = lambda demo: {"pk": demo.branch.pk}  # noqa: E731
BRANCH2 = lambda demo: {"pk": demo.branch2.pk}  # noqa: E731
TOWNSHIP = lambda demo: {"pk": demo.township.pk}  # noqa: E731
OTHER = lambda demo: {"pk": demo.other_township_branch.pk}  # noqa: E731
COUNTY = lambda demo: {"pk": demo.county.pk}  # noqa: E731

CASES = [
    Case("organizations:tree", everyone(200)),
    Case("organizations:tree", everyone(200), label="search", query="q=村&domain=village"),
    # one level of the lazy tree: only inside the actor's own subtree
    Case("organizations:tree-children", everyone(404, county=200, township=200), TOWNSHIP, label="township"),
    Case("organizations:tree-children", OWN_BRANCH_VIEW, BRANCH, label="own branch"),
    Case("organizations:import-template", MANAGE),
    # detail, history, export: the own branch vs another branch of the same township vs another township
    Case("organizations:org-detail", OWN_BRANCH_VIEW, BRANCH, label="own branch"),
    Case("organizations:org-detail", BRANCH2_VIEW, BRANCH2, label="another branch"),
    Case("organizations:org-detail", TOWNSHIP_VIEW, TOWNSHIP, label="township"),
    Case("organizations:org-detail", OTHER_TOWNSHIP, OTHER, label="other township"),
    Case("organizations:org-detail", OTHER_TOWNSHIP, COUNTY, label="county"),
    Case("organizations:org-detail", everyone(404), lambda demo: {"pk": 999999}, label="missing"),
    Case("organizations:org-detail", TOWNSHIP_VIEW, lambda demo: {"pk": _archived_branch(demo).pk}, label="archived"),
    Case("organizations:org-history", OWN_BRANCH_VIEW, BRANCH, label="own branch"),
    Case("organizations:org-history", BRANCH2_VIEW, BRANCH2, label="another branch"),
    Case("organizations:org-history", OTHER_TOWNSHIP, OTHER, label="other township"),
    Case("organizations:org-export", OWN_BRANCH_VIEW, BRANCH, label="own branch"),
    Case("organizations:org-export", BRANCH2_VIEW, BRANCH2, label="another branch"),
    Case("organizations:org-export", TOWNSHIP_VIEW, TOWNSHIP, label="township"),
    Case("organizations:org-export", OTHER_TOWNSHIP, OTHER, label="other township"),
    # managing the tree: branch secretaries may not; township staff only in their township
    Case("organizations:org-create", MANAGE, TOWNSHIP, label="under the township"),
    Case("organizations:org-create", everyone(404), BRANCH, label="nothing stands under a branch"),
    Case("organizations:org-create", OTHER_TOWNSHIP, lambda demo: {"pk": demo.township2.pk}, label="other township"),
    Case("organizations:org-edit", MANAGE, BRANCH, label="own branch"),
    Case("organizations:org-edit", MANAGE, BRANCH2, label="another branch"),
    Case("organizations:org-edit", OTHER_TOWNSHIP, OTHER, label="other township"),
    Case("organizations:org-move", MANAGE, BRANCH, label="own branch"),
    Case("organizations:org-move", OTHER_TOWNSHIP, OTHER, label="other township"),
    Case("organizations:org-archive", MANAGE, BRANCH, label="own branch"),
    Case("organizations:org-archive", OTHER_TOWNSHIP, OTHER, label="other township"),
    Case("organizations:org-archive", everyone(404), lambda demo: {"pk": _archived_branch(demo).pk},
         label="already archived"),
    Case("organizations:org-restore", MANAGE, lambda demo: {"pk": _archived_branch(demo).pk}, label="archived"),
    Case("organizations:org-restore", everyone(404), BRANCH, label="active"),
    Case("organizations:org-import", MANAGE, TOWNSHIP, label="township"),
    Case("organizations:org-import", MANAGE, BRANCH, label="own branch"),
    Case("organizations:org-import", OTHER_TOWNSHIP, lambda demo: {"pk": demo.township2.pk}, label="other township"),
    # writes are scope-checked too (these POSTs are idempotent, so every actor meets the same state)
    Case("organizations:org-edit", everyone(404, county=302, township=302), BRANCH2, method="post", label="save another branch",
         data=lambda demo: {"name": "红旗村党支部", "kind": "branch", "domain": "village", "member_count": 52,
                            "secretary_name": "林秀英", "secretary_phone": "13905910002", "reason": "核对"}),
    Case("organizations:org-edit", everyone(404, county=302), OTHER, method="post", label="save other township",
         data=lambda demo: {"name": "柳河村党支部", "kind": "branch", "domain": "village", "member_count": 41,
                            "secretary_name": "许家明", "secretary_phone": "13905920001", "reason": "核对"}),
    Case("organizations:org-import", MANAGE, TOWNSHIP, method="post", data=lambda demo: {}, label="post without file"),
    # accounts
    Case("organizations:account-list", MANAGE),
    Case("organizations:account-create", MANAGE),
    Case("organizations:account-password", everyone(404, township=200),
         lambda demo: {"pk": demo.users["branch"].pk}, label="branch secretary: by their township"),
    Case("organizations:account-password", everyone(404, county=200),
         lambda demo: {"pk": demo.users["township"].pk}, label="township staff: by the county"),
    Case("organizations:account-password", everyone(404),
         lambda demo: {"pk": _sec_of(demo, demo.other_township_branch)}, label="other township secretary"),
    Case("organizations:account-password", everyone(404), lambda demo: {"pk": demo.users["outsider"].pk},
         label="account without role"),
    Case("organizations:account-password", everyone(404, township=302), lambda demo: {"pk": demo.users["branch"].pk},
         method="post", data=lambda demo: {"new_password": "Reset-pass-2026"}, label="reset by post"),
    Case("organizations:role-revoke", everyone(404, township=200), lambda demo: {"pk": _role(demo, "branch2").pk},
         label="branch secretary role"),
    Case("organizations:role-revoke", everyone(404, county=200), lambda demo: {"pk": _role(demo, "township").pk},
         label="township staff role"),
    Case("organizations:role-revoke", everyone(404), lambda demo: {"pk": _role(demo, "county").pk},
         label="county reviewer role"),
]
