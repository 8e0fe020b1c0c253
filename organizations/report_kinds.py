"""Reports about the tree: the organisation roster (花名册) of a subtree."""
from __future__ import annotations

from typing import Any, Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.report_kinds import ReportData, ReportKind, register
from core.xlsx import Column

from .models import Organization
from .scope import restrict


def build_roster(run: Any, progress: Callable[[int], None]) -> ReportData:
    root = run.organization
    orgs = list(
        restrict(Organization.objects.filter(path__under=root.path), run.requested_by)
        .select_related("parent").order_by("path")
    )
    progress(60)
    rows = []
    for number, org in enumerate(orgs, start=1):
        indent = "　" * max(0, org.depth - root.depth)
        rows.append([
            number, f"{indent}{org.name}", org.parent.name if org.parent_id else "", org.get_kind_display(),
            org.get_domain_display(), org.member_count, org.secretary_name, org.secretary_phone,
            _("Active") if org.is_active else _("Archived"),
        ])
    members = sum(o.member_count for o in orgs if o.is_active)
    return ReportData(
        title=_("Organisation roster"),
        organization_name=root.name,
        columns=[
            Column(_("No."), 5), Column(_("Organisation"), 30), Column(_("Parent"), 18), Column(_("Type"), 8),
            Column(_("Domain"), 11), Column(_("Members"), 7, "0"), Column(_("Secretary"), 8),
            Column(_("Phone"), 15), Column(_("Status"), 7),
        ],
        rows=rows,
        totals=["", _("Total: %(n)d organisations") % {"n": len(orgs)}, "", "", "", members, "", "", ""],
        signatures=[_("Prepared by"), _("Reviewed by"), _("Seal")],
    )


register(ReportKind(key="roster", label=gettext_lazy("Organisation roster"), build=build_roster))
