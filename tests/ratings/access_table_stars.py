"""URL × actor table of the star part (see tests/access.py)."""
from __future__ import annotations

from typing import Any

from tests.access import LOGIN, Case, everyone

NF = 404


def _apps(demo: Any) -> dict[str, Any]:
    return demo.ctx.extra["ratings.stars.applications"]


def _sheets(demo: Any) -> dict[str, Any]:
    return demo.ctx.extra["ratings.stars.sheets"]


def _quotas_on(demo: Any) -> dict[str, int]:
    from campaigns.models import Campaign, RuleSet

    campaign = Campaign.objects.get(pk=demo.ctx.campaign.pk)  # a copy: the demo's own object stays as it was
    campaign.ruleset = RuleSet.objects.create(name="限额", values={**campaign.ruleset.values, "star_quota_enabled": True})
    campaign.save()
    return {"pk": _apps(demo)["submitted"].pk}


def _template_pk(demo: Any) -> int:
    from ratings.stars.models import ScoringTemplate

    return ScoringTemplate.objects.get(builtin_key="seed004_fivestar").pk


def _own_template(demo: Any) -> int:
    """A county-owned copy (built-in templates are read-only)."""
    from ratings.stars import services as services_stars
    from ratings.stars.models import ScoringTemplate

    return services_stars.template_copy(actor=demo.users["county"], template=ScoringTemplate.objects.get(builtin_key="seed000_township"),
                                        owner=demo.county, name="县乡镇党委评分表", year=demo.ctx.year).pk


def _own_rule(demo: Any) -> dict[str, int]:
    from ratings.stars.models import ScoringRule

    return {"pk": ScoringRule.objects.filter(section__template_id=_own_template(demo)).first().pk}


def _own_section(demo: Any) -> dict[str, int]:
    from ratings.stars.models import ScoringRule

    return {"pk": ScoringRule.objects.get(pk=_own_rule(demo)["pk"]).section_id}


def _evidence(demo: Any) -> dict[str, int]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ratings.stars import services as services_stars
    from ratings.stars.models import EvidenceFile

    sheet = _sheets(demo)["submitted"]
    existing = EvidenceFile.objects.filter(sheet=sheet).first()
    if existing:
        return {"pk": existing.pk}
    ev = services_stars.evidence_upload(actor=demo.users["branch2"], sheet=sheet,
                                        upload=SimpleUploadedFile("会议记录.pdf", b"%PDF-1.4 demo", "application/pdf"),
                                        rules=list(sheet.template.sections.first().rules.all()[:2]))
    return {"pk": ev.pk}


def _rating(demo: Any) -> dict[str, int]:
    from ratings.stars.models import StarRating

    return {"pk": StarRating.objects.filter(organization=demo.org("新塘村党支部")).order_by("year").first().pk}


# who may see 红旗村党支部 (branch2's branch): the county, its township and its own secretary
RED = everyone(200, branch=NF, outsider=NF)
STAFF = everyone(200, branch=NF, branch2=NF, outsider=NF)
COUNTY_ONLY = everyone(NF, county=200)
ROLE_HOLDERS = everyone(200, outsider=NF)
ENTERERS = everyone(200, county=NF, outsider=NF)
STAFF_ONLY_TOWNSHIP = everyone(NF, county=200, township=200)

