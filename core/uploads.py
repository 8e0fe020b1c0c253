"""One check for every uploaded file: its name, its size, and its first bytes.

``check_upload(file, allowed=..., max_bytes=...)`` refuses, with a message that names the file:

* a type (extension) that is not in ``allowed``;
* an empty file, or one larger than ``max_bytes`` (``settings.UPLOAD_MAX_BYTES`` by default);
* a file whose content is not what its extension says — an HTML page renamed ``.pdf`` is refused.

The extension must name the content's own type, not just its family: a PNG named ``.jpg`` is refused
(the stored content type is taken from the name, so a mismatch would be served mislabelled). ``jpg``
and ``jpeg`` are the same type. What is checked, per type:

======================  ===================================================================
pdf                     starts with ``%PDF-``
png / jpg, jpeg / gif   the PNG signature / ``FF D8 FF`` / ``GIF87a`` or ``GIF89a``
webp                    ``RIFF`` … ``WEBP``
xlsx / docx / pptx      a zip (``PK 03 04``) whose directory lists ``[Content_Types].xml`` and
                        ``xl/`` / ``word/`` / ``ppt/`` entries (read with zipfile, nothing unpacked)
xls / doc / ppt         an OLE compound file (``D0 CF 11 E0 A1 B1 1A E1``); the three legacy
                        Office types share that container and are not told apart
txt                     no NUL byte, and the whole file decodes as UTF-8 or as GB18030
======================  ===================================================================

A type in ``allowed`` that is not in the table above (a rule set may list one) cannot be checked and
is refused. Only the first 8 KB are read for the signatures, the zip directory for Office files and
the text itself for txt; the file is left at position 0.

``CheckedFileField`` and ``CheckedMultipleFileField`` run the check in a form. ``allowed`` and
``max_bytes`` may be callables, so a form can take them from the rule set when it is validated.
"""
from __future__ import annotations

import codecs
import os
import zipfile
from typing import Any, Callable, Iterable, Union

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEAD_BYTES = 8192
TEXT_CHUNK = 64 * 1024
MB = 1024 * 1024
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xls": "application/vnd.ms-excel",
    "doc": "application/msword",
    "ppt": "application/vnd.ms-powerpoint",
    "txt": "text/plain",
}
KNOWN_TYPES = frozenset(CONTENT_TYPES)
# How a refusal names the type the content should have been ("… is not a PDF file").
KINDS: dict[str, Any] = {
    "pdf": "PDF", "png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "gif": "GIF", "webp": "WebP",
    "xlsx": _("Excel (.xlsx)"), "docx": _("Word (.docx)"), "pptx": _("PowerPoint (.pptx)"),
    "xls": _("Excel 97-2003 (.xls)"), "doc": _("Word 97-2003 (.doc)"), "ppt": _("PowerPoint 97-2003 (.ppt)"),
    "txt": _("plain text (.txt)"),
}

Allowed = Union[Iterable[str], str, Callable[[], Union[Iterable[str], str]]]
MaxBytes = Union[int, None, Callable[[], Union[int, None]]]

MESSAGES = {
    "type": _("“%(name)s”: this type of file is not accepted; accepted types: %(types)s."),
    "empty": _("“%(name)s”: the file is empty."),
    "size": _("“%(name)s”: the file is larger than %(mb)s MB."),
    "content": _("“%(name)s”: the file's content is not a %(kind)s file (its name and content do not match)."),
    "unchecked": _("“%(name)s”: the content of %(ext)s files cannot be checked, so they are not accepted."),
}


def normalise_types(allowed: Allowed) -> frozenset[str]:
    """``allowed`` as a set of lower-case extensions without the dot. A string is a comma- or
    space-separated list (as a rule set holds it); a callable is called first."""
    if callable(allowed):
        allowed = allowed()
    if isinstance(allowed, str):
        allowed = allowed.replace(",", " ").split()
    return frozenset(e.strip().lower().lstrip(".") for e in allowed if e and e.strip().lstrip("."))


def extension(name: str) -> str:
    return os.path.splitext(os.path.basename(name or ""))[1].lower().lstrip(".")


def _mb(limit: int) -> str:
    if limit % MB == 0:
        return str(limit // MB)
    return f"{max(limit / MB, 0.01):.2f}".rstrip("0").rstrip(".")


def _size(file: Any) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, os.SEEK_END)
        size = file.tell()
        file.seek(0)
    return size


def _starts(*prefixes: bytes) -> Callable[[Any, bytes], bool]:
    return lambda file, head: head.startswith(prefixes)


def _webp(file: Any, head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


def _office_zip(folder: str) -> Callable[[Any, bytes], bool]:
    def check(file: Any, head: bytes) -> bool:
        if not head.startswith(b"PK\x03\x04"):
            return False
        file.seek(0)
        try:  # reads the central directory only; nothing is unpacked
            with zipfile.ZipFile(getattr(file, "file", file)) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, KeyError):
            return False
        return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)

    return check


