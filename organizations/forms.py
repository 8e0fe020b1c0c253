"""Forms of the organisation tree and accounts: parse input; the services decide."""
from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from core.bounds import formfield_with_bounds
from core.uploads import CheckedFileField

from .choices import Role
from .models import Organization


def _helper(label: Any) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class OrganizationForm(forms.ModelForm):
    reason = forms.CharField(label=_("Reason for the change"), max_length=500, required=False)

    class Meta:
        model = Organization
        fields = ["name", "kind", "domain", "is_county_organ_committee", "member_count", "secretary_name", "secretary_phone",
                  "founded_on"]
        widgets = {"founded_on": forms.DateInput(attrs={"type": "date"})}
        formfield_callback = formfield_with_bounds

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autofocus"] = True
        self.helper = _helper(_("Save"))


class MoveForm(forms.Form):
    new_parent = forms.ModelChoiceField(label=_("New parent organisation"), queryset=None)
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args: Any, parents: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = parents
        self.helper = _helper(_("Move"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, submit_label: Any = None, required: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        self.helper = _helper(submit_label or _("Confirm"))


class ImportForm(forms.Form):
    file = CheckedFileField(label=_("Excel file (.xlsx)"), allowed=["xlsx"])

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Check and import"))


class AccountCreateForm(forms.Form):
    username = forms.RegexField(label=_("Login name"), max_length=150, regex=r"^[A-Za-z0-9_.-]+$",
                                help_text=_("Letters, digits, dot, dash and underscore."))
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=())
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput, help_text=password_validators_help_text_html())

    def __init__(self, *args: Any, organizations: Any, roles: set[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["role"].choices = [(r.value, r.label) for r in Role if r.value in roles]
        self.helper = _helper(_("Create account"))


class PasswordResetForm(forms.Form):
    new_password = forms.CharField(label=_("New password"), widget=forms.PasswordInput,
                                   help_text=password_validators_help_text_html())

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Set password"))
