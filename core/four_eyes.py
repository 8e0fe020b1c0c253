"""Four eyes: whoever entered or submitted a thing does not approve it (docs/rules.md, trust).

The rule-set setting ``four_eyes`` (on by default) may be switched off for a township with a single
clerk; every approval service asks ``may_decide`` and every page asks it before showing the button.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def may_decide(actor: Any, *, authors: Iterable[Any], enabled: bool) -> bool:
    """False when the rule is on and the actor is one of the users (or user ids) who entered or submitted."""
    if not enabled or actor is None:
        return True
    actor_id = getattr(actor, "pk", actor)
    return all(getattr(author, "pk", author) != actor_id for author in authors if author is not None)


# --- the database side: who entered or submitted a record, and the refusal ------------------------
def four_eyes_on(ruleset: Any) -> bool:
    """The rule-set switch ``four_eyes`` of the campaign's rule set (default on)."""
    from .rulesettings import setting_value

    return bool(setting_value(ruleset, "four_eyes"))


def audit_authors(obj: Any, *actions: str) -> set[int]:
    """The users whose audit rows on ``obj`` have one of ``actions``: who entered or submitted it."""
    from .models import AuditEvent

    return set(AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk), action__in=actions,
                                         actor__isnull=False).values_list("actor_id", flat=True))


def require_other_person(actor: Any, *, authors: Iterable[Any], ruleset: Any) -> None:
    """The service's refusal: a ValidationError in words the user reads when ``may_decide`` says no."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if not may_decide(actor, authors=authors, enabled=four_eyes_on(ruleset)):
        raise ValidationError(_("You entered or submitted this record yourself, so another person must approve it "
                                "(four eyes; the rule set can switch this off for an office with a single clerk)."))