def _text(file: Any, head: bytes) -> bool:
    """No NUL, and the whole file decodes as UTF-8 or as GB18030 (read in chunks, never whole)."""
    decoders = [codecs.getincrementaldecoder(encoding)() for encoding in ("utf-8", "gb18030")]

    def feed(decoder: Any, chunk: bytes, final: bool = False) -> bool:
        try:
            decoder.decode(chunk, final)
        except UnicodeDecodeError:
            return False
        return True

    file.seek(0)
    while chunk := file.read(TEXT_CHUNK):
        if b"\0" in chunk:
            return False
        decoders = [d for d in decoders if feed(d, chunk)]
        if not decoders:
            return False
    return any(feed(d, b"", final=True) for d in decoders)


CHECKS: dict[str, Callable[[Any, bytes], bool]] = {
    "pdf": _starts(b"%PDF-"),
    "png": _starts(b"\x89PNG\r\n\x1a\n"),
    "jpg": _starts(b"\xff\xd8\xff"),
    "jpeg": _starts(b"\xff\xd8\xff"),
    "gif": _starts(b"GIF87a", b"GIF89a"),
    "webp": _webp,
    "xlsx": _office_zip("xl/"),
    "docx": _office_zip("word/"),
    "pptx": _office_zip("ppt/"),
    "xls": _starts(OLE),
    "doc": _starts(OLE),
    "ppt": _starts(OLE),
    "txt": _text,
}
assert set(CHECKS) == set(KINDS) == KNOWN_TYPES


def _refuse(code: str, **params: Any) -> ValidationError:
    return ValidationError(MESSAGES[code], code=f"upload_{code}", params=params)


def check_upload(file: Any, *, allowed: Allowed, max_bytes: MaxBytes = None) -> str:
    """Check an uploaded file and return its extension (lower case, no dot), e.g. ``"pdf"``.

    Raises ``ValidationError`` (code ``upload_type``, ``upload_empty``, ``upload_size``,
    ``upload_content`` or ``upload_unchecked``) whose message names the file and says what is wrong.
    ``max_bytes`` defaults to ``settings.UPLOAD_MAX_BYTES``.
    """
    name = os.path.basename(getattr(file, "name", "") or "")[:120]
    types = normalise_types(allowed)
    ext = extension(name)
    if not ext or ext not in types:
        raise _refuse("type", name=name, types="、".join(f".{t}" for t in sorted(types)))
    if callable(max_bytes):
        max_bytes = max_bytes()
    limit = settings.UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    size = _size(file)
    if size == 0:
        raise _refuse("empty", name=name)
    if size > limit:
        raise _refuse("size", name=name, mb=_mb(limit))
    check = CHECKS.get(ext)
    if check is None:
        raise _refuse("unchecked", name=name, ext=f".{ext}")
    try:
        file.seek(0)
        ok = check(file, file.read(HEAD_BYTES))
    finally:
        file.seek(0)
    if not ok:
        raise _refuse("content", name=name, kind=KINDS[ext])
    return ext


def content_type(ext: str) -> str:
    """The content type to store and serve for a checked file, from its extension."""
    return CONTENT_TYPES.get(ext.lower().lstrip("."), "application/octet-stream")


class CheckedFileField(forms.FileField):
    """A file field whose ``clean`` runs ``check_upload``. ``allowed`` / ``max_bytes`` may be callables
    (called at validation) or may be set on the field in the form's ``__init__``."""

    def __init__(self, *, allowed: Allowed, max_bytes: MaxBytes = None, **kwargs: Any):
        self.allowed = allowed
        self.max_bytes = max_bytes
        kwargs.setdefault("allow_empty_file", True)  # check_upload says so, naming the file
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if not callable(self.allowed):  # a callable may need the database: not at import time
            attrs.setdefault("accept", ",".join(f".{t}" for t in sorted(normalise_types(self.allowed))))
        return attrs

    def check(self, file: Any) -> Any:
        check_upload(file, allowed=self.allowed, max_bytes=self.max_bytes)
        return file

    def clean(self, data: Any, initial: Any = None) -> Any:
        file = super().clean(data, initial)
        if file and file is not initial and hasattr(file, "read"):
            self.check(file)
        return file


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class CheckedMultipleFileField(CheckedFileField):
    """Several files in one input; each is checked, and every refused file is named. Cleans to a list."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = list(data) if isinstance(data, (list, tuple)) else ([data] if data else [])
        if not items:
            forms.FileField.clean(self, None, initial)  # "required", when it is
            return []
        files, errors = [], []
        for item in items:
            try:
                files.append(super().clean(item, initial))
            except ValidationError as exc:
                errors.extend(exc.error_list)
        if errors:
            raise ValidationError(errors)
        return [f for f in files if f]
