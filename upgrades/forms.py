"""Forms of the upgrade phase: parse input into domain values; no business decisions."""
from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.choices import ParticipantCategory
from core.bounds import PEOPLE, YEAR, Bound
from core.paper import mark_tally_fields
from campaigns.forms_library import LibraryPickMixin
from core.uploads import CheckedFileField
from ratings.classification.models import Level

from .models import HonourLevel, MeasureStatus
from .services import EVIDENCE_TYPES, MAX_CODES

STARS = [("", "—")] + [(str(i), str(i)) for i in range(1, 6)]


def _helper(label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class CommitmentForm(forms.Form):
    target_level = forms.ChoiceField(label=_("Target level"), choices=Level.choices)
    target_stars = forms.TypedChoiceField(label=_("Target stars"), choices=STARS, coerce=int, empty_value=None, required=False)
    problems = forms.CharField(label=_("Problems found in the survey"), widget=forms.Textarea(attrs={"rows": 5}), required=False,
                               help_text=_("Quoted from the branch's special survey report; edit to pick what the measures address."))
    opinions_heard = forms.CharField(label=_("How member and masses opinions were heard"), widget=forms.Textarea(attrs={"rows": 3}),
                                     required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))


class MeasureForm(forms.Form):
    what = forms.CharField(label=_("Measure"), widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.CharField(label=_("Responsible"), max_length=60)
    due = forms.DateField(label=_("Due by"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Add measure"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(label or _("Confirm"))


class UploadForm(forms.Form):
    file = CheckedFileField(label=_("File"), allowed=EVIDENCE_TYPES)


class EvidenceForm(LibraryPickMixin, forms.Form):
    file = CheckedFileField(label=_("Evidence file"), allowed=EVIDENCE_TYPES)
    measures = forms.MultipleChoiceField(label=_("Backs the measures"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, measures=(), campaign=None, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measures"].choices = [(str(m.pk), m.what[:60]) for m in measures]
        self.library_pick(campaign, organization, allowed=EVIDENCE_TYPES)  # enter once: a file already in the library


class PledgeForm(forms.Form):
    member_name = forms.CharField(label=_("Member"), max_length=40)
    text = forms.CharField(label=_("Commitment"), max_length=300)


class MeasureStatusForm(forms.Form):
    status = forms.ChoiceField(choices=MeasureStatus.choices)


class HonourForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    year = forms.IntegerField(label=_("Year"))
    level = forms.ChoiceField(label=_("Honour level"), choices=HonourLevel.choices)
    title = forms.CharField(label=pgettext_lazy("honour", "Title"), max_length=200)
    issuer = forms.CharField(label=_("Issued by"), max_length=120)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        YEAR.form_field(self.fields["year"])
        self.fields["organization"].queryset = organizations
        self.helper = _helper(_("Record honour"))


class SelfCheckForm(forms.Form):
    report = forms.CharField(label=_("Self-check report"), widget=forms.Textarea(attrs={"rows": 5}))
    meeting_date = forms.DateField(label=_("Member evaluation meeting date"), widget=forms.DateInput(attrs={"type": "date"}))
    party_members = forms.IntegerField(label=_("Party members present"), min_value=0)
    entitled = forms.IntegerField(label=_("Delegates entitled to attend"), min_value=1, required=False)
    initial_level = forms.ChoiceField(label=_("Initial re-rating"), choices=Level.choices)

    def __init__(self, *args, assembly: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        PEOPLE.form_field(self.fields["party_members"])
        if assembly:
            # 党员大会: every member is entitled; the number comes from the organisation (seed 000 §五(一))
            del self.fields["entitled"]
        else:
            self.fields["entitled"].required = True
            Bound(1, PEOPLE.high).form_field(self.fields["entitled"])
        self.helper = _helper(_("Save self-check"))

    def clean(self):
        data = super().clean()
        present, entitled = data.get("party_members"), data.get("entitled")
        if present is not None and entitled is not None and present > entitled:
            self.add_error("party_members", _("Party members present (%(n)s) are more than the %(entitled)s entitled "
                                              "to attend.") % {"n": present, "entitled": entitled})
        return data


class SatisfactionForm(forms.Form):
    """Attendance and ballot counters per category (no names)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in ParticipantCategory.choices:
            self.fields[f"att_{value}"] = PEOPLE.form_field(
                forms.IntegerField(label=_("%(cat)s present") % {"cat": label}, initial=0))
            for key, text in (("satisfied", _("satisfied")), ("basically", _("basically satisfied")),
                              ("dissatisfied", _("dissatisfied"))):
                self.fields[f"{value}_{key}"] = PEOPLE.form_field(forms.IntegerField(label=f"{label}：{text}", initial=0))
        # The fast keyboard entry: one pad per category, keys in the order of the blank paper's boxes.
        mark_tally_fields(self, {label: [f"{value}_{k}" for k in ("satisfied", "basically", "dissatisfied")]
                                 for value, label in ParticipantCategory.choices})
        self.helper = _helper(_("Save satisfaction assessment"))

    def values(self) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
        d = self.cleaned_data
        att = {v: d[f"att_{v}"] for v in ParticipantCategory.values}
        counts = {v: {k: d[f"{v}_{k}"] for k in ("satisfied", "basically", "dissatisfied")} for v in ParticipantCategory.values}
        return att, counts


class BallotCodesForm(forms.Form):
    """How many one-time codes of each category the online satisfaction ballot opens with (no prefix:
    the year-end page names the inputs ``codes_<category>``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in ParticipantCategory.choices:
            self.fields[f"codes_{value}"] = Bound(0, MAX_CODES).form_field(
                forms.IntegerField(label=_("Codes for %(cat)s") % {"cat": label}, required=False))

    def codes(self) -> dict[str, int]:
        return {c: self.cleaned_data.get(f"codes_{c}") or 0 for c in ParticipantCategory.values}


class FixLevelForm(forms.Form):
    level = forms.ChoiceField(label=_("Year-end level"), choices=Level.choices)
    # no stars field: the year-end stars are the approved star rating's (docs/rules.md §13)
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Fix the level"))
