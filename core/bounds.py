"""Bounds of every number a person types or the system stores: one definition, three guards.

A ``Bound`` is declared once and used three times, so the three can never disagree:

* on the model field — ``validators=MEMBERS.validators()`` (``full_clean`` and every import refuse it);
* as a database CHECK constraint — ``MEMBERS.check("organization", "member_count")`` in ``Meta.constraints``,
  named ``<model>_<field>_range``, so not even a raw write or a bulk insert can store it;
* on the form field — ``MEMBERS.form_field(field)`` (or ``formfield_with_bounds`` as a ModelForm's
  ``formfield_callback``): the browser gets ``min``/``max`` and the form a Chinese message that names the field.

The numbers below are *sanity* bounds, not rules: no branch has three billion members, no meeting a
hundred thousand people. They keep every value far inside its column on PostgreSQL (a 32-bit integer,
a Decimal(7,2)) and out of arithmetic overflow. Numbers that are rules (quorum, thresholds, quotas) stay
in the rule set; a rule may be tighter, never looser, than these bounds.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

Number = int | Decimal


@dataclass(frozen=True)
class Bound:
    """The closed range [low, high] a number must lie in."""

    low: Number
    high: Number

    def __contains__(self, value: Any) -> bool:
        return value is not None and self.low <= value <= self.high

    def validators(self) -> list[Any]:
        """Model-field validators (Django's own, so migrations serialise them plainly)."""
        return [MinValueValidator(self.low), MaxValueValidator(self.high)]

    def check(self, model: str, field: str, *, nullable: bool = False) -> models.CheckConstraint:
        """The database CHECK constraint ``<model>_<field>_range``; NULL passes when the field may be empty."""
        condition = Q(**{f"{field}__gte": self.low, f"{field}__lte": self.high})
        if nullable:
            condition = Q(**{f"{field}__isnull": True}) | condition
        return models.CheckConstraint(condition=condition, name=f"{model}_{field}_range")

    def form_field(self, field: forms.Field, label: Any = None) -> forms.Field:
        """Bound a form's IntegerField/DecimalField: min/max for the browser, messages naming the field."""
        name = label or field.label or ""
        # messages that Django fills with %-parameters need a label whose "%" (e.g. "群众占比（%）") is escaped
        escaped = _percent_escaped(name)
        field.min_value, field.max_value = self.low, self.high
        field.widget.attrs.update({"min": str(self.low), "max": str(self.high)})
        field.error_messages = {
            **field.error_messages,
            "invalid": format_lazy(_("{field}: enter a number."), field=name),
            "required": format_lazy(_("{field}: this number is required."), field=name),
            "max_digits": format_lazy(_("{field}: the number is too long."), field=escaped),
            "max_decimal_places": format_lazy(_("{field}: at most two decimal places."), field=escaped),
            "max_whole_digits": format_lazy(_("{field}: the number is too long."), field=escaped),
        }
        out_of_range = format_lazy(_("{field} must be between {low} and {high}."), field=escaped, low=self.low, high=self.high)
        field.validators = [v for v in field.validators if not isinstance(v, (MinValueValidator, MaxValueValidator))]
        field.validators += [MinValueValidator(self.low, message=out_of_range),
                             MaxValueValidator(self.high, message=out_of_range)]
        return field

    def message(self, label: Any) -> Any:
        """The Chinese sentence saying where a value must lie, for errors raised outside a form."""
        return format_lazy(_("{field} must be between {low} and {high}."), field=label, low=self.low, high=self.high)

    def clean(self, value: Any, label: Any) -> Any:
        """``value`` unchanged when it lies in the bound (or is empty), else a ValidationError naming ``label``."""
        from django.core.exceptions import ValidationError

        if value is not None and value not in self:
            raise ValidationError(self.message(label), code="out_of_range")
        return value


def _percent_escaped(label: Any) -> Any:
    return lazy(lambda: str(label).replace("%", "%%"), str)()


def model_bound(db_field: models.Field) -> Bound | None:
    """The bound a model field declares through its Min/MaxValueValidators (the tightest pair), if any."""
    lows = [v.limit_value for v in db_field.validators if isinstance(v, MinValueValidator)]
    highs = [v.limit_value for v in db_field.validators if isinstance(v, MaxValueValidator)]
    if not lows or not highs:
        return None
    return Bound(max(lows), min(highs))


def clean_model_fields(instance: models.Model, *, exclude: Any = ()) -> None:
    """``instance.clean_fields(exclude)``, saying what a bounded form says: a number outside its model
    field's bound gets ``Bound.message`` naming the field (the form's sentence), not Django's generic
    "greater than or equal to". An import checks its cells with the model's validators and this, so a
    row is refused with the same words as the form."""
    from django.core.exceptions import ValidationError
    from django.utils.text import capfirst

    try:
        instance.clean_fields(exclude=list(exclude))
    except ValidationError as exc:
        errors: dict[str, list[ValidationError]] = {}
        for name, items in exc.error_dict.items():
            db_field = instance._meta.get_field(name)
            bound = model_bound(db_field) if isinstance(db_field, (models.IntegerField, models.DecimalField)) else None
            out = errors.setdefault(name, [])
            for item in items:
                if bound is not None and getattr(item, "code", None) in ("min_value", "max_value"):
                    item = ValidationError(bound.message(capfirst(db_field.verbose_name)), code="out_of_range")
                out.append(item)
        raise ValidationError(errors) from exc


def formfield_with_bounds(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """A ModelForm ``formfield_callback``: the model field's bound carried onto the form field."""
    field = db_field.formfield(**kwargs)
    bound = model_bound(db_field) if isinstance(db_field, (models.IntegerField, models.DecimalField)) else None
    if field is not None and bound is not None and isinstance(field, (forms.IntegerField, forms.DecimalField)):
        bound.form_field(field)
    return field


def bound_model_form(form: forms.BaseForm, model: type[models.Model]) -> None:
    """Carry each model field's bound onto the form field of the same name (for plain Forms that mirror a model)."""
    for name, field in form.fields.items():
        try:
            db_field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001 — a form field with no model field of that name
            continue
        bound = model_bound(db_field)
        if bound is not None and isinstance(field, (forms.IntegerField, forms.DecimalField)):
            bound.form_field(field)


# ----------------------------------------------------------------- sanity bounds (not rules; see above)
# Party members of one organisation: a whole county has tens of thousands; a million is no county.
MEMBERS = Bound(0, 1_000_000)
# People at one meeting, heard in one survey, or in one category of a ballot: more than any township has.
PEOPLE = Bound(0, 100_000)
# A year of the rating cycle.
YEAR = Bound(2000, 2100)
# Version numbers, display order, small counters kept by the system.
VERSION = Bound(1, 1_000_000)
ORDER = Bound(0, 1_000_000)
COUNTER = Bound(0, 1_000_000)
# A percentage.
PERCENT = Bound(0, 100)
# A star level (1 to 5 stars, docs/rules.md §8) and a step of the classification (four steps, §5).
STARS = Bound(1, 5)
STEP = Bound(1, 4)
# Stored file sizes in bytes: the upload limit is far lower; 2 GB is what a 32-bit column holds.
FILE_SIZE = Bound(0, 2_147_483_647)
# Points of a scoring template (a section, a rule, a cap): sheets are out of about 100.
POINTS = Bound(Decimal("0"), Decimal("1000"))
# A count entered on a score sheet (failures, meetings held, missing documents, bonus items).
QUANTITY = Bound(Decimal("0"), Decimal("9999"))
# A tier index of a tiered rule.
TIER = Bound(0, 1000)
# The signed effect of one rule and the totals of a sheet (negative only when a rule set turns the
# section floor off); well inside Decimal(7,2).
SCORE = Bound(Decimal("-10000"), Decimal("10000"))
# A score (spot checks, totals given by a person): never negative.
SCORE_GIVEN = Bound(Decimal("0"), Decimal("1000"))
# Deliberation rounds, report progress (%), task attempts.
ROUNDS = Bound(0, 1000)
