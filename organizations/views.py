"""Views of the tree, organisations, import/export and accounts. Thin: scope helper, then a service."""
from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.choices import choice_labels
from core.org_status import org_statuses, statuses_for
from core.history import describe_all
from core.views import service_errors
from core.imports import import_start, run_errors
from core.models import ImportStatus
from core.xlsx import template_bytes, write_table

from . import importers, services
from .choices import Domain, OrgKind, Role
from .forms import AccountCreateForm, ImportForm, MoveForm, OrganizationForm, PasswordResetForm, ReasonForm
from .models import Organization, OrgRole
from .rules import child_allowed
from .scope import ASSIGNABLE_ROLES, assignable_roles, can, get_scoped_or_404, grants, pk_param, restrict
from .filters import OrganizationFilter
from .selectors import (
    TREE_CHUNK, accounts_for, ancestor_names, domain_counts, history_for, organizations_for, tree_children, tree_roots,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_response(data: bytes, filename: str) -> FileResponse:
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=filename, content_type=XLSX)


TREE_SEARCH_PAGE = 50


def _labelled(orgs: Any) -> list[Organization]:
    """The organisations with ``domain_label`` set once per request (get_domain_display() per node rebuilt
    the translated choices each time)."""
    labels = choice_labels(Domain)
    orgs = list(orgs)
    statuses = statuses_for([org.pk for org in orgs])  # level, stars, open case: one query per status kind
    for org in orgs:
        org.domain_label = labels.get(org.domain, org.domain)
        org.statuses = statuses.get(org.pk, {})
    return orgs


def _children_page(user: Any, parent: Organization, archived: bool, number: Any) -> Any:
    page = Paginator(tree_children(user, parent, include_archived=archived), TREE_CHUNK).get_page(number)
    page.object_list = _labelled(page.object_list)
    return page


def _status_filters(request: HttpRequest) -> tuple[list[tuple[Any, str]], dict[str, str]]:
    """The status selects of the tree (core/org_status.py: level, stars, …) and the values chosen in the URL;
    an unknown value is ignored."""
    statuses = [s for s in org_statuses() if s.choices]
    chosen = {s.key: request.GET.get(s.key, "") for s in statuses}
    chosen = {s.key: chosen[s.key] for s in statuses if chosen[s.key] in {str(v) for v, _l in s.choices}}
    return [(s, chosen.get(s.key, "")) for s in statuses], chosen


def _with_statuses(qs: Any, chosen: dict[str, str]) -> Any:
    """Only the organisations whose statuses have the chosen values: one read per status kind for the
    candidates, whatever their number."""
    if not chosen:
        return qs
    ids = list(qs.values_list("pk", flat=True))
    statuses = statuses_for(ids)
    keep = [pk for pk in ids if all(key in statuses[pk] and statuses[pk][key].value == value
                                    for key, value in chosen.items())]
    return qs.filter(pk__in=keep)


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    """The tree's tops with their first children (deeper levels load on demand), or, with a search or a
    filter (domain, or a status such as level=lagging), the matching organisations as a paginated list;
    the filters stay in the URL."""
    archived = request.GET.get("archived") == "1"
    filters = OrganizationFilter(request.GET, queryset=organizations_for(request.user, include_archived=archived).order_by("path"))
    query = request.GET.get("q", "").strip()[:50]
    domain = request.GET.get("domain", "")
    if domain not in Domain.values:
        domain = ""
    status_filters, chosen = _status_filters(request)
    searching = bool(query or domain or chosen)
    context = {"query": query, "domain": domain, "archived": archived, "domains": Domain.choices,
               "status_filters": status_filters, "searching": searching, "counts": domain_counts(request.user)}
    if searching:
        page = Paginator(_with_statuses(filters.qs, chosen), TREE_SEARCH_PAGE).get_page(request.GET.get("page"))
        page.object_list = _labelled(page.object_list)
        ancestors = ancestor_names(request.user, page.object_list)
        context.update(page=page, matches=page.paginator.count,
                       results=[(org, ancestors[org.pk]) for org in page.object_list])
    else:
        context["roots"] = [(root, _children_page(request.user, root, archived, 1))
                            for root in _labelled(tree_roots(request.user, include_archived=archived))]
    return render(request, "organizations/tree.html", context)


@login_required
def tree_level(request: HttpRequest, pk: int) -> HttpResponse:
    """One load of the lazy tree: a chunk of an organisation's children (an htmx fragment)."""
    archived = request.GET.get("archived") == "1"
    parent = get_scoped_or_404(Organization, request.user, pk=pk)
    page = _children_page(request.user, parent, archived, request.GET.get("page"))
    return render(request, "organizations/_children.html", {"parent": parent, "page": page, "archived": archived})


