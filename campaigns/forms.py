"""Forms for campaigns and rule sets."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Campaign, QuorumRule, RuleSet
from core.bounds import COUNTER, Bound, formfield_with_bounds
from core.rulesettings import REGISTRY


class DateInput(forms.DateInput):
    input_type = "date"


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["year", "name", "scope", "ruleset", "survey_start", "survey_due", "classification_start",
                  "classification_due", "upgrade_start", "upgrade_due", "summary_start", "summary_due"]
        formfield_callback = formfield_with_bounds
        widgets = {f: DateInput(format="%Y-%m-%d") for f in
                   ["survey_start", "survey_due", "classification_start", "classification_due", "upgrade_start",
                    "upgrade_due", "summary_start", "summary_due"]}

    def __init__(self, *args: Any, scopes: Any, rulesets: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = scopes
        self.fields["ruleset"].queryset = rulesets
        if self.instance.pk:
            self.fields["scope"].disabled = True
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))


class RuleSetCopyForm(forms.Form):
    name = forms.CharField(label=_("Name of the copy"), max_length=100)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None)

    def __init__(self, *args: Any, owners: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Copy")))


# Rule-set numbers (days, counts, points, percentages) are never negative; the rules say how large.
SETTING_DECIMAL = Bound(Decimal("0"), Decimal("100000"))


class RuleSetValuesForm(forms.Form):
    """One field per registered setting, built from the registry."""

    def __init__(self, *args: Any, ruleset: RuleSet, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for key, setting in sorted(REGISTRY.items(), key=lambda kv: (str(kv[1].group), kv[0])):
            initial = ruleset.setting(key)
            help_text = f"{setting.help} {_('Default')}: {setting.default} · {setting.source}".strip()
            if setting.kind == "int":
                field: forms.Field = COUNTER.form_field(forms.IntegerField(label=setting.label, initial=initial, help_text=help_text))
            elif setting.kind == "decimal":
                field = SETTING_DECIMAL.form_field(
                    forms.DecimalField(label=setting.label, initial=initial, help_text=help_text, decimal_places=2, max_digits=8))
            elif setting.kind == "bool":
                field = forms.BooleanField(label=setting.label, initial=initial, help_text=help_text, required=False)
            elif setting.kind == "choice":
                field = forms.ChoiceField(label=setting.label, initial=initial, help_text=help_text, choices=setting.choices)
            else:
                field = forms.CharField(label=setting.label, initial=initial, help_text=help_text, required=False, widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[key] = field
        self.fields["classification_standards"] = forms.CharField(
            label=_("Classification standards"), initial=ruleset.classification_standards, required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
        )
        self.fields["reason"] = forms.CharField(label=_("Reason for the change"), max_length=500)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))


class QuorumRuleForm(forms.ModelForm):
    reason = forms.CharField(label=_("Reason for the change"), max_length=500)

    class Meta:
        model = QuorumRule
        fields = ["min_total", "min_masses_percent", "min_entitled_percent", "may_invite_service_recipients",
                  "invite_when_below", "service_recipients_count_as_masses", "count_only_non_party"]
        formfield_callback = formfield_with_bounds

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))
