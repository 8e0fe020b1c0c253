"""The branch's member list from Excel, as a run of the shared import (core/imports.py): every problem
of the file at once with its row and column, the workbook handed back with the bad cells marked, large
files in the background, and nothing written unless the whole file is right."""
from __future__ import annotations

from typing import Any, Callable

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.imports import ImportKind, register
from organizations.scope import can

from . import services


def _execute(run: Any, data: bytes, progress: Callable[[int], None]) -> str:
    added, kept = services.members_import(actor=run.requested_by, organization=run.organization, upload=data,
                                          progress=progress)
    return _("%(added)d members added, %(kept)d already listed.") % {"added": added, "kept": kept}


def _done_url(run: Any) -> str:
    return reverse("members:branch", args=[run.organization_id])


register(ImportKind(
    key="members", label=gettext_lazy("Party member list"), execute=_execute,
    allowed=lambda user, run: can(user, "enter", run.organization),
    done_url=_done_url,
))