@login_required
def org_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_scoped_or_404(Organization.objects.select_related("parent"), request.user, pk=pk)
    children = Paginator(restrict(org.children.all(), request.user).order_by("name"), TREE_SEARCH_PAGE).get_page(request.GET.get("page"))
    children.object_list = _labelled(children.object_list)
    roles = OrgRole.objects.filter(organization=org).select_related("user") if can(request.user, "manage_users", org) else []
    return render(request, "organizations/org_detail.html", {
        "org": org, "children": children.object_list, "page": children, "roles": roles,
        "can_manage": can(request.user, "manage_org", org),
        "can_report": can(request.user, "report", org),
        "can_add_child": can(request.user, "manage_org", org) and org.is_active and org.kind != OrgKind.BRANCH,
        "parent_visible": org.parent_id is not None and can(request.user, "view", org.parent),
    })


@login_required
def org_create(request: HttpRequest, pk: int) -> HttpResponse:
    parent = get_scoped_or_404(Organization, request.user, "manage_org", pk=pk, is_active=True)
    kinds = [(k, label) for k, label in OrgKind.choices if child_allowed(parent.kind, k)]
    if not kinds:  # nothing may stand under a branch: there is no page to show
        raise Http404
    form = OrganizationForm(request.POST or None, initial={"kind": OrgKind.BRANCH})
    form.fields["kind"].choices = kinds
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        reason = data.pop("reason", "")
        with service_errors(form):
            org = services.organization_create(actor=request.user, parent=parent, reason=reason, **data)
            messages.success(request, _("Organisation created."))
            return redirect("organizations:org-detail", pk=org.pk)
    return render(request, "core/form_page.html", {
        "form": form, "title": _("New organisation under %(parent)s") % {"parent": parent.name},
    })


@login_required
def org_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_scoped_or_404(Organization, request.user, "manage_org", pk=pk)
    if not org.is_active:  # a closed record: said in words, never a form that cannot be saved
        messages.error(request, _("An archived organisation cannot be changed; restore it first."))
        return redirect("organizations:org-detail", pk=org.pk)
    form = OrganizationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.EDITABLE_FIELDS}
        org.refresh_from_db()
        with service_errors(form):
            services.organization_update(actor=request.user, organization=org,
                                         reason=form.cleaned_data.get("reason", ""), **data)
            messages.success(request, _("Organisation saved."))
            return redirect("organizations:org-detail", pk=org.pk)
    return render(request, "core/form_page.html", {"form": form, "title": _("Edit %(name)s") % {"name": org.name}})


