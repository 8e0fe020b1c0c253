"""The context of the score-entry page (ratings/stars/views.py sheet_enter): every rule with its entry, its
result and the earlier stage's comment, shown beside and never copied in as the scorer's own (issue #19)."""
from __future__ import annotations

from typing import Any

from core.bounds import POINTS, QUANTITY, SCORE_GIVEN

from .choices import Method, Stage
from .models import ScoringTemplate
from .selectors import entries_of


def _previous_stage(stage: str) -> str:
    return Stage.REVIEWER if stage == Stage.FINAL else Stage.SELF


def _enter_context(sheet, template, stage, entries, result) -> dict[str, Any]:
    earlier = entries_of(sheet, _previous_stage(stage)) if stage != Stage.SELF else {}
    sections = []
    for section in template.sections.all():
        sres = result.section(section.pk)
        sections.append({"section": section, "result": sres, "rules": [
            {"rule": rule, "entry": entries.get(rule.pk), "result": result.rule(rule.pk),
             "earlier_comment": earlier[rule.pk].comment if rule.pk in earlier else "",
             "tiers": [(i, t[0], t[1]) for i, t in enumerate(rule.tiers or [])]} for rule in section.rules.all()]})
    return {"sheet": sheet, "template": template, "stage": stage, "stage_label": Stage(stage).label,
            "earlier_label": Stage(_previous_stage(stage)).label if earlier else "",
            "sections": sections, "result": result, "Method": Method, "problem_rules": _problem_rules(template, result),
            "bounds": {"quantity": QUANTITY, "amount": POINTS, "spot": SCORE_GIVEN}}


def _problem_rules(template: ScoringTemplate, result: Any) -> list[str]:
    keys = {key for key, _problem in result.problems}
    return [r.text for sec in template.sections.all() for r in sec.rules.all() if r.pk in keys]
