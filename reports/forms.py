"""Forms of the reports app: what a page posts to request a report run."""
from __future__ import annotations

from django import forms

from core.bounds import STARS, YEAR
from core.queryparams import PK, QueryForm
from core.report_kinds import REPORTS
from organizations.choices import Domain
from ratings.classification.models import ClassificationState, Level


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


class OrgFilterForm(QueryForm):
    """The filters of the dashboard's organisation list and export (``?group=&domain=&state=&level=&stars=
    &overdue=&year=``): a value that is not one of the choices is no filter, never a 500."""

    group = forms.IntegerField(required=False, min_value=PK.low, max_value=PK.high)
    domain = forms.ChoiceField(required=False, choices=Domain.choices)
    state = forms.ChoiceField(required=False, choices=[("not_started", "")] + list(ClassificationState.choices))
    level = forms.ChoiceField(required=False, choices=Level.choices)
    stars = forms.ChoiceField(required=False, choices=[("none", "")] + [(str(n), str(n)) for n in range(STARS.low, STARS.high + 1)])
    overdue = forms.ChoiceField(required=False, choices=[("1", "")])
    year = forms.IntegerField(required=False, min_value=YEAR.low, max_value=YEAR.high)
