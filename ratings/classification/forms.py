"""Forms of the classification: parse input; the services decide."""
from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.choices import ParticipantCategory
from core.bounds import PEOPLE, Bound, formfield_with_bounds
from core.paper import mark_tally_fields
from campaigns.forms_library import LibraryPickMixin
from core.uploads import CheckedFileField

from .models import Level, Meeting
from .services import ATTACHMENT_TYPES, MAX_CODES


def _helper(label: Any) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


def _bound_people(form: forms.Form) -> None:
    """Every number of a tally or a ballot counts people: bounded by core.bounds.PEOPLE."""
    for field in form.fields.values():
        if isinstance(field, forms.IntegerField):
            PEOPLE.form_field(field)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "place", "expected_party_members", "expected_masses", "expected_service_recipients",
                  "party_members", "masses", "service_recipients", "entitled", "minutes"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), "minutes": forms.Textarea(attrs={"rows": 4})}
        formfield_callback = formfield_with_bounds

    def __init__(self, *args: Any, step: int, kind: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if step != 2:
            del self.fields["entitled"]
        else:
            # Member meetings: party members (or delegates) only.
            for name in ("expected_masses", "expected_service_recipients", "masses", "service_recipients"):
                del self.fields[name]
            if kind == "member_assembly":
                del self.fields["entitled"]
            else:
                self.fields["entitled"].required = True
                self.fields["entitled"].label = _("Delegates entitled to attend")
                PEOPLE.form_field(self.fields["entitled"])  # the messages name the new label
        self.helper = _helper(_("Save meeting"))
        # Expected and present side by side, one row per category (short on a phone too).
        rows = [Row(Column("date", css_class="col-6"), Column("place", css_class="col-6"))]
        for expected, present in (("expected_party_members", "party_members"), ("expected_masses", "masses"),
                                  ("expected_service_recipients", "service_recipients")):
            if expected in self.fields:
                rows.append(Row(Column(expected, css_class="col-6"), Column(present, css_class="col-6")))
        if "entitled" in self.fields:
            rows.append("entitled")
        rows.append("minutes")
        self.helper.layout = Layout(*rows)


class RatingTallyForm(forms.Form):
    advanced = forms.IntegerField(label=_("Advanced"))
    average = forms.IntegerField(label=_("Average"))
    lagging = forms.IntegerField(label=_("Lagging"))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _bound_people(self)
        mark_tally_fields(self, {_("Paper ballots"): ("advanced", "average", "lagging")})
        self.helper = _helper(_("Enter totals"))


class DeliberationTallyForm(forms.Form):
    agree = forms.IntegerField(label=_("Agree"))
    disagree = forms.IntegerField(label=_("Disagree"))
    abstain = forms.IntegerField(label=_("Abstain"))
    spoiled = forms.IntegerField(label=_("Spoiled ballots"), initial=0)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _bound_people(self)
        mark_tally_fields(self, {_("Paper ballots"): ("agree", "disagree", "abstain", "spoiled")})
        self.helper = _helper(_("Enter totals"))


class AttachmentForm(LibraryPickMixin, forms.Form):
    file = CheckedFileField(label=_("File (PDF, JPG, PNG, DOCX, XLSX)"), allowed=ATTACHMENT_TYPES)

    def __init__(self, *args: Any, campaign: Any = None, organization: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.library_pick(campaign, organization, allowed=ATTACHMENT_TYPES)  # enter once: a file already in the library
        self.helper = _helper(_("Upload"))


class SelfRatingForm(forms.Form):
    level = forms.ChoiceField(label=pgettext_lazy("classification", "Proposed level"), choices=Level.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("Reasons (steps 1-2, the last three years' work, the annual assessment)"),
                              widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Submit the self-rating"))


class DecideForm(forms.Form):
    level = forms.ChoiceField(label=pgettext_lazy("classification", "Level"), choices=Level.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Decide the level"))


class TextForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, label: Any, submit: Any, required: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields["text"].required = required
        self.helper = _helper(submit)


class BallotOpenForm(forms.Form):
    party_member = forms.IntegerField(label=ParticipantCategory.PARTY_MEMBER.label, initial=0)
    masses = forms.IntegerField(label=ParticipantCategory.MASSES.label, initial=0)
    service_recipient = forms.IntegerField(label=ParticipantCategory.SERVICE_RECIPIENT.label, initial=0)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            Bound(0, MAX_CODES).form_field(field)  # the service's own limit on one session's codes
        self.helper = _helper(_("Generate codes and open the vote"))
