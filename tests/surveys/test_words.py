"""A multiple-choice question says "可多选" once, whether or not its text already says it."""
from __future__ import annotations

from types import SimpleNamespace

from django.template.loader import render_to_string


def _legend(text: str) -> str:
    q = SimpleNamespace(pk=21, kind="multiple", text=text, required=False)
    item = SimpleNamespace(q=q, number=21, error="", choices=[("a", "甲")], given=[])
    return render_to_string("surveys/_questions.html", {"sections": [("", [item])]})


def test_the_suffix_is_not_repeated_when_the_text_has_it():
    assert _legend("您认为本村（社区）群众工作的薄弱环节主要在哪些方面（可多选）").count("可多选") == 1


def test_the_suffix_is_added_when_the_text_lacks_it():
    assert _legend("您希望党组织在哪些方面做得更好").count("可多选") == 1
