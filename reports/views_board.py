"""The township board page and its one-page PDF (reports/board.py)."""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from organizations.models import Organization
from organizations.scope import get_scoped_or_404

from .board import BoardFilter, board_rows
from .selectors import scoped_branches


def _board(request: HttpRequest, org_pk: int):
    root = get_scoped_or_404(Organization, request.user, pk=org_pk)
    if root.kind == "branch":
        raise Http404
    f = BoardFilter(request.GET or None, queryset=scoped_branches(request.user, root).order_by("path"))
    orgs = list(f.qs) if f.is_bound and f.is_valid() else list(f.queryset)
    statuses, rows = board_rows(orgs)
    return root, f, statuses, rows


@login_required
def township_board(request: HttpRequest, org_pk: int) -> HttpResponse:
    root, f, statuses, rows = _board(request, org_pk)
    return render(request, "reports/board.html", {"root": root, "filter": f, "statuses": statuses, "rows": rows,
                                                  "query": request.GET.urlencode()})


@login_required
def township_board_pdf(request: HttpRequest, org_pk: int) -> HttpResponse:
    from weasyprint import HTML

    root, f, statuses, rows = _board(request, org_pk)
    html = render_to_string("reports/pdf/board.html", {
        "root": root, "statuses": statuses, "rows": rows, "generated": timezone.localtime(),
        "font_dir": settings.PDF_FONT_DIR.as_uri(), "small": len(rows) > 40,
    })
    data = HTML(string=html, base_url=str(settings.PDF_FONT_DIR)).write_pdf()
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="board-{root.pk}.pdf"'
    return response
