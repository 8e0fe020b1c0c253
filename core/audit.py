"""Writing the audit trail. Every service that changes a state or a score calls ``audit_record``."""
from __future__ import annotations

import datetime
import decimal
from typing import Any, Iterable

from django.db import models

from .models import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (datetime.date, datetime.datetime, decimal.Decimal)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of ``obj`` as JSON-ready values (foreign keys as ids)."""
    data: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        data[name] = _plain(getattr(obj, field.attname))
    return data


def changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose value differs, for a compact before/after pair."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def audit_event(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    organization: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """One audit row, not yet saved: ``audit_bulk`` writes many at once (an import of thousands)."""
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    actor_name = ""
    if actor_obj is not None:
        actor_name = actor_obj.get_full_name() or actor_obj.get_username()
    return AuditEvent(
        actor=actor_obj,
        actor_name=actor_name[:150],
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        organization=organization,
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
        reason=reason,
    )


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    organization: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one audit row. ``organization`` is the organisation whose history page shows it."""
    event = audit_event(actor=actor, action=action, obj=obj, organization=organization, before=before,
                        after=after, reason=reason)
    event.save()
    return event


def audit_bulk(events: list[AuditEvent]) -> None:
    """Append many audit rows built by ``audit_event`` in a few inserts (append-only all the same)."""
    AuditEvent.objects.bulk_create(events, batch_size=500)
