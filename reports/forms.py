"""Forms of the reports app: what a page posts to request a report run."""
from __future__ import annotations

from django import forms

from core.report_kinds import REPORTS


class RunRequestForm(forms.Form):
    """``kind``, ``fmt`` and ``organization`` of a run request; the kind's own parameters are read by
    ``ReportKind.read_params``. Anything malformed is a 404 for the view (a page never builds it)."""

    kind = forms.CharField(max_length=40)
    fmt = forms.CharField(max_length=8)  # the service says which formats the kind offers
    organization = forms.IntegerField(min_value=1, max_value=2**31 - 1)

    def clean_kind(self) -> str:
        kind = self.cleaned_data["kind"]
        if kind not in REPORTS:
            raise forms.ValidationError("unknown report kind")
        return kind
