"""Reopening a confirmed classification (docs/rules.md §13): the only way back from a confirmed level, by the
township that confirms, with a reason, audited."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record, snapshot

from .models import Classification, ClassificationReview, ClassificationState
from .services import STATE_FIELDS, _locked, _move, _on_commit, _require, _review


@transaction.atomic
def classification_reopen(*, actor: Any, classification: Classification, reason: str) -> Classification:
    """Reopen a confirmed level (docs/rules.md §13): only the township that confirms, with a reason. The
    classification returns to the state it was confirmed from and has no confirmed level until decided again."""
    obj = _locked(classification)
    _require(actor, "confirm_classification", obj.organization)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for reopening.")})
    before = snapshot(obj, STATE_FIELDS)
    decided = obj.reviews.filter(kind__in=(ClassificationReview.Kind.CONFIRM, ClassificationReview.Kind.DECIDE)).last()
    back = (ClassificationState.TOWNSHIP_DECIDES if decided is not None and decided.kind == ClassificationReview.Kind.DECIDE
            else ClassificationState.SUBMITTED)
    _move(obj, "reopen", back)
    obj.final_level = ""
    obj.save()
    _review(obj, actor, ClassificationReview.Kind.REOPEN, reason.strip())
    audit_record(actor=actor, action="classification.reopen", obj=obj, organization=obj.organization,
                 before=before, after=snapshot(obj, STATE_FIELDS), reason=reason)
    _on_commit("classification %s reopened", obj.pk)
    return obj
