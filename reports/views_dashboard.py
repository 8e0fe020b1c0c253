"""County and township dashboard (where every branch stands, distributions, quota use, the capabilities'
panels, server-side SVG charts) and the generic organisation list behind every number, with its export."""
from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from campaigns.choices import Phase
from core.choices import choice_labels
from core.dashboard import panels_for
from core.report_kinds import REPORTS
from core.xlsx import Column, write_table
from organizations.choices import Domain
from organizations.selectors import name_in_scope
from ratings.classification.models import ClassificationState, Level
from ratings.stars.selectors import quota_for

from .filters import OrgListFilter
from .selectors import STATES, dashboard_for, dashboard_root, filter_query
from .svg import STAR_COLORS, Bar, stacked_bars

DASHBOARD_REPORTS = ("classification_ledger", "star_ledger", "star_filing", "annual_summary", "cadre_pay", "dossier_batch")
STAR_LEVELS = (5, 4, 3, 2, 1)


def _short_state_labels() -> dict[str, str]:
    """Column headers of the stand table: short enough for a phone."""
    return {"not_started": _("Not started"), "step1": _("Step 1"), "step2": _("Step 2"), "step3": _("Step 3"),
            "step4": _("Step 4"), "township_decides": _("Township decides"), "submitted": _("Awaiting confirmation"),
            "confirmed": _("Confirmed")}


def _state_labels() -> dict[str, str]:
    labels = {"not_started": _("Not started")}
    labels.update(choice_labels(ClassificationState))
    return labels


def _level_labels() -> dict[str, str]:
    return choice_labels(Level)


def _list_link(**filters: Any) -> str:
    return f"{reverse('reports:org-list')}?{filter_query(**filters)}"


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    root = dashboard_root(request.user)
    if root is None:
        raise Http404
    today = timezone.localdate()
    year = today.year
    if request.GET.get("year"):
        chosen = OrgListFilter(request.GET, user=request.user, today=today).cleaned().get("year")
        if chosen is None:
            raise Http404  # not a year of the rating cycle (core.bounds.YEAR)
        year = chosen
    d = dashboard_for(request.user, root, year=year)
    shown_year = year if year != today.year else None

    def _link(**filters: Any) -> str:  # every number keeps the year it counts
        return _list_link(year=shown_year, **filters)

    levels = _level_labels()
    domains = choice_labels(Domain)
    stand_rows = [{
        "name": g.name or g.path, "total": (g.total, _link(group=g.pk)),
        "cells": [(g.states.get(s, 0), _link(group=g.pk, state=s)) for s in STATES],
        "overdue": (g.overdue, _link(group=g.pk, overdue=1)),
    } for g in d.groups]
    level_rows, level_bars, star_rows, star_bars = [], [], [], []
    for domain, total in sorted(d.domains_total.items(), key=lambda kv: Domain.values.index(kv[0]) if kv[0] in Domain.values else 99):
        counts = d.levels.get(domain, {})
        level_rows.append({"name": domains.get(domain, domain), "total": (total, _link(domain=domain)),
                           "cells": [(counts.get(k, 0), _link(domain=domain, level=k)) for k in levels]})
        level_bars.append(Bar(domains.get(domain, domain), [counts.get(k, 0) for k in levels]))
        stars = d.stars.get(domain, {})
        star_rows.append({"name": domains.get(domain, domain), "total": (total, _link(domain=domain)),
                          "cells": [(stars.get(n, 0), _link(domain=domain, stars=n)) for n in STAR_LEVELS]
                          + [(total - sum(stars.values()), _link(domain=domain, stars="none"))]})
        star_bars.append(Bar(domains.get(domain, domain), [stars.get(n, 0) for n in STAR_LEVELS]))
    quota = None
    if d.campaign is not None:
        quota = quota_for(d.campaign)
    context = {"campaign": d.campaign, "root": root, "year": d.year}
    return render(request, "reports/dashboard/dashboard.html", {
        "d": d, "phase": dict(Phase.choices).get(d.phase, _("Closed") if d.phase else ""),
        "state_headers": [_short_state_labels()[s] for s in STATES], "stand_rows": stand_rows,
        "level_headers": list(levels.values()), "level_rows": level_rows,
        "star_headers": [f"{n}★" for n in STAR_LEVELS] + [_("Not rated")], "star_rows": star_rows,
        "level_chart": stacked_bars(level_bars, list(levels.values())),
        "star_chart": stacked_bars(star_bars, [f"{n}★" for n in STAR_LEVELS], colors=STAR_COLORS),
        "quota": quota, "quota_links": {"5": _link(stars=5), "4": _link(stars=4), "3": _link(stars=3)},
        "panels": panels_for(request.user, context),
        "reports": [(k, REPORTS[k]) for k in DASHBOARD_REPORTS if k in REPORTS],
        "all_link": _link(),
    })