@login_required
def org_move(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_scoped_or_404(Organization, request.user, "manage_org", pk=pk)
    parents = (restrict(Organization.objects.filter(is_active=True), request.user, "manage_org")
               .exclude(path__under=org.path).exclude(kind=OrgKind.BRANCH).order_by("path"))
    form = MoveForm(request.POST or None, parents=parents)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            services.organization_move(actor=request.user, organization=org, **form.cleaned_data)
            messages.success(request, _("Organisation moved."))
            return redirect("organizations:org-detail", pk=org.pk)
    return render(request, "core/form_page.html", {"form": form, "title": _("Move %(name)s") % {"name": org.name}})


@login_required
def org_archive(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_scoped_or_404(Organization, request.user, "manage_org", pk=pk, is_active=True)
    form = ReasonForm(request.POST or None, submit_label=_("Archive"))
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            services.organization_archive(actor=request.user, organization=org, reason=form.cleaned_data["reason"])
            messages.success(request, _("Organisation archived. Its history is kept."))
            return redirect("organizations:org-detail", pk=org.pk)
    return render(request, "core/confirm.html", {
        "form": form, "title": _("Archive %(name)s") % {"name": org.name}, "danger": True,
        "message": _("An archived organisation no longer takes part in new campaigns; its records and history stay. It can be restored."),
    })


@login_required
def org_restore(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_scoped_or_404(Organization, request.user, "manage_org", pk=pk, is_active=False)
    form = ReasonForm(request.POST or None, submit_label=_("Restore"), required=False)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            services.organization_restore(actor=request.user, organization=org, reason=form.cleaned_data["reason"])
            messages.success(request, _("Organisation restored."))
            return redirect("organizations:org-detail", pk=org.pk)
    return render(request, "core/confirm.html", {"form": form, "title": _("Restore %(name)s") % {"name": org.name}})


@login_required
def org_history(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_scoped_or_404(Organization, request.user, pk=pk)
    page = Paginator(history_for(org), 50).get_page(request.GET.get("page"))
    return render(request, "organizations/history.html", {"org": org, "page": page, "rows": describe_all(page.object_list)})


@login_required
def org_export(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_scoped_or_404(Organization, request.user, pk=pk)
    buffer = io.BytesIO()
    write_table(buffer, title=org.name, columns=importers.COLUMNS, rows=importers.export_rows(org, request.user),
                sheet_name=_("Organisations"), title_row=False)
    stamp = timezone.localtime().strftime("%Y%m%d")
    return _xlsx_response(buffer.getvalue(), f"{org.name}-组织列表-{stamp}.xlsx")


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    if not restrict(Organization.objects.all(), request.user, "manage_org").exists():
        raise Http404
    data = template_bytes(title=_("Organisations"), columns=importers.COLUMNS, example=importers.EXAMPLE)
    return _xlsx_response(data, "组织导入模板.xlsx")


@login_required
def org_import(request: HttpRequest, pk: int) -> HttpResponse:
    root = get_scoped_or_404(Organization, request.user, "manage_org", pk=pk, is_active=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    run = None
    if request.method == "POST" and form.is_valid():
        run = import_start(actor=request.user, kind="organizations", organization=root, target=f"org:{root.pk}",
                           upload=form.cleaned_data["file"])
        if run.background:
            messages.info(request, _("The file is large; it is imported in the background. This page shows how far it is."))
            return redirect("core:import-run", pk=run.pk)
        if run.status == ImportStatus.DONE:
            messages.success(request, run.summary)
            return redirect("organizations:org-detail", pk=root.pk)
    errors = run_errors(run) if run else []
    return render(request, "organizations/import.html", {"form": form, "root": root, "run": run, "errors": errors[:300],
                                                         "error_count": run.error_count if run else 0})


# --- Accounts -----------------------------------------------------------------------------------

@login_required
def account_list(request: HttpRequest) -> HttpResponse:
    if not restrict(Organization.objects.all(), request.user, "manage_users").exists():
        raise Http404
    query = request.GET.get("q", "").strip()[:50]
    accounts = accounts_for(request.user)
    if query:
        from django.db.models import Q

        accounts = accounts.filter(Q(username__icontains=query) | Q(first_name__icontains=query))
    page = Paginator(accounts, 30).get_page(request.GET.get("page"))
    return render(request, "organizations/account_list.html", {"page": page, "query": query})


@login_required
def account_create(request: HttpRequest) -> HttpResponse:
    manageable = restrict(Organization.objects.filter(is_active=True), request.user, "manage_users").order_by("path")
    roles: set[str] = set()
    for grant in grants(request.user):
        roles |= ASSIGNABLE_ROLES.get(grant.role, frozenset())
    if not roles:
        raise Http404
    kinds: set[str] = set()
    if roles & {Role.COUNTY_REVIEWER, Role.COUNTY_ADMIN}:
        kinds.add(OrgKind.COUNTY)  # the county administrator's accounts (docs/rules.md §1)
    if Role.TOWNSHIP_STAFF in roles:
        kinds |= {OrgKind.TOWNSHIP, OrgKind.COMMITTEE}
    if Role.BRANCH_SECRETARY in roles:
        kinds |= {OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH}
    targets = manageable.filter(kind__in=kinds)
    initial = {}
    if pk_param(request.GET, "org"):
        initial["organization"] = pk_param(request.GET, "org")
    form = AccountCreateForm(request.POST or None, organizations=targets, roles=roles, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            services.user_create_with_role(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Account %(name)s created. Give the person the login name and the initial password.")
                             % {"name": form.cleaned_data["username"]})
            return redirect("organizations:account-list")
    return render(request, "core/form_page.html", {"form": form, "title": _("New account")})


@login_required
def account_password(request: HttpRequest, pk: int) -> HttpResponse:
    account = accounts_for(request.user).filter(pk=pk).first()
    if account is None or not services.can_manage_account(request.user, account):
        raise Http404
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_reset_password(actor=request.user, user=account, new_password=form.cleaned_data["new_password"])
        except ValidationError as exc:
            form.add_error("new_password", exc.messages)
        else:
            messages.success(request, _("Password of %(name)s reset.") % {"name": account.username})
            return redirect("organizations:account-list")
    return render(request, "core/form_page.html", {"form": form, "title": _("Reset password of %(name)s") % {"name": account.username}})


@login_required
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    grant = get_scoped_or_404(OrgRole.objects.select_related("user", "organization"), request.user, "manage_users", pk=pk)
    if grant.role not in assignable_roles(request.user, grant.organization):
        raise Http404
    form = ReasonForm(request.POST or None, submit_label=_("Remove role"), required=False)
    if request.method == "POST" and form.is_valid():
        services.role_revoke(actor=request.user, grant=grant, reason=form.cleaned_data["reason"])
        messages.success(request, _("Role removed."))
        return redirect("organizations:account-list")
    return render(request, "core/confirm.html", {
        "form": form, "danger": True, "title": _("Remove role"),
        "message": _("%(user)s will no longer be %(role)s of %(org)s.") % {
            "user": grant.user.get_full_name() or grant.user.username, "role": grant.get_role_display(), "org": grant.organization.name},
    })
