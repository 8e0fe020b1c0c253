"""Report kinds: a builder gives the rows (what), the reports app's renderers give the format (how).

The registry lives in core so that every app can offer a document without importing the reports app
(the top floor). An app registers its kinds in its module ``<app>/report_kinds.py``, imported at
start-up by ``autodiscover`` (``CoreConfig.ready``):

    register(ReportKind(key="roster", label=_("Organisation roster"), build=build_roster))

The app's pages then link to the reports app's request view (``{% url 'reports:run-request' %}``,
POST ``kind``, ``fmt``, ``organization`` and the kind's own parameters). The reports app checks the
organisation against the requester's scope for ``action``, reads the kind's parameters with
``params(user, organization, data)`` (which may raise ``ValidationError``, ``Http404`` or
``PermissionDenied``), queues the run, and later calls ``build(run, progress)``; the builder reads
``run.organization``, ``run.requested_by`` and ``run.params`` and checks the scope of anything else
it reads (``organizations.scope``), since a run is rendered long after the request.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .registry import autodiscover as _autodiscover
from .xlsx import Column

MODULE = "report_kinds"


@dataclass
class ReportData:
    """What a builder returns: a titled table (and optional extra blocks for the PDF template)."""

    title: str
    organization_name: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]
    subtitle: str = ""
    year: int | None = None
    totals: Sequence[Any] | None = None
    notes: Sequence[str] = ()
    signatures: Sequence[str] = ()
    landscape: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


ParamsReader = Callable[[Any, Any, Mapping[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class ReportKind:
    key: str
    label: Any
    build: Callable[[Any, Callable[[int], None]], ReportData]
    formats: tuple[str, ...] = ("pdf", "xlsx")
    action: str = "report"  # the scope action the requester needs on the run's organisation
    pdf_template: str = "reports/pdf/table.html"
    # (user, organization, request data) -> the run's params; None: the kind takes no parameters
    params: ParamsReader | None = None
    # a document rendered in parts over the workers: (run, progress) -> (parts, filename, join) for the reports
    # app's chunked_pdf_start (reports/chunks.py); ``build`` is then not called
    chunked: Callable[[Any, Callable[[int], None]], tuple[list[dict[str, Any]], str, str]] | None = None

    def read_params(self, user: Any, organization: Any, data: Mapping[str, Any]) -> dict[str, Any]:
        return self.params(user, organization, data) if self.params is not None else {}


REPORTS: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> ReportKind:
    REPORTS[kind.key] = kind
    return kind


def get(key: str) -> ReportKind | None:
    return REPORTS.get(key)


def autodiscover() -> None:
    _autodiscover(MODULE)


def int_param(data: Mapping[str, Any], name: str) -> int | None:
    """An optional whole-number parameter; a value that is not one is refused (ValidationError)."""
    value = data.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("Unknown report or format."))


def year_param(user: Any, organization: Any, data: Mapping[str, Any]) -> dict[str, Any]:
    """The ``year`` of a yearly report, when the page sends one (the builder defaults to this year)."""
    year = int_param(data, "year")
    if year is not None and not 2000 <= year <= 2100:
        raise ValidationError(_("Unknown report or format."))
    return {"year": year} if year is not None else {}
