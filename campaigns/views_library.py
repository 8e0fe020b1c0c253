"""The evidence library of an organisation for a campaign (campaigns/library.py): every file entered
once, with every place it is used. Reads only; files come in through the apps' upload forms."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from organizations.models import Organization
from organizations.scope import get_scoped_or_404

from .library import library_files
from .models import LibraryFile
from .selectors import campaign_covering, campaign_for_request


@login_required
def library(request: HttpRequest, org_pk: int) -> HttpResponse:
    org = get_scoped_or_404(Organization, request.user, pk=org_pk)
    campaign = campaign_for_request(request)
    if campaign is None:
        from django.utils import timezone

        campaign = campaign_covering(org, timezone.localdate().year)
    if campaign is None:
        raise Http404
    files = list(library_files(campaign, org))
    return render(request, "campaigns/library.html", {"org": org, "campaign": campaign, "files": files})


@login_required
def library_download(request: HttpRequest, pk: int) -> FileResponse:
    lib = get_scoped_or_404(LibraryFile, request.user, "view", via="organization", pk=pk)
    return FileResponse(lib.file.open("rb"), as_attachment=True, filename=lib.name)
