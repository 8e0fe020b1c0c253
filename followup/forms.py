"""Forms of the follow-through: parse input into domain values; no business decisions."""
from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.forms_library import LibraryPickMixin
from core.uploads import CheckedFileField
from upgrades.services import EVIDENCE_TYPES

from .choices import ExitBasis


def _helper(label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class DateInput(forms.DateInput):
    """The browser's date picker needs ISO dates, whatever the interface language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CaseOpenForm(forms.Form):
    problems = forms.MultipleChoiceField(label=_("Problems (from the survey report and the classification record)"),
                                         widget=forms.CheckboxSelectMultiple, required=False)
    situations = forms.MultipleChoiceField(label=_("Weak and lax situations that apply"),
                                           widget=forms.CheckboxSelectMultiple, required=False)
    deadline = forms.DateField(label=_("Transformation deadline"), widget=DateInput)
    leader = forms.CharField(label=_("Leader responsible (包联领导)"), max_length=60)
    first_secretary = forms.CharField(label=_("First secretary"), max_length=60, required=False)
    helper_organization = forms.ModelChoiceField(label=_("Paired helper organisation"), queryset=None, required=False)

    def __init__(self, *args, problems: list[str], situations: list[str], helpers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problems"].choices = [(p, p) for p in problems]
        self.fields["situations"].choices = [(s, s) for s in situations]
        self.fields["helper_organization"].queryset = helpers
        self.helper = _helper(_("Open the case"))


class CaseMeasureForm(forms.Form):
    what = forms.CharField(label=_("Measure"), widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.CharField(label=_("Responsible"), max_length=60)
    due = forms.DateField(label=_("Due by"), widget=DateInput)


class ProgressForm(forms.Form):
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    evidence_note = forms.CharField(label=_("Remark on the evidence"), max_length=300, required=False,
                                    help_text=_("Optional, e.g. the meeting minutes of 12 May; the files go in below."))


class MeasureEvidenceForm(LibraryPickMixin, forms.Form):
    """A new file, or one the organisation's evidence library already holds (enter once): the evidence
    forms' one mixin (campaigns/forms_library.py)."""

    file = CheckedFileField(label=_("Upload a file"), allowed=EVIDENCE_TYPES, required=False)

    def __init__(self, *args, campaign, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.library_pick(campaign, organization, allowed=EVIDENCE_TYPES)


class NoteForm(forms.Form):
    month = forms.DateField(label=_("Month"), widget=forms.DateInput(attrs={"type": "month"}),
                            input_formats=["%Y-%m", "%Y-%m-%d"])
    text = forms.CharField(label=_("Progress this month"), widget=forms.Textarea(attrs={"rows": 3}))


class ExitRequestForm(forms.Form):
    basis = forms.ChoiceField(label=_("Exit on the basis of"), choices=ExitBasis.choices, widget=forms.RadioSelect)
    record = forms.CharField(label=_("Record of the transformation"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Request the exit"))


class ExitDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect,
                                 choices=(("accept", _("Accept the exit (remove the cap)")), ("refuse", _("Refuse, keep transforming"))))
    reason = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Record the decision"))


class LineAgreementForm(forms.Form):
    targets = forms.CharField(label=_("Targets"), widget=forms.Textarea(attrs={"rows": 3}))
    measures = forms.CharField(label=_("Measures (one per line)"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))


class ScanForm(forms.Form):
    file = CheckedFileField(label=_("Signed scan (PDF or picture)"), allowed=("pdf", "jpg", "jpeg", "png"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