CASES: list[Case] = [
    Case("stars:stars-home", everyone(200)),
    Case("stars:template-list", ROLE_HOLDERS),
    Case("stars:template-detail", ROLE_HOLDERS, kwargs=lambda d: {"pk": _template_pk(d)}),
    Case("stars:template-copy", COUNTY_ONLY, kwargs=lambda d: {"pk": _template_pk(d)}),
    Case("stars:template-cutoffs", COUNTY_ONLY, kwargs=lambda d: {"pk": _own_template(d)}),
    Case("stars:assessment-results", STAFF_ONLY_TOWNSHIP),
    Case("stars:assessment-results-pdf", STAFF_ONLY_TOWNSHIP),
    Case("stars:application-innovation", everyone(NF, county=302), method="post", data=lambda d: {"recognised": "1"},
         kwargs=lambda d: {"pk": _apps(d)["submitted"].pk}, label="only the county recognises"),
    Case("stars:scoring-rule-edit", COUNTY_ONLY, kwargs=_own_rule),
    Case("stars:scoring-section-edit", COUNTY_ONLY, kwargs=_own_section),
    Case("stars:scoring-rule-add", COUNTY_ONLY, kwargs=_own_section),
    Case("stars:sheet-list", everyone(200)),
    Case("stars:sheet-create", ENTERERS),
    Case("stars:sheet-detail", RED, kwargs=lambda d: {"pk": _sheets(d)["submitted"].pk}),
    Case("stars:sheet-enter", everyone(NF, county=200, township=200), label="reviewer score",
         kwargs=lambda d: {"pk": _sheets(d)["submitted"].pk, "stage": "reviewer"}),
    Case("stars:sheet-enter", everyone(NF, township=200), label="self-score of another branch (township enters for it)",
         kwargs=lambda d: {"pk": _sheets(d)["draft"].pk, "stage": "self"}),
    Case("stars:sheet-preview", everyone(NF, county=200, township=200), method="post", data=lambda d: {},
         kwargs=lambda d: {"pk": _sheets(d)["submitted"].pk, "stage": "reviewer"}),
    Case("stars:sheet-submit", everyone(NF, township=302), method="post", data=lambda d: {},
         kwargs=lambda d: {"pk": _sheets(d)["draft"].pk}),
    Case("stars:evidence-upload", RED, kwargs=lambda d: {"pk": _sheets(d)["submitted"].pk}),
    Case("stars:sheet-reopen", COUNTY_ONLY, kwargs=lambda d: {"pk": _sheets(d)["final"].pk}),
    Case("stars:evidence-download", RED, kwargs=_evidence),
    Case("stars:sheet-pdf", RED, kwargs=lambda d: {"pk": _sheets(d)["submitted"].pk}),
    Case("stars:application-list", everyone(200)),
    Case("stars:application-create", ENTERERS),
    Case("stars:application-detail", RED, kwargs=lambda d: {"pk": _apps(d)["submitted"].pk}),
    Case("stars:application-pdf", RED, kwargs=lambda d: {"pk": _apps(d)["submitted"].pk}),
    Case("stars:application-act", everyone(NF, county=200, township=200), label="township assesses",
         kwargs=lambda d: {"pk": _apps(d)["submitted"].pk, "decision": "assess"}),
    Case("stars:application-act", everyone(NF, county=200), label="only the county opens the notice",
         kwargs=lambda d: {"pk": _apps(d)["inspected"].pk, "decision": "notice"}),
    Case("stars:objection-answer", COUNTY_ONLY,
         kwargs=lambda d: {"pk": _apps(d)["notice"].objections.first().pk}),
    Case("stars:star-inbox", COUNTY_ONLY),
    Case("stars:star-quota", STAFF),
    Case("stars:quota-whatif", everyone(NF, county=200, township=200), label="with quotas on: whoever decides now",
         kwargs=_quotas_on, query="level=3"),
    Case("stars:star-filing", STAFF),
    Case("stars:star-filing-xlsx", STAFF),
    Case("stars:star-history", RED, kwargs=lambda d: {"org_pk": d.branch2.pk}),
    Case("stars:star-spot-check", COUNTY_ONLY, kwargs=_rating),
    Case("stars:star-notice", everyone(200, anonymous=200), kwargs=lambda d: {"token": d.ctx.campaign.public_token}),
    Case("stars:star-notice-pdf", everyone(200, anonymous=200), kwargs=lambda d: {"token": d.ctx.campaign.public_token}),
    Case("stars:star-object", everyone(200, anonymous=200), kwargs=lambda d: {"token": _apps(d)["notice"].public_token}),
]

assert LOGIN == 302
