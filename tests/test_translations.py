"""The Chinese catalogues: complete (no empty or fuzzy msgstr), compiled (.mo matches .po), and used.

The .po files are read by a small reader below rather than by msgfmt, so that `make test` passes on a
machine that has Python but not GNU gettext; the reader's result equals msgfmt's for our catalogues.
"""
from __future__ import annotations

import ast
import gettext
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PO_FILES = sorted(p for p in ROOT.rglob("django.po") if ".venv" not in p.parts and "node_modules" not in p.parts)


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (index → text), flags.
    Obsolete entries (#~) are left out, as msgfmt does."""
    entries: list[dict] = []
    entry: dict = {}
    key: tuple | None = None

    def finish() -> None:
        nonlocal entry, key
        if "msgid" in entry:
            entries.append(entry)
        entry, key = {}, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#,"):
            if "msgid" in entry:
                finish()
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            text = ast.literal_eval(line)
            if key[0] == "msgstr":
                entry["msgstr"][key[1]] += text
            else:
                entry[key[0]] += text
            continue
        word, _, rest = line.partition(" ")
        text = ast.literal_eval(rest)
        if word in ("msgctxt", "msgid") and "msgid" in entry:
            finish()
        if word.startswith("msgstr"):
            index = int(word[7:-1]) if "[" in word else 0
            entry.setdefault("msgstr", {})[index] = text
            key = ("msgstr", index)
        else:
            entry[word] = text
            key = (word,)
    finish()
    return entries


def test_there_are_catalogues_for_the_project_and_its_apps():
    names = {p.relative_to(ROOT).parts[0] for p in PO_FILES}
    assert {"locale", "core", "organizations", "reports"} <= names


@pytest.mark.parametrize("po", PO_FILES, ids=[str(p.relative_to(ROOT)) for p in PO_FILES])
def test_every_message_is_translated_and_none_is_fuzzy(po):
    entries = parse_po(po)
    empty = [e["msgid"] for e in entries if e["msgid"] and not all(e.get("msgstr", {}).values())]
    fuzzy = [e["msgid"] for e in entries if e["msgid"] and "fuzzy" in e.get("flags", set())]
    assert not empty, f"{po.relative_to(ROOT)}: empty msgstr for {empty[:10]}"
    assert not fuzzy, f"{po.relative_to(ROOT)}: fuzzy entries {fuzzy[:10]}"


@pytest.mark.parametrize("po", PO_FILES, ids=[str(p.relative_to(ROOT)) for p in PO_FILES])
def test_compiled_catalogue_matches_its_po_file(po):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo.relative_to(ROOT)} is missing: run tools/messages.py"
    expected: dict = {}
    for e in parse_po(po):
        if not e["msgid"] or "fuzzy" in e.get("flags", set()):
            continue
        msgid = f"{e['msgctxt']}\x04{e['msgid']}" if "msgctxt" in e else e["msgid"]
        if "msgid_plural" in e:
            for index, text in e["msgstr"].items():
                expected[(msgid, index)] = text
        else:
            expected[msgid] = e["msgstr"][0]
    with mo.open("rb") as handle:
        compiled = dict(gettext.GNUTranslations(handle)._catalog)
    compiled.pop("", None)  # the header
    assert compiled == expected, f"{mo.relative_to(ROOT)} is out of date: run tools/messages.py"


def test_the_login_page_renders_in_chinese(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert "登录" in html and "Log in" not in html


def test_the_po_reader_finds_empty_fuzzy_and_plural_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Save"\nmsgstr "保存"\n\n'
        '#, fuzzy, python-format\nmsgid "Row %(row)d"\nmsgstr "第 %(row)d 行"\n\n'
        'msgctxt "verb"\nmsgid "Open"\nmsgstr ""\n\n'
        'msgid "one file"\nmsgid_plural "%(n)d files"\nmsgstr[0] "%(n)d 个"\n'
        'msgstr[1] ""\n"文件"\n\n#~ msgid "Old"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    entries = {e["msgid"]: e for e in parse_po(po)}
    assert set(entries) == {"", "Save", "Row %(row)d", "Open", "one file"}
    assert "fuzzy" in entries["Row %(row)d"]["flags"]
    assert entries["Open"]["msgctxt"] == "verb" and entries["Open"]["msgstr"] == {0: ""}
    assert entries["one file"]["msgstr"] == {0: "%(n)d 个", 1: "文件"}
