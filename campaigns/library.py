"""The evidence library (enter once): one per organisation and campaign. An app that takes a file for
one of its records (a score sheet's rules, a commitment's measures, a meeting, a case) stores it here
once and links its record:

    lib = library_file_add(actor=..., campaign=..., organization=..., upload=f, content_type=ct)
    library_use(lib, kind="upgrades.evidence", object_id=ev.pk, label="整改承诺 · 措施…")

A second upload of the same bytes for the same organisation and year returns the stored file, and a
file already in the library can back a new record without being uploaded again (``library_files``
lists what the organisation has). The library page shows every file with every place it is used.
Callers check the upload (core.uploads) and the actor's permission, as for any of their writes.
"""
from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction

from core.audit import audit_record

from .models import Campaign, LibraryFile, LibraryUse


def file_sha256(upload: Any) -> str:
    digest = hashlib.sha256()
    if hasattr(upload, "seek"):
        upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    if hasattr(upload, "seek"):
        upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def library_file_add(*, actor: Any, campaign: Campaign, organization: Any, upload: Any, content_type: str) -> LibraryFile:
    """The library file for ``upload``: the one already stored when the same bytes were entered before for
    this organisation and year, else a new one (audited)."""
    sha = file_sha256(upload)
    found = LibraryFile.objects.filter(campaign=campaign, organization=organization, sha256=sha).first()
    if found is not None:
        return found
    lib = LibraryFile(campaign=campaign, organization=organization, name=upload.name[:200], size=upload.size,
                      content_type=content_type, sha256=sha, uploaded_by=actor)
    lib.file.save(upload.name, upload, save=False)
    lib.save()
    audit_record(actor=actor, action="library.file_add", obj=lib, organization=organization,
                 after={"name": lib.name, "size": lib.size})
    return lib


def library_use(lib: LibraryFile, *, kind: str, object_id: int, label: str) -> LibraryUse:
    """Record that ``kind``/``object_id`` (an app's record) uses ``lib``; once per record."""
    use, _created = LibraryUse.objects.update_or_create(file=lib, kind=kind, object_id=object_id,
                                                        defaults={"label": label[:300]})
    return use


def library_unuse(*, kind: str, object_id: int) -> None:
    LibraryUse.objects.filter(kind=kind, object_id=object_id).delete()


def library_files(campaign: Campaign, organization: Any):
    """The organisation's library for the campaign, each file with its uses (two queries)."""
    return (LibraryFile.objects.filter(campaign=campaign, organization=organization)
            .select_related("uploaded_by").prefetch_related("uses"))


def library_file_pick(lib: Any, *, campaign: Campaign, organization: Any, allowed: Any = None) -> LibraryFile:
    """A file picked from the library for a new record, re-checked by the service: it must be in this
    organisation's library for this campaign (else 404, as for anything out of reach) and, when
    ``allowed`` types are given, of one of them. Nothing is uploaded or stored again."""
    from django.core.exceptions import ValidationError
    from django.http import Http404
    from django.utils.translation import gettext as _

    from core.uploads import extension, normalise_types

    pk = getattr(lib, "pk", lib)
    found = LibraryFile.objects.filter(pk=pk, campaign=campaign, organization=organization).first()
    if found is None:
        raise Http404
    if allowed is not None and extension(found.name) not in normalise_types(allowed):
        raise ValidationError({"library_file": _("“%(name)s” is not a type accepted here (%(types)s).") % {
            "name": found.name, "types": "、".join(f".{t}" for t in sorted(normalise_types(allowed)))}})
    return found


def library_file_for(*, actor: Any, campaign: Campaign, organization: Any, upload: Any = None, picked: Any = None,
                     allowed: Any, max_bytes: Any = None) -> LibraryFile:
    """The library file backing a new record: the ``upload``, checked here (core.uploads: ``allowed``
    types, ``max_bytes``; an error under ``file``) and entered into the library once, or the file
    ``picked`` from it. Exactly one of the two is given."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from core.uploads import check_upload, content_type

    if upload is not None:
        try:
            ext = check_upload(upload, allowed=allowed, max_bytes=max_bytes)
        except ValidationError as exc:
            raise ValidationError({"file": exc})
    if (upload is None) == (picked is None):
        raise ValidationError({"file": _("Upload a new file or choose one from the library (one of the two).")})
    if picked is not None:
        return library_file_pick(picked, campaign=campaign, organization=organization, allowed=allowed)
    return library_file_add(actor=actor, campaign=campaign, organization=organization, upload=upload,
                            content_type=content_type(ext))
