"""All app catalogues are merged at run time, and the first app in INSTALLED_APPS wins a shared msgid.
The same msgid (in the same context) must therefore carry the same translation everywhere; a word
that means different things in two apps takes a context (pgettext / {% translate ... context ... %})."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from tests.test_translations import parse_po

ROOT = Path(__file__).resolve().parent.parent


def test_a_msgid_has_one_translation_across_all_catalogues():
    seen: dict[tuple, dict[str, str]] = defaultdict(dict)
    for po in sorted(ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po")):
        if ".venv" in po.parts:
            continue
        for entry in parse_po(po):
            if not entry.get("msgid"):
                continue  # the header
            key = (entry.get("msgctxt"), entry["msgid"])
            seen[key][str(po.relative_to(ROOT))] = repr(sorted(entry["msgstr"].items()))
    conflicts = {key: where for key, where in seen.items() if len(set(where.values())) > 1}
    assert not conflicts, "\n".join(f"{key[1]!r} (context {key[0]!r}): {where}" for key, where in conflicts.items())