def _filter_labels(params: Any, user: Any) -> list[str]:
    labels = []
    names = {"domain": choice_labels(Domain), "state": _state_labels(), "level": _level_labels()}
    for key in ("domain", "state", "level"):
        if params.get(key):
            labels.append(names[key].get(params[key], params[key]))
    if params.get("stars"):
        labels.append(_("not rated") if params["stars"] == "none" else f"{params['stars']}★")
    if params.get("overdue") == "1":
        labels.append(_("overdue"))
    group = params.get("group", "")
    if group.isdigit():  # the township's name, only if the user may see it
        found = name_in_scope(user, int(group))
        if found:
            labels.insert(0, found)
    if params.get("year"):
        labels.append(f"{params['year']}")
    if params.get("name"):
        labels.append(f"“{params['name']}”")
    return labels


@login_required
def org_list(request: HttpRequest) -> HttpResponse:
    filters = OrgListFilter(request.GET, user=request.user)
    params = filters.params()
    page = Paginator(filters.qs, 50).get_page(request.GET.get("page"))
    name = params.pop("name", "")
    query = QueryDict(mutable=True)
    query.update(params)
    hidden = list(query.items())  # the search form keeps the dashboard's filters
    if name:
        query["name"] = name
    states, levels, domains = _state_labels(), _level_labels(), choice_labels(Domain)
    rows = [(o, domains.get(o.domain, o.domain), states.get(o.c_state or "not_started", ""),
             levels.get(o.c_level or "", "") if o.c_state == "confirmed" else "") for o in page.object_list]
    return render(request, "reports/dashboard/org_list.html", {
        "page": page, "rows": rows, "filters": _filter_labels(params, request.user), "query": query.urlencode(),
        "name": name, "hidden": hidden,
    })


@login_required
def org_export(request: HttpRequest) -> HttpResponse:
    filters = OrgListFilter(request.GET, user=request.user)
    params, qs = filters.params(), filters.qs
    states, levels, domains = _state_labels(), _level_labels(), choice_labels(Domain)
    rows = ([o.name, o.parent.name if o.parent_id else "", domains.get(o.domain, ""), o.member_count, o.secretary_name,
             states.get(o.c_state or "not_started", ""), levels.get(o.c_level or "", "") if o.c_state == "confirmed" else "",
             o.stars] for o in qs.iterator(chunk_size=500))
    buffer = io.BytesIO()
    labels = _filter_labels(params, request.user)
    title = _("Organisations") + (" · " + "、".join(labels) if labels else "")
    write_table(buffer, title=title, rows=rows, columns=[
        Column(_("Organisation"), 30), Column(_("Parent"), 20), Column(_("Domain"), 12), Column(_("Members"), 8, "0"),
        Column(_("Secretary"), 10), Column(_("Classification"), 16), Column(pgettext("reports", "Level"), 8), Column(pgettext("reports", "Stars"), 6, "0")])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename=organisations-{stamp}.xlsx"
    return response
