"""The home page with the to-do list, campaigns and rule sets. Views are thin: fetch through the scope
helpers, call a service."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dashboard import todo_for
from core.views import service_errors
from organizations.choices import OrgKind
from organizations.models import Organization
from organizations.scope import can, get_scoped_or_404, grants, primary_role, restrict

from . import services
from .choices import Phase
from .forms import CampaignForm, QuorumRuleForm, RuleSetCopyForm, RuleSetValuesForm
from .models import Campaign, QuorumRule
from .selectors import campaigns_for, current_campaign_for, new_campaign_initial, rulesets_for


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    role = primary_role(user)
    orgs = restrict(Organization.objects.filter(is_active=True), user)
    stats = orgs.aggregate(
        total=Count("id"),
        townships=Count("id", filter=Q(kind=OrgKind.TOWNSHIP)),
        branches=Count("id", filter=Q(kind__in=[OrgKind.BRANCH, OrgKind.GENERAL_BRANCH, OrgKind.COMMITTEE])),
        members=Sum("member_count", filter=Q(kind=OrgKind.BRANCH)),
    )
    campaign = current_campaign_for(user, timezone.localdate().year)
    roots = [g for g in grants(user)]
    root_orgs = list(Organization.objects.filter(pk__in=[g.organization_id for g in roots]))
    context = {"role": role, "stats": stats, "campaign": campaign, "root_orgs": root_orgs}
    context["todo"] = todo_for(user, context)
    return render(request, "campaigns/dashboard.html", context)


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = campaigns_for(request.user).order_by("-year", "scope__path")
    page = Paginator(campaigns, 25).get_page(request.GET.get("page"))
    can_create = bool(restrict(Organization.objects.all(), request.user, "manage_campaign").exists())
    return render(request, "campaigns/campaign_list.html", {"page": page, "can_create": can_create})


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(campaigns_for(request.user), pk=pk)
    today = timezone.localdate()
    # the phase whose deadline comes next is where work is now; after the last one, the summary remains
    next_phase = next((phase.value for phase, _start, due in campaign.phase_deadlines() if due >= today), "done")
    now = Phase.SUMMARY.value if next_phase == "done" else next_phase
    return render(request, "campaigns/campaign_detail.html", {
        "campaign": campaign, "today": today,
        "phases": [(value, label, value == now) for value, label in Phase.choices],
        "may_summarise": restrict(Organization.objects.filter(kind__in=(OrgKind.COUNTY, OrgKind.TOWNSHIP)), request.user,
                                  "report").exists(),
        "next_phase": next_phase,
        "can_edit": can(request.user, "manage_campaign", campaign.scope),
    })


def _campaign_form(request: HttpRequest, instance: Campaign | None = None, initial: dict | None = None) -> CampaignForm:
    scopes = restrict(Organization.objects.filter(is_active=True, kind__in=[OrgKind.COUNTY, OrgKind.TOWNSHIP, OrgKind.COMMITTEE]),
                      request.user, "manage_campaign")
    return CampaignForm(request.POST or None, instance=instance, scopes=scopes, rulesets=rulesets_for(request.user),
                        initial=initial)


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = _campaign_form(request, initial=new_campaign_initial(request.user))
    if not form.fields["scope"].queryset.exists():
        raise Http404
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        with service_errors(form):
            campaign = services.campaign_create(actor=request.user, **data)
            messages.success(request, _("Campaign created."))
            return redirect("campaigns:campaign-detail", pk=campaign.pk)
    return render(request, "core/form_page.html", {"form": form, "title": _("New campaign"), "subtitle": _(
        "The dates start from last year's campaign, one year on; change what differs this year.") if form.initial else ""})


@login_required
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_scoped_or_404(Campaign, request.user, "manage_campaign", via="scope", pk=pk)
    form = _campaign_form(request, campaign)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "scope"}
        with service_errors(form):
            services.campaign_update(actor=request.user, campaign=campaign, **data)
            messages.success(request, _("Campaign saved."))
            return redirect("campaigns:campaign-detail", pk=campaign.pk)
    return render(request, "core/form_page.html", {"form": form, "title": _("Edit campaign")})


@login_required
def ruleset_list(request: HttpRequest) -> HttpResponse:
    rulesets = rulesets_for(request.user).annotate(campaign_count=Count("campaigns"))
    return render(request, "campaigns/ruleset_list.html", {"rulesets": rulesets})


@login_required
def ruleset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from core.rulesettings import REGISTRY

    ruleset = get_object_or_404(rulesets_for(request.user), pk=pk)
    settings_rows = [
        {"setting": s, "value": ruleset.setting(k), "changed": k in (ruleset.values or {})}
        for k, s in sorted(REGISTRY.items(), key=lambda kv: (str(kv[1].group), kv[0]))
    ]
    can_edit = (not ruleset.is_builtin) and ruleset.owner is not None and can(request.user, "manage_rules", ruleset.owner)
    can_copy = restrict(Organization.objects.filter(kind=OrgKind.COUNTY), request.user, "manage_rules").exists()
    return render(request, "campaigns/ruleset_detail.html", {
        "ruleset": ruleset, "quorum_rules": ruleset.quorum_rules.all(), "settings_rows": settings_rows,
        "can_edit": can_edit, "can_copy": can_copy,
    })


@login_required
def ruleset_copy(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(rulesets_for(request.user), pk=pk)
    owners = restrict(Organization.objects.filter(kind=OrgKind.COUNTY), request.user, "manage_rules")
    if not owners.exists():
        raise Http404
    form = RuleSetCopyForm(request.POST or None, owners=owners,
                           initial={"name": _("%(name)s (copy)") % {"name": source.name}, "owner": owners.first()})
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            copy = services.ruleset_copy(actor=request.user, source=source, **form.cleaned_data)
            messages.success(request, _("Rule set copied; you can now change its numbers."))
            return redirect("campaigns:ruleset-detail", pk=copy.pk)
    return render(request, "core/form_page.html", {"form": form, "title": _("Copy rule set")})


@login_required
def ruleset_edit(request: HttpRequest, pk: int) -> HttpResponse:
    ruleset = get_scoped_or_404(rulesets_for(request.user).filter(is_builtin=False), request.user, "manage_rules", via="owner", pk=pk)
    form = RuleSetValuesForm(request.POST or None, ruleset=ruleset)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        standards = data.pop("classification_standards")
        with service_errors(form):
            services.ruleset_update(actor=request.user, ruleset=ruleset, values=data,
                                    classification_standards=standards, reason=reason)
            messages.success(request, _("Rule set saved."))
            return redirect("campaigns:ruleset-detail", pk=ruleset.pk)
    return render(request, "core/form_page.html", {"form": form, "title": _("Edit rule set settings")})


@login_required
def quorum_rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_scoped_or_404(QuorumRule.objects.filter(ruleset__is_builtin=False).select_related("ruleset"),
                             request.user, "manage_rules", via="ruleset__owner", pk=pk)
    form = QuorumRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        rule.refresh_from_db()  # the form mutated the instance; the service compares with the stored row
        with service_errors(form):
            services.quorum_rule_update(actor=request.user, rule=rule, reason=reason, **data)
            messages.success(request, _("Quorum rule saved."))
            return redirect("campaigns:ruleset-detail", pk=rule.ruleset_id)
    return render(request, "core/form_page.html", {"form": form, "title": _("Edit quorum rule"), "subtitle": str(rule)})
