"""The rules reference (docs/rules.md) is the one the code cites, and it is inside the repository.

No database. Walks every *.py, *.html, *.json and *.md file of the repository except virtualenvs,
git data, vendored front-end assets and generated, git-ignored output.

Until the old citations of DOMAIN.md by section are rewritten to `docs/rules.md §N` (and the README's
pointer to the shared folder goes), the two tests of stale references fail on purpose: they list what is
left to rewrite.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "docs" / "rules.md"
THIS_FILE = Path(__file__).resolve()

SUFFIXES = frozenset({".py", ".html", ".json", ".md"})
# Not the project's own text: the virtualenv, git data, vendored assets; and generated output that
# .gitignore keeps out of the repository (collected static files, uploads, test artefacts, caches).
EXCLUDED = frozenset({
    ".venv", ".git", "static/vendor",
    "staticfiles", "media", "var", "tests/e2e/artifacts", ".pytest_cache", ".hypothesis",
})

HEADING = re.compile(r"^#{1,6}\s*§(\d+)\b", re.MULTILINE)
# `docs/rules.md §5` and the lists `docs/rules.md §5, §6`.
CITATION = re.compile(r"docs/rules\.md §(\d+)((?:, §\d+)*)")
FORBIDDEN = ("shared/DOMAIN.md", "../shared/")
STALE_CITATION = re.compile(r"DOMAIN\.md §\d+")
DEPARTURES_HEADING = "## Where this reference departs from DOMAIN.md"


def repository_files() -> Iterator[Path]:
    """Every file with a checked suffix, pruning excluded folders instead of walking into them."""
    stack = [ROOT]
    while stack:
        folder = stack.pop()
        for path in sorted(folder.iterdir()):
            relative = path.relative_to(ROOT).as_posix()
            if path.is_dir():
                if relative not in EXCLUDED and path.name != "__pycache__":
                    stack.append(path)
            elif path.suffix in SUFFIXES:
                yield path


def checked_text(path: Path) -> str:
    """The file's text, without docs/rules.md's departures section (it may name DOMAIN.md on purpose)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path == RULES and DEPARTURES_HEADING in text:
        start = text.index(DEPARTURES_HEADING)
        end = text.find("\n## ", start + len(DEPARTURES_HEADING))
        text = text[:start] + (text[end:] if end != -1 else "")
    return text


def rules_headings() -> list[int]:
    return [int(number) for number in HEADING.findall(RULES.read_text(encoding="utf-8"))]


def where(path: Path, text: str, position: int) -> str:
    return f"{path.relative_to(ROOT).as_posix()}:{text.count(chr(10), 0, position) + 1}"


def test_rules_reference_has_every_section_from_1_to_the_last_once():
    headings = rules_headings()
    assert len(headings) >= 12 and sorted(headings) == list(range(1, max(headings) + 1)), \
        f"§ headings of docs/rules.md: {headings}"


def test_every_citation_of_docs_rules_md_names_a_section_that_has_a_heading():
    headings = set(rules_headings())
    missing = []
    for path in repository_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in CITATION.finditer(text):
            numbers = [int(match.group(1))] + [int(n) for n in re.findall(r"§(\d+)", match.group(2))]
            missing += [f"{where(path, text, match.start())} cites §{n}" for n in numbers if n not in headings]
    assert not missing, "docs/rules.md has no heading for:\n" + "\n".join(missing)


def test_no_file_points_at_the_shared_folder_outside_the_repository():
    # Expected to fail until the merge rewrites the old citations (README.md, bench/README.md today).
    found = []
    for path in repository_files():
        if path == THIS_FILE:
            continue
        text = checked_text(path)
        for needle in FORBIDDEN:
            found += [f"{where(path, text, m.start())} mentions {needle}" for m in re.finditer(re.escape(needle), text)]
    assert not found, "files still point outside the repository:\n" + "\n".join(sorted(set(found)))


def test_no_file_still_cites_domain_md_by_section():
    # Expected to fail until every citation of DOMAIN.md by section is rewritten to `docs/rules.md §N`.
    found = []
    for path in repository_files():
        if path == THIS_FILE:
            continue
        text = checked_text(path)
        found += [f"{where(path, text, m.start())}: {m.group(0)}" for m in STALE_CITATION.finditer(text)]
    assert not found, f"{len(found)} citations still name DOMAIN.md:\n" + "\n".join(found[:40])
