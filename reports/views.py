"""The download centre: the user's own runs, live progress (htmx polling) and scope-checked downloads."""
from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations.models import Organization
from organizations.scope import get_scoped_or_404, restrict

from core.report_kinds import REPORTS

from .forms import RunRequestForm
from .models import ReportRun, RunStatus
from .selectors import ledger_requests_for
from .services import report_run_request, report_run_rerun, report_runs_fail_stale


CONTENT_TYPES = {"pdf": "application/pdf", "zip": "application/zip",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def runs_for(user: object):
    """The user's own runs, and only those whose organisation is still inside the user's scope."""
    return restrict(ReportRun.objects.filter(requested_by=user), user, "report").select_related("organization")


@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    report_runs_fail_stale()
    page = Paginator(runs_for(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "reports/run_list.html", {"page": page, "reports": REPORTS,
                                                     "retention_days": settings.REPORT_RETENTION_DAYS,
                                                     "ledger": ledger_requests_for(request.user)})


@login_required
@require_POST
def run_request(request: HttpRequest) -> HttpResponse:
    """Queue a run of any registered report kind: the apps' pages post here (``kind``, ``fmt``,
    ``organization`` and the kind's own parameters, read by ``ReportKind.read_params``). The requester
    needs the kind's action on the organisation; the kind's reader checks its own parameters."""
    form = RunRequestForm(request.POST)
    if not form.is_valid():
        raise Http404
    kind, fmt = form.cleaned_data["kind"], form.cleaned_data["fmt"]
    report = REPORTS[kind]
    organization = get_scoped_or_404(Organization, request.user, report.action, pk=form.cleaned_data["organization"])
    data = {**request.GET.dict(), **request.POST.dict()}
    try:
        params = report.read_params(request.user, organization, data)
        run = report_run_request(actor=request.user, kind=kind, fmt=fmt, organization=organization, params=params)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:run-list")
    if run.status == RunStatus.FAILED:
        messages.error(request, run.error)
    else:
        messages.info(request, _("The report is being prepared; it appears below when it is ready."))
    return redirect(f"{reverse_run_list()}?new={run.pk}")


def reverse_run_list() -> str:
    from django.urls import reverse

    return reverse("reports:run-list")


@login_required
def run_status(request: HttpRequest, pk: int) -> HttpResponse:
    """One row of the run list; htmx polls it while the run is queued or running."""
    run = runs_for(request.user).filter(pk=pk).first()
    if run is None:
        raise Http404
    response = render(request, "reports/_run_row.html", {"run": run})
    if run.is_finished:
        response["HX-Trigger"] = "report-finished"
    return response


@login_required
def run_download(request: HttpRequest, pk: int) -> HttpResponse:
    run = runs_for(request.user).filter(pk=pk, status=RunStatus.DONE).first()
    if run is None or not run.file:
        raise Http404
    content_type = CONTENT_TYPES.get(run.fmt, "application/octet-stream")
    return FileResponse(run.file.open("rb"), as_attachment=True, filename=run.filename, content_type=content_type)


@login_required
@require_POST
def run_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    """Run the same report again (e.g. after a failure, or to get today's state)."""
    run = runs_for(request.user).filter(pk=pk).first()
    if run is None:
        raise Http404
    new = report_run_rerun(actor=request.user, run=run)
    messages.info(request, _("The report is being prepared again."))
    return redirect(f"{reverse_run_list()}?new={new.pk}")
