"""Access table of core (dashboard, campaigns, rule sets, health) and of the auth URLs in config/urls.py.

Who may do what (organizations/scope.py ROLE_ACTIONS): campaigns are managed by county and township
staff on their own scope; rule sets are copied and edited by the county reviewer only; built-in rule
sets answer 404 to every edit; everyone with a role sees the campaigns that cover them.
"""
from __future__ import annotations

import datetime

from campaigns.models import Campaign, QuorumRule, RuleSet
from tests.access import Case, everyone


def _campaign(demo, scope, year: int) -> Campaign:
    return Campaign.objects.create(
        year=year, name=f"{scope.name} {year}", scope=scope, ruleset_id=1,
        survey_start=datetime.date(year, 3, 1), survey_due=datetime.date(year, 3, 31),
        classification_due=datetime.date(year, 4, 30), upgrade_due=datetime.date(year, 11, 30),
        summary_due=datetime.date(year, 12, 31),
    )


def _county_copy(demo) -> RuleSet:
    copy = RuleSet.objects.create(name="晋安县规则副本", version=1, owner=demo.county, copied_from_id=1)
    QuorumRule.objects.bulk_create([
        QuorumRule(ruleset=copy, activity=r.activity, group=r.group, group_a_scope=r.group_a_scope,
                   min_total=r.min_total, min_masses_percent=r.min_masses_percent,
                   min_entitled_percent=r.min_entitled_percent, source=r.source)
        for r in RuleSet.objects.get(pk=1).quorum_rules.all()
    ])
    return copy


def _refused_import(demo) -> dict:
    """A township staff member's refused organisation import, with its marked file."""
    import io

    from openpyxl import Workbook

    from core.imports import import_start

    wb = Workbook()
    wb.active.append(["组织名称", "上级组织", "组织类型", "领域", "党员人数"])
    wb.active.append(["访问测试支部", "", "党支部", "村", "abc"])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "访问.xlsx"
    run = import_start(actor=demo.users["township"], kind="organizations", organization=demo.township,
                       target=f"org:{demo.township.pk}", upload=buffer)
    return {"pk": run.pk}


ONLY_UPLOADER = everyone(404, township=200)
ONLY_COUNTY = everyone(404, county=200)
COUNTY_AND_TOWNSHIP = everyone(404, county=200, township=200)

CASES = [
    # --- auth (config/urls.py)
    Case("login", everyone(302, anonymous=200), label="logged-in users are sent on"),
    Case("logout", everyone(302, anonymous=302), method="post", data=lambda demo: {}),
    Case("logout", everyone(405, anonymous=405), label="GET is refused"),
    Case("password_change", everyone(200)),
    Case("password_change_done", everyone(200)),
    # --- dashboard and health
    Case("campaigns:dashboard", everyone(200)),
    Case("core:healthz", everyone(200, anonymous=200)),
    # --- Excel import runs (core/imports.py): the uploader's alone
    Case("core:import-run", ONLY_UPLOADER, _refused_import),
    Case("core:import-run-status", ONLY_UPLOADER, _refused_import),
    Case("core:import-run-marked", ONLY_UPLOADER, _refused_import),
    # --- campaigns
    Case("campaigns:campaign-list", everyone(200)),
    Case("campaigns:campaign-create", COUNTY_AND_TOWNSHIP),
    Case("campaigns:campaign-detail", everyone(200, outsider=404), lambda demo: {"pk": demo.ctx.campaign.pk},
         label="county campaign covers every role"),
    Case("campaigns:campaign-detail", everyone(404, county=200, township=200, branch=200, branch2=200),
         lambda demo: {"pk": _campaign(demo, demo.township, 2001).pk}, label="township campaign"),
    Case("campaigns:campaign-detail", ONLY_COUNTY, lambda demo: {"pk": _campaign(demo, demo.township2, 2001).pk},
         label="other township campaign"),
    Case("campaigns:campaign-edit", ONLY_COUNTY, lambda demo: {"pk": demo.ctx.campaign.pk}, label="county campaign"),
    Case("campaigns:campaign-edit", COUNTY_AND_TOWNSHIP, lambda demo: {"pk": _campaign(demo, demo.township, 2001).pk},
         label="own township campaign"),
    Case("campaigns:campaign-edit", ONLY_COUNTY, lambda demo: {"pk": _campaign(demo, demo.township2, 2001).pk},
         label="other township campaign"),
    # --- rule sets
    Case("campaigns:ruleset-list", everyone(200)),
    Case("campaigns:ruleset-detail", everyone(200), lambda demo: {"pk": 1}, label="built-in"),
    Case("campaigns:ruleset-detail", everyone(200, outsider=404), lambda demo: {"pk": _county_copy(demo).pk},
         label="county copy"),
    Case("campaigns:ruleset-copy", ONLY_COUNTY, lambda demo: {"pk": 1}),
    Case("campaigns:ruleset-edit", everyone(404), lambda demo: {"pk": 1}, label="built-in refuses edits"),
    Case("campaigns:ruleset-edit", ONLY_COUNTY, lambda demo: {"pk": _county_copy(demo).pk}, label="county copy"),
    Case("campaigns:quorum-rule-edit", everyone(404), lambda demo: {"pk": 1}, label="built-in refuses edits"),
    Case("campaigns:quorum-rule-edit", ONLY_COUNTY,
         lambda demo: {"pk": _county_copy(demo).quorum_rules.first().pk}, label="county copy"),
]



def _library_file(demo) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from campaigns.library import library_file_add

    lib = library_file_add(actor=demo.users["branch2"], campaign=demo.ctx.campaign, organization=demo.branch2,
                           upload=SimpleUploadedFile("签到表.pdf", b"%PDF-1.4 sign-in"), content_type="application/pdf")
    return {"pk": lib.pk}


VIEW_BRANCH2 = everyone(200, branch=404, outsider=404)
CASES += [
    Case("campaigns:library", VIEW_BRANCH2, lambda demo: {"org_pk": demo.branch2.pk}),
    Case("campaigns:library-download", VIEW_BRANCH2, _library_file),
]
