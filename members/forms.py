"""Forms of the member evaluation: parse input into domain values; no business decisions."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.paper import mark_tally_fields
from core.uploads import CheckedFileField

from .choices import Ballot, Grade


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=40)


class ImportForm(forms.Form):
    file = CheckedFileField(label=_("Excel file with a column 姓名"), allowed=("xlsx",))


class OpenForm(forms.Form):
    party_codes = forms.IntegerField(label=_("Codes for party members"), min_value=0, max_value=500, initial=0)
    masses_codes = forms.IntegerField(label=_("Codes for masses representatives"), min_value=0, max_value=500, initial=0)


class PaperForm(forms.Form):
    """One ballot's paper tally: the number of papers, then per member and grade the votes counted."""

    ballot = forms.ChoiceField(label=_("Ballot"), choices=Ballot.choices, widget=forms.Select(attrs={"class": "form-select"}))
    papers = forms.IntegerField(label=_("Paper ballots counted"), min_value=1, max_value=500,
                                widget=forms.NumberInput(attrs={"class": "form-control jw-w-6em"}))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for m in self.members:
            for g, label in Grade.choices:
                self.fields[f"m{m.pk}_{g}"] = forms.IntegerField(label=f"{m.name}：{label}", min_value=0, max_value=500,
                                                                  required=False,
                                                                  widget=forms.NumberInput(attrs={"class": "form-control form-control-sm px-1"}))
        # The fast keyboard entry (core/paper.py, static/js/paper_tally.js): one pad per member, keys 1–5
        # in the order of the grades' boxes on the blank paper.
        mark_tally_fields(self, {m.name: [f"m{m.pk}_{g}" for g, _l in Grade.choices] for m in self.members})

    def tallies(self) -> dict[int, dict[str, int]]:
        return {m.pk: {g: self.cleaned_data.get(f"m{m.pk}_{g}") or 0 for g, _l in Grade.choices} for m in self.members}

    def grid(self):
        return [(m, [self[f"m{m.pk}_{g}"] for g, _l in Grade.choices]) for m in self.members]


class HandlingForm(forms.Form):
    handling = forms.CharField(label=_("Organisational handling"), widget=forms.Textarea(attrs={"rows": 2}))
