"""Forms: parse and validate input into domain values; crispy layout; no business decisions."""
from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.choices import Activity
from campaigns.forms_library import LibraryPickMixin
from core.choices import ParticipantCategory
from core.bounds import ORDER, Bound, bound_model_form
from core.uploads import CheckedFileField, CheckedMultipleFileField

from .choices import ParticipantLabel, QuestionKind, RecordKind, Topic
from .models import REPORT_SECTIONS, SurveyRecord
from .services import ATTACHMENT_TYPES, MAX_CODES_PER_BATCH


def _helper(label: str, multipart: bool = False) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    if multipart:
        helper.attrs = {"enctype": "multipart/form-data"}
    return helper


class RoundForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=None)
    activity = forms.ChoiceField(label=_("Activity"), choices=[
        (Activity.QUESTIONNAIRE.value, Activity.QUESTIONNAIRE.label),
        (Activity.MASSES_ASSESSMENT.value, Activity.MASSES_ASSESSMENT.label)])
    template = forms.ModelChoiceField(label=_("Questionnaire"), queryset=None,
                                      help_text=_("Leave empty to use the built-in questionnaire of the organisation's category."),
                                      required=False)
    title = forms.CharField(label=_("Title"), max_length=120, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, orgs, campaigns, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = orgs
        self.fields["campaign"].queryset = campaigns
        self.fields["template"].queryset = templates
        self.helper = _helper(_("Create round"))


class CodesForm(forms.Form):
    party_member = forms.IntegerField(label=_("Party members"), initial=0)
    masses = forms.IntegerField(label=_("Ordinary masses"), initial=0)
    service_recipient = forms.IntegerField(label=_("Service recipients"), initial=0,
                                           help_text=_("Only where the rule allows service recipients."))
    label = forms.ChoiceField(label=_("Label (optional)"), choices=ParticipantLabel.choices, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("party_member", "masses", "service_recipient"):
            Bound(0, MAX_CODES_PER_BATCH).form_field(self.fields[name])
        self.helper = _helper(_("Make codes"))


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    section = forms.CharField(label=_("Section"), max_length=60, required=False)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices, required=False)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    options = forms.CharField(label=_("Options (one per line)"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    order = forms.IntegerField(label=_("Order"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        Bound(1, ORDER.high).form_field(self.fields["order"])
        self.helper = _helper(_("Save"))

    def clean_options(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("options", "").splitlines() if line.strip()]


class TemplateCopyForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Owner organisation"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=120)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.helper = _helper(_("Copy"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, submit_label=_("Confirm"), required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        self.helper = _helper(submit_label)


class ExcelForm(forms.Form):
    file = CheckedFileField(label=_("Excel file (.xlsx)"), allowed=["xlsx"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Check and import"), multipart=True)


class RecordForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    kind = forms.ChoiceField(label=_("Method"), choices=RecordKind.choices)
    title = forms.CharField(label=_("Title"), max_length=120)
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    heard_party_members = forms.IntegerField(label=_("Party members heard"), initial=0)
    heard_masses = forms.IntegerField(label=_("Masses heard"), initial=0)
    heard_service_recipients = forms.IntegerField(label=_("Service recipients heard"), initial=0)
    heard_labels = forms.MultipleChoiceField(label=_("Groups heard"), required=False, widget=forms.CheckboxSelectMultiple,
                                             choices=[c for c in ParticipantLabel.choices if c[0]])
    content = forms.CharField(label=_("What was said"), widget=forms.Textarea(attrs={"rows": 6}))
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    files = CheckedMultipleFileField(label=_("Attachments (PDF, JPG, PNG, DOCX, XLSX)"), allowed=ATTACHMENT_TYPES,
                                     required=False)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        bound_model_form(self, SurveyRecord)
        self.fields["organization"].queryset = orgs
        self.helper = _helper(_("Save"), multipart=True)


class RecordAttachmentForm(LibraryPickMixin, forms.Form):
    file = CheckedFileField(label=_("File (PDF, JPG, PNG, DOCX, XLSX)"), allowed=ATTACHMENT_TYPES)

    def __init__(self, *args, campaign=None, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.library_pick(campaign, organization, allowed=ATTACHMENT_TYPES)  # enter once: a file already in the library
        self.helper = _helper(_("Attach"), multipart=True)


class ReportForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field, title, hint in REPORT_SECTIONS:
            self.fields[field] = forms.CharField(label=title, help_text=hint, required=False,
                                                 widget=forms.Textarea(attrs={"rows": 5}))
        self.helper = FormHelper()
        self.helper.form_tag = False


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("accept", _("Accept")), ("return", _("Return for revision"))],
                                 widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, may_accept: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_accept:  # four eyes: whoever wrote or submitted the report may only return it
            self.fields["decision"].choices = [c for c in self.fields["decision"].choices if c[0] != "accept"]
        self.helper = _helper(_("Save review"))


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class SummaryForm(forms.Form):
    overview = forms.CharField(label=_("Overall situation"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    common_problems = forms.CharField(label=_("Common problems"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    measures = forms.CharField(label=_("Next steps"), widget=forms.Textarea(attrs={"rows": 5}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))


CATEGORY_CHOICES = ParticipantCategory.choices


# ---------------------------------------------------------------- survey teams (seed 000 §二(三), 附件1)

ROSTER_HELP = _("One person a line: name, a space, then the post, as in the seed's list (王旭兵 乡党委副书记).")


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=80)
    covers = forms.ModelMultipleChoiceField(label=_("Organisations covered"), queryset=None,
                                            widget=forms.CheckboxSelectMultiple)
    leaders = forms.CharField(label=_("Team leader (组长)"), widget=forms.Textarea(attrs={"rows": 1}), help_text=ROSTER_HELP)
    deputies = forms.CharField(label=_("Deputy team leaders (副组长)"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    members = forms.CharField(label=_("Team members (成员)"), widget=forms.Textarea(attrs={"rows": 5}), required=False)

    def __init__(self, *args, covers, submit_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["covers"].queryset = covers
        self.helper = _helper(submit_label)


class TeamReportForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import TEAM_REPORT_SECTIONS

        for field, title, hint in TEAM_REPORT_SECTIONS:
            self.fields[field] = forms.CharField(label=title, help_text=hint, required=False,
                                                 widget=forms.Textarea(attrs={"rows": 5}))
        self.helper = FormHelper()
        self.helper.form_tag = False


class TeamDecisionForm(forms.Form):
    reason = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)
