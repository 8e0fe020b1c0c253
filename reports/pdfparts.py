"""PDF parts without Django: compile a Typst table part, stamp page numbers, join parts (reports/chunks.py).

Nothing here touches Django, so a freshly spawned process (the benchmark's second worker) can import and
run it. Processes must be spawned, not forked, once Typst has run: its thread pool does not survive a fork.
"""
from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any, Sequence

TYPST_DIR = Path(__file__).resolve().parent / "typst"
TABLE_SOURCE = TYPST_DIR / "table.typ"
NUMBERS_SOURCE = TYPST_DIR / "numbers.typ"


def compile_table(document: dict[str, Any], font_dir: str, *, page_offset: int = 0, page_total: int | None = None,
                  numbered: bool = True) -> bytes:
    """A table document (reports.renderers_typst.payload) to PDF bytes with Typst and the shipped font."""
    import typst

    inputs = {"data": json.dumps(document, ensure_ascii=False), "page_offset": str(page_offset),
              "page_total": "" if page_total is None else str(page_total), "numbered": "1" if numbered else "0"}
    # Untagged output: tagging makes a 40-page ledger 15 times larger (MEASURED: 3.6 MB against 231 KB).
    return typst.compile(str(TABLE_SOURCE), font_paths=[font_dir], ignore_system_fonts=True, sys_inputs=inputs,
                         pdf_tags=False)


def render_part(part: dict[str, Any], font_dir: str) -> bytes:
    """One part to PDF bytes, without page numbers (the join stamps them)."""
    engine = part.get("engine")
    if engine == "typst_table":
        return compile_table(part["document"], font_dir, numbered=False)
    if engine == "html":
        from weasyprint import HTML

        return HTML(string=part["html"], base_url=font_dir).write_pdf()
    if engine == "book":
        return render_book(part, font_dir)
    raise ValueError(f"unknown part engine {engine!r}")


def page_mark(index: int) -> str:
    """The placeholder a book's front matter holds where section ``index`` starts (its page number)."""
    return f"@@JW-PAGE-{index}@@"


def render_book(part: dict[str, Any], font_dir: str) -> bytes:
    """A bound document: ``{"engine": "book", "front": html, "sections": [html, ...]}``. The sections are
    rendered first (their HTML leaves the bottom-centre footer free); the front matter (cover and contents)
    then gets each section's first page number in place of ``page_mark(i)``, and the whole is joined and
    numbered through ("第 x 页 共 y 页")."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    sections = [HTML(string=html, base_url=font_dir).write_pdf(font_config=fonts) for html in part["sections"]]

    def front(numbers: Sequence[int]) -> str:
        html = part["front"]
        for i, number in enumerate(numbers):
            html = html.replace(page_mark(i), str(number))
        return html

    # the front matter's own length first (with wide placeholders), then its final text
    front_pages = len(HTML(string=front([888] * len(sections)), base_url=font_dir).render(font_config=fonts).pages)
    starts, page = [], front_pages + 1
    for pdf in sections:
        starts.append(page)
        page += _page_count(pdf)
    cover = HTML(string=front(starts), base_url=font_dir).write_pdf(font_config=fonts)
    return join_pdfs([cover, *sections], font_dir, numbered=part.get("numbered", True))


def _page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def page_numbers_pdf(sizes: Sequence[tuple[float, float]], font_dir: str) -> bytes:
    """A PDF of empty pages of these sizes (points) carrying only "第 x 页 共 y 页"."""
    import typst

    return typst.compile(str(NUMBERS_SOURCE), font_paths=[font_dir], ignore_system_fonts=True,
                         sys_inputs={"sizes": json.dumps([list(s) for s in sizes])}, pdf_tags=False)


def join_pdfs(pdfs: Sequence[bytes], font_dir: str, *, numbered: bool = True) -> bytes:
    """The parts' PDFs in order as one document, stamped with page numbers over the whole of it. The number
    layer is compiled by Typst in a thread (it releases the GIL) while pypdf appends the parts: the join is
    the part of a chunked document no second worker shortens."""
    from concurrent.futures import ThreadPoolExecutor

    from pypdf import PdfReader, PdfWriter

    readers = [PdfReader(io.BytesIO(data)) for data in pdfs]
    writer = PdfWriter()
    with ThreadPoolExecutor(max_workers=1) as background:
        numbers = None
        if numbered:
            sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for reader in readers for p in reader.pages]
            numbers = background.submit(page_numbers_pdf, sizes, font_dir)
        for reader in readers:
            writer.append(reader)
        if numbers is not None:
            _stamp(writer, PdfReader(io.BytesIO(numbers.result())))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _stamp(writer: Any, stamp: Any) -> None:
    """Lay each stamp page over the page of the same number as a form XObject drawn after the page's own
    content. Unlike ``merge_page`` this leaves the page's compressed content alone (no 15-fold growth)."""
    from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, IndirectObject, NameObject, NumberObject,
                               StreamObject)

    cloned: dict[Any, Any] = {}  # the stamp's pages share their font: copy it once, not once per page
    for page, numbers in zip(writer.pages, stamp.pages):
        raw = numbers.get("/Resources")
        key = getattr(raw, "idnum", id(raw))
        if key not in cloned:
            cloned[key] = raw.clone(writer)
        form = StreamObject()
        form.set_data(numbers.get_contents().get_data())
        form.update({
            NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([NumberObject(0), NumberObject(0), numbers.mediabox[2], numbers.mediabox[3]]),
            NameObject("/Resources"): cloned[key],
        })
        form_ref = writer._add_object(form)
        # each page its own resources and XObject dictionaries (shallow copies): WeasyPrint's pages share
        # one, and the number drawn on one page must not replace the number of another
        resources = page.get("/Resources")
        resources = DictionaryObject(resources.get_object()) if resources is not None else DictionaryObject()
        xobjects = resources.get("/XObject")
        xobjects = DictionaryObject(xobjects.get_object()) if xobjects is not None else DictionaryObject()
        xobjects[NameObject("/JwPageNumber")] = form_ref
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources
        before, draw = DecodedStreamObject(), DecodedStreamObject()
        before.set_data(b"q ")
        draw.set_data(b" Q q /JwPageNumber Do Q")
        raw = page.raw_get("/Contents")  # the reference: a stream inside an array must stay indirect
        contents = raw.get_object()
        if isinstance(contents, ArrayObject):
            parts = list(contents)
        else:
            parts = [raw if isinstance(raw, IndirectObject) else writer._add_object(raw)]
        page[NameObject("/Contents")] = ArrayObject([writer._add_object(before), *parts, writer._add_object(draw)])


def worker_pool(workers: int, font_dir: str, warm_part: dict[str, Any]) -> Any:
    """``workers`` spawned processes that stay up, each warmed by rendering ``warm_part`` once (what running
    Celery workers are): the benchmark times a document on them without their start-up, on one as on two."""
    import multiprocessing
    import time
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=render_part, initargs=(warm_part, font_dir))
    list(pool.map(time.sleep, [0.3] * (2 * workers)))  # every process started and warmed
    return pool


def render_and_join(parts: Sequence[dict[str, Any]], font_dir: str, *, pool: Any = None) -> bytes:
    """Render the parts (``pool``: on those worker processes, ``worker_pool``; else here, one after the
    other) and join them with page numbers."""
    if pool is not None:
        from functools import partial

        pdfs = list(pool.map(partial(render_part, font_dir=font_dir), parts))
    else:
        pdfs = [render_part(p, font_dir) for p in parts]
    return join_pdfs(pdfs, font_dir)
