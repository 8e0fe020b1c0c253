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
