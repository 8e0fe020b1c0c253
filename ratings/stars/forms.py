"""Forms of the star part: parse input into domain values; no business decisions."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.bounds import POINTS, QUANTITY, SCORE_GIVEN, TIER, YEAR, Bound, formfield_with_bounds
from campaigns.forms_library import LibraryPickMixin
from core.uploads import CheckedFileField, normalise_types

from .choices import Decision, Method
from .models import ScoringRule, ScoringSection, ScoringTemplate
from .scoring import Entry
from .rules import SEED001_VETOES

LEVELS = [(i, f"{i} {'★' * i}") for i in range(1, 6)]


def _helper(label: Any) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


def _number(raw: str | None, bound: Bound, label: Any, errors: list[str]) -> Decimal | None:
    """A typed number inside ``bound``; empty is None; anything else adds a message naming ``label``."""
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        errors.append(str(format_lazy(_("{field}: enter a number."), field=label)))
        return None
    if value not in bound:
        errors.append(str(bound.message(label)))
        return None
    if int(value.as_tuple().exponent) < -2:
        errors.append(str(format_lazy(_("{field}: at most two decimal places."), field=label)))
        return None
    return value


def read_entries(data: Any, template: ScoringTemplate) -> tuple[dict[int, Entry], list[str]]:
    """The sheet's inputs (q_/f_/c_/a_/m_<rule id>) as engine entries, and a message for every input that
    is not a number inside its bound (``core.bounds``), naming the section and the rule it belongs to."""
    entries: dict[int, Entry] = {}
    errors: list[str] = []
    for section in template.sections.all():
        for rule in section.rules.all():
            rid = rule.pk
            where = f"{section.title} · {rule.text[:30]}"
            choice_raw = (data.get(f"c_{rid}") or "").strip()
            choice = int(choice_raw) if choice_raw.isascii() and choice_raw.isdigit() and len(choice_raw) <= 4 else None
            if choice_raw and (choice is None or choice not in TIER):
                errors.append(str(format_lazy(_("{field}: choose one of the listed tiers."), field=where)))
                choice = None
            entries[rid] = Entry(
                quantity=_number(data.get(f"q_{rid}"), QUANTITY, format_lazy(_("{rule}: count"), rule=where), errors),
                flag=data.get(f"f_{rid}") in ("1", "on", "true"),
                choice=choice,
                amount=_number(data.get(f"a_{rid}"), POINTS, format_lazy(_("{rule}: deduction"), rule=where), errors),
                comment=(data.get(f"m_{rid}") or "").strip()[:500],
            )
    return entries, errors


def parse_entries(data: Any, template: ScoringTemplate) -> dict[int, Entry]:
    """The entries as typed, for the live preview: what is not a valid number counts as empty there
    (saving refuses it, see ``read_entries``)."""
    return read_entries(data, template)[0]


def read_spot_check(data: Any, errors: list[str]) -> Decimal | None:
    """The reviewer's routine spot-check score: empty, or a score inside ``core.bounds.SCORE_GIVEN``."""
    return _number(data.get("spot_check_score"), SCORE_GIVEN, _("Routine spot-check score"), errors)


class SheetCreateForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    template = forms.ModelChoiceField(label=_("Scoring template"), queryset=None)

    def __init__(self, *args: Any, organizations: Any, templates: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["template"].queryset = templates
        self.helper = _helper(_("Create score sheet"))


class EvidenceForm(LibraryPickMixin, forms.Form):
    file = CheckedFileField(label=_("File"), allowed=())  # types and size from the rule set, in __init__
    # Tick boxes, not a Ctrl-click multi-select that a clerk on a phone or without the hint cannot use (issue #19).
    rules = forms.ModelMultipleChoiceField(label=_("Backs the rules"), queryset=None, required=False,
                                           widget=forms.CheckboxSelectMultiple,
                                           help_text=_("Tick every rule this file backs; none is fine for a general file."))

    def __init__(self, *args: Any, template: ScoringTemplate, ruleset: Any, campaign: Any = None, organization: Any = None,
                 **kwargs: Any):
        super().__init__(*args, **kwargs)
        file = self.fields["file"]
        file.allowed = ruleset.setting("score_evidence_types")
        file.max_bytes = ruleset.setting("score_evidence_max_mb") * 1024 * 1024
        file.widget.attrs["accept"] = ",".join(f".{t}" for t in sorted(normalise_types(file.allowed)))
        self.fields["rules"].queryset = ScoringRule.objects.filter(section__template=template).select_related("section")
        self.fields["rules"].label_from_instance = lambda r: f"{r.section.title} · {r.text[:40]}"
        self.library_pick(campaign, organization, allowed=file.allowed)  # enter once: a file already in the library
        self.helper = _helper(_("Upload"))


class ApplicationForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    requested_level = forms.TypedChoiceField(label=_("Level applied for"), choices=LEVELS, coerce=int)
    sheet = forms.ModelChoiceField(label=_("Score sheet (self-score)"), queryset=None, required=False)
    innovation_project = forms.CharField(label=_("Innovation project"), max_length=200, required=False)
    summary = forms.CharField(label=_("Main achievements"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, organizations: Any, sheets: Any, criteria: dict[int, tuple[str, ...]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["sheet"].queryset = sheets
        self.fields["sheet"].label_from_instance = lambda s: f"{s.organization.name} · {s.template.name} · {s.self_total if s.self_total is not None else '—'}"
        self.criteria = criteria
        for level, items in criteria.items():
            for i, text in enumerate(items):
                self.fields[f"crit_{level}_{i}"] = forms.BooleanField(label=f"{level}★ {i + 1}. {text}", required=False)
        self.helper = _helper(_("Save application"))

    def criteria_met(self) -> dict[str, list[bool]]:
        return {str(level): [bool(self.cleaned_data.get(f"crit_{level}_{i}")) for i in range(len(items))]
                for level, items in self.criteria.items()}


class DecisionForm(forms.Form):
    """One form for every step; the fields a step does not use are removed."""

    level = forms.TypedChoiceField(label=_("Level"), choices=LEVELS, coerce=int)
    innovation_recognised = forms.BooleanField(label=_("Innovation project recognised"), required=False)
    vetoes = forms.MultipleChoiceField(label=_("Veto cases found (seed 001: 4-5 stars are vetoed)"), required=False,
                                       choices=[(v, v) for v in SEED001_VETOES], widget=forms.CheckboxSelectMultiple)
    comment = forms.CharField(label=_("Comment / reasons"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    departure_reason = forms.CharField(label=_("Reason for departing from the suggested level"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}),
                                       help_text=_("Required when the level differs from the one the rules suggest."))
    over_quota_reason = forms.CharField(label=_("Reason for approving over quota"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    exception_reason = forms.CharField(label=_("Exception (破格) reason, when the level rises more than one star"),
                                       widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, decision: str, may_recognise: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if decision != Decision.ASSESS:
            del self.fields["level"]
            del self.fields["innovation_recognised"]
            del self.fields["vetoes"]
            del self.fields["departure_reason"]
            del self.fields["exception_reason"]
        elif not may_recognise:
            # only the recognising body (the county) recognises an innovation project (docs/rules.md §8)
            self.fields["innovation_recognised"].disabled = True
        if decision != Decision.APPROVE:
            del self.fields["over_quota_reason"]
        if decision in (Decision.RETURN, Decision.ASSESS, Decision.INSPECT, Decision.REOPEN):
            self.fields["comment"].required = True
        self.helper = _helper(_("Confirm"))


class ObjectionForm(forms.Form):
    text = forms.CharField(label=_("Objection"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    contact = forms.CharField(label=_("Contact (optional)"), max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Send objection"))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save answer"))


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Reopen"))


class SpotCheckForm(forms.Form):
    new_level = forms.TypedChoiceField(label=_("Level after the spot check"), choices=LEVELS, coerce=int)
    reason = forms.CharField(label=pgettext_lazy("ratings", "Findings"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Record spot check"))


class TemplateCopyForm(forms.Form):
    name = forms.CharField(label=_("Name of the copy"), max_length=120)
    year = forms.IntegerField(label=_("Year"))
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None)

    def __init__(self, *args: Any, owners: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        YEAR.form_field(self.fields["year"])
        self.fields["owner"].queryset = owners
        self.helper = _helper(_("Copy"))


class RuleForm(forms.ModelForm):
    """A scoring rule; tiers ("label=points" per line) and documents (one per line) as plain text."""

    tiers_text = forms.CharField(label=_("Tiers (one per line: label=points deducted)"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    checklist_text = forms.CharField(label=_("Documents of a checklist (one per line)"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 4}))

    class Meta:
        model = ScoringRule
        fields = ["text", "method", "points", "own_points", "required", "max_points", "source"]
        formfield_callback = formfield_with_bounds
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = Method.choices
        if self.instance.pk:
            self.fields["tiers_text"].initial = "\n".join(f"{label}={points}" for label, points in (self.instance.tiers or []))
            self.fields["checklist_text"].initial = "\n".join(self.instance.checklist or [])
        self.helper = _helper(_("Save"))

    def clean_tiers_text(self) -> list[list[str]]:
        tiers = []
        for line in self.cleaned_data["tiers_text"].splitlines():
            if not line.strip():
                continue
            label, sep, points = line.rpartition("=")
            try:
                value = Decimal(points.strip())
            except InvalidOperation:
                value = None
            if not sep or value is None or not value.is_finite() or value not in POINTS:
                raise forms.ValidationError(_("Write each tier as label=points, e.g. 不足90平方米=5."))
            tiers.append([label.strip(), str(value)])
        return tiers

    def clean_checklist_text(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["checklist_text"].splitlines() if line.strip()]

    def rule_fields(self) -> dict[str, Any]:
        data = {k: self.cleaned_data[k] for k in self.Meta.fields}
        data["tiers"] = self.cleaned_data["tiers_text"]
        data["checklist"] = self.cleaned_data["checklist_text"]
        return data


class SectionForm(forms.ModelForm):
    """A section's title, maximum points (e.g. seed 004's split of its 110 points) and points to check."""

    class Meta:
        model = ScoringSection
        fields = ["title", "max_points", "kind", "description"]
        formfield_callback = formfield_with_bounds
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))


class CutoffsForm(forms.ModelForm):
    """A template's own star cut-offs; empty = the rule set's as the same share of the sheet's maximum."""

    class Meta:
        model = ScoringTemplate
        fields = ["cutoff_5", "cutoff_4", "cutoff_3", "cutoff_2"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))
