"""Paper parity for every vote: the printable blank paper and the count of papers out and back.

A vote that people cast on their phones (a questionnaire, a ballot, the satisfaction assessment, the
member evaluation) also runs on paper where the network is weak or the voters are old. Every such vote
offers the same four things, and this module owns the two that are the same everywhere:

- ``blank_paper_pdf``: an A4 blank paper in the layout of the phone page — the organisation being
  rated, the heading, the intro, numbered questions with numbered boxes. The number in front of each
  box is the key the clerk presses in the fast keyboard entry (surveys' paper entry, and
  ``static/js/paper_tally.js`` for ballots counted as totals), so paper and screen read alike.
- ``paper_count``: how many slips went out and how many came back, per category only when the group is
  large enough (core.secrecy).

The other two are core.slips (QR slips) and the app's own entry page (it owns its answers).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from .secrecy import group_too_small


@dataclass(frozen=True)
class PaperQuestion:
    """One question of a blank paper: ``kind`` is "single" (tick one box), "multiple" (tick any) or
    "text" (lines to write on)."""

    text: str
    options: tuple[str, ...] = ()
    kind: str = "single"
    section: str = ""
    lines: int = 3


@dataclass(frozen=True)
class BlankPaper:
    title: str
    organization: str
    intro: str = ""
    questions: tuple[PaperQuestion, ...] = ()
    #: The participant categories to tick at the top ("" = none: the slip's code already says it).
    categories: tuple[str, ...] = ()
    footer_note: str = ""
    #: The words before the organisation's name ("" = "Being rated"; the member evaluation rates members).
    organization_label: str = ""


def blank_paper_html(paper: BlankPaper, *, copies: int = 1) -> str:
    sections: list[tuple[str, list[tuple[int, PaperQuestion]]]] = []
    for number, q in enumerate(paper.questions, start=1):
        if not sections or sections[-1][0] != q.section:
            sections.append((q.section, []))
        sections[-1][1].append((number, q))
    footer = "".join(ch for ch in f"{paper.organization} · {paper.title}" if ch not in '"\\<>\r\n')
    return render_to_string("core/pdf/paper_blank.html", {
        "paper": paper, "sections": sections, "copies": range(max(1, int(copies or 1))),
        "font_dir": settings.PDF_FONT_DIR.as_uri(), "footer": footer,
        "compact": len(paper.questions) == 1,  # a ballot of one question: several to a page, cut apart
    })


def blank_paper_pdf(paper: BlankPaper, *, copies: int = 1) -> bytes:
    from weasyprint import HTML

    return HTML(string=blank_paper_html(paper, copies=copies), base_url=str(settings.PDF_FONT_DIR)).write_pdf()


def copies_wanted(request: HttpRequest, *, most: int = 200) -> int:
    """``?copies=n`` of a blank-paper link, 1 when absent or not a number, at most ``most``."""
    try:
        return max(1, min(most, int(request.GET.get("copies") or 1)))
    except ValueError:
        return 1


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@dataclass(frozen=True)
class CategoryCount:
    label: str
    out: int
    back: int | None  # None: the group is too small to be shown apart (core.secrecy)


@dataclass(frozen=True)
class PaperCount:
    """Slips handed out (codes issued), slips come back (codes used on a phone) and paper ballots
    entered by hand; ``by_category`` hides the returns of a group smaller than the threshold."""

    out: int
    back: int
    entered: int
    by_category: tuple[CategoryCount, ...] = field(default_factory=tuple)

    @property
    def returned(self) -> int:
        return self.back + self.entered

    @property
    def outstanding(self) -> int:
        return max(0, self.out - self.back)


def paper_count(rows: Iterable[tuple[str, bool]], *, labels: Mapping[str, str] | Sequence[tuple[str, str]],
                threshold: int, entered: int = 0) -> PaperCount:
    """``rows`` are (category, used) of every code of one vote (``codes.values_list("category", "used")``).
    The number of slips out per category is public (it was printed); how many of a category came back is
    shown only when the category holds at least ``threshold`` slips, so a tiny group's turnout is not
    pinned on a few people."""
    pairs = list(labels.items()) if isinstance(labels, Mapping) else list(labels)
    out = {key: 0 for key, _label in pairs}
    back = {key: 0 for key, _label in pairs}
    for category, used in rows:
        out[category] = out.get(category, 0) + 1
        back[category] = back.get(category, 0) + (1 if used else 0)
    names = dict(pairs)
    by_category = tuple(
        CategoryCount(str(names.get(key, key)), out[key], None if group_too_small(out[key], threshold) else back[key])
        for key in out if out[key])
    return PaperCount(out=sum(out.values()), back=sum(back.values()), entered=int(entered or 0), by_category=by_category)


def mark_tally_fields(form: Any, groups: Mapping[str, Sequence[str]]) -> None:
    """Give the count fields of a paper-totals form the marks of the fast keyboard entry
    (static/js/paper_tally.js): ``groups`` maps a group's name to its field names, in the order of
    the boxes on the blank paper (the first is key 1)."""
    for group, names in groups.items():
        for key, name in enumerate(names, start=1):
            form.fields[name].widget.attrs.update({"data-tally-group": str(group), "data-tally-key": str(key)})
