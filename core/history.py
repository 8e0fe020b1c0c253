"""How an audit row reads for people: one sentence in words, the changed fields with their labels and
values in words, and a link to the thing it changed.

Core knows no app by name. Each app says how its audit actions and objects read in its module
``<app>/audit_texts.py`` (found by ``core.registry.autodiscover`` on first use):

    register_action("yearend.fix_level", _("fixed the year-end level"))
    register_object("upgrades.yearend", url=lambda obj: reverse(...), fields={"counts": _("counts")})
    register_keys({"agree": _("agree")})

Without a registration a row still reads: the verb is guessed from the action's last part
(create / update / ...), the object is named by the model's verbose name, and every changed field by
its ``verbose_name`` with its display value (choices, yes/no, the related object's name).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .registry import autodiscover as _autodiscover

MODULE = "audit_texts"

ACTIONS: dict[str, Any] = {}
OBJECTS: dict[str, "ObjectText"] = {}
KEYS: dict[str, Any] = {}

#: Verbs for an action nobody registered, by the action's last part.
_VERBS = {
    "create": gettext_lazy("created"),
    "update": gettext_lazy("changed"),
    "save": gettext_lazy("saved"),
    "delete": gettext_lazy("deleted"),
    "copy": gettext_lazy("copied"),
    "open": gettext_lazy("opened"),
    "close": gettext_lazy("closed"),
    "submit": gettext_lazy("submitted"),
    "approve": gettext_lazy("approved"),
    "return": gettext_lazy("returned"),
    "confirm": gettext_lazy("confirmed"),
    "comment": gettext_lazy("commented on"),
}
_DEFAULT_REPR = re.compile(r"^\w+ object \(\d+\)$")
_discovered = False


@dataclass(frozen=True)
class ObjectText:
    """How the objects of one model read: a link (``url(obj)``, None when there is none) and labels
    for keys of its audit rows that are not model fields."""

    url: Callable[[Any], str | None] | None = None
    fields: Mapping[str, Any] = field(default_factory=dict)


def register_action(action: str, label: Any) -> None:
    """``label`` is the verb phrase of the sentence ("fixed the year-end level")."""
    ACTIONS[action] = label


def register_object(model_label: str, *, url: Callable[[Any], str | None] | None = None,
                    fields: Mapping[str, Any] | None = None) -> None:
    OBJECTS[model_label] = ObjectText(url=url, fields=dict(fields or {}))


def register_keys(labels: Mapping[str, Any]) -> None:
    """Labels for keys used in several apps' rows (also keys inside nested values)."""
    KEYS.update(labels)


def autodiscover() -> None:
    global _discovered
    if not _discovered:
        _autodiscover(MODULE)
        _discovered = True


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Described:
    event: Any
    sentence: str
    url: str | None
    changes: list[Change]


class _Reader:
    """Reads the rows of one page; remembers the objects it looked up (one query per object)."""

    def __init__(self) -> None:
        self.cache: dict[tuple[str, str], Any] = {}

    def model(self, label: str) -> type[models.Model] | None:
        try:
            return apps.get_model(label)
        except (LookupError, ValueError):
            return None

    def get(self, model: type[models.Model] | None, pk: Any) -> Any:
        if model is None or pk in (None, ""):
            return None
        key = (model._meta.label_lower, str(pk))
        if key not in self.cache:
            try:
                self.cache[key] = model._default_manager.filter(pk=pk).first()
            except (ValueError, TypeError):
                self.cache[key] = None
        return self.cache[key]

    def name(self, model: type[models.Model] | None, obj: Any, stored: str) -> str:
        text = str(obj) if obj is not None else stored
        if not text or _DEFAULT_REPR.match(text):
            if obj is not None and hasattr(obj, "organization_id"):
                org = getattr(obj, "organization", None)
                if org is not None and model is not None:
                    return f"{org} · {model._meta.verbose_name}"
            return str(model._meta.verbose_name) if model is not None else (stored or "—")
        return text

    def key_label(self, model: type[models.Model] | None, key: str) -> str:
        texts = OBJECTS.get(model._meta.label_lower) if model is not None else None
        if texts is not None and key in texts.fields:
            return str(texts.fields[key])
        if model is not None:
            try:
                field = model._meta.get_field(key)
            except FieldDoesNotExist:
                field = None
            if field is not None and getattr(field, "verbose_name", None):
                return str(field.verbose_name)
            if field is not None and field.related_model is not None:  # a reverse relation: name what it holds
                return str(field.related_model._meta.verbose_name_plural)
        if key in KEYS:
            return str(KEYS[key])
        return key.replace("_", " ")

    def value(self, model: type[models.Model] | None, key: str, value: Any) -> str:
        if value is None or value == "" or value == [] or value == {}:
            return "—"
        model_field = None
        if model is not None:
            try:
                model_field = model._meta.get_field(key)
            except FieldDoesNotExist:
                model_field = None
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if model_field is not None and getattr(model_field, "flatchoices", None):
            choices = {str(k): v for k, v in model_field.flatchoices}
            if str(value) in choices:
                return str(choices[str(value)])
        if model_field is not None and model_field.is_relation and model_field.related_model is not None \
                and not isinstance(value, (dict, list)):
            related = self.get(model_field.related_model, value)
            return str(related) if related is not None else f"#{value}"
        if isinstance(value, dict):
            return "，".join(f"{self.key_label(None, str(k))} {self.value(None, str(k), v)}" for k, v in value.items())
        if isinstance(value, list):
            return "、".join(self.value(None, key, v) for v in value) or "—"
        return str(value)


def _verb(action: str) -> str:
    if action in ACTIONS:
        return str(ACTIONS[action])
    last = action.rsplit(".", 1)[-1]
    if last in _VERBS:
        return str(_VERBS[last])
    return _("changed")


def describe_all(events: Any) -> list[Described]:
    """The rows as sentences (in the given order)."""
    autodiscover()
    reader = _Reader()
    out = []
    for event in events:
        model = reader.model(event.object_type)
        obj = reader.get(model, event.object_id)
        name = reader.name(model, obj, event.object_repr)
        before = event.before if isinstance(event.before, dict) else {}
        after = event.after if isinstance(event.after, dict) else {}
        keys = list(after) + [k for k in before if k not in after]
        changes = []
        for key in keys:
            old, new = before.get(key), after.get(key)
            if key in before and key in after and old == new:
                continue
            if key not in before and new in (None, "", [], {}):
                continue  # a new object's empty field says nothing
            changes.append(Change(
                label=reader.key_label(model, key),
                before=reader.value(model, key, old) if key in before else "",
                after=reader.value(model, key, new) if key in after else "",
            ))
        sentence = _("%(actor)s %(action)s: %(object)s") % {
            "actor": event.actor_name or _("The system"), "action": _verb(event.action), "object": name}
        url = None
        texts = OBJECTS.get(event.object_type)
        if obj is not None and texts is not None and texts.url is not None:
            try:
                url = texts.url(obj)
            except NoReverseMatch:
                url = None
        out.append(Described(event=event, sentence=sentence, url=url, changes=changes))
    return out


def describe(event: Any) -> Described:
    return describe_all([event])[0]
