"""Quota what-if on the decision page (docs/rules.md §8, quotas): the quota table of the evaluating
scope as it would stand with this application at the level the reviewer is picking, recomputed by htmx
on every change of the level before anything is submitted. Reads only."""
from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from organizations.scope import get_scoped_or_404

from .models import StarApplication
from .rules import QuotaResult, quota_check, quota_with
from .selectors import quota_counts, quota_population, quota_spec
from .services import allowed_decisions


def quota_whatif(app: StarApplication, level: int) -> QuotaResult | None:
    """The quota table with ``app`` counted at ``level`` (its own earlier proposal left out); None when
    the rule set has no quotas."""
    spec = quota_spec(app.campaign.ruleset)
    if not spec.enabled:
        return None
    return quota_check(quota_with(quota_counts(app.campaign, exclude_pk=app.pk), level), quota_population(app.campaign), spec)


def whatif_context(app: StarApplication, form: Any, level: int) -> dict[str, Any]:
    """What the decision page adds: the table for the level shown, and the htmx marks on the level field."""
    result = quota_whatif(app, level)
    if result is not None and "level" in form.fields:
        form.fields["level"].widget.attrs.update({
            "hx-get": reverse("stars:quota-whatif", args=[app.pk]), "hx-trigger": "change",
            "hx-target": "#quota-whatif", "hx-swap": "innerHTML", "hx-include": "this",
        })
    return {"whatif": result, "whatif_level": level}


@login_required
@require_GET
def quota_whatif_view(request: HttpRequest, pk: int) -> HttpResponse:
    app = get_scoped_or_404(StarApplication.objects.select_related("organization", "campaign__ruleset"), request.user, pk=pk)
    if not allowed_decisions(request.user, app):  # only whoever may decide on it now asks "what if"
        raise Http404
    try:
        level = int(request.GET.get("level") or 0)
    except ValueError:
        level = 0
    if not 1 <= level <= 5:
        raise Http404
    result = quota_whatif(app, level)
    if result is None:
        raise Http404
    return render(request, "ratings/stars/_quota_whatif.html", {"whatif": result, "whatif_level": level})
