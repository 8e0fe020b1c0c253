"""File storage that says what went wrong in words, and never makes a missing MEDIA_ROOT up.

A full, read-only or unmounted disk raises ``StorageUnavailable``, a ValidationError: the service that
saved the file rolls back, ``core.views.service_errors`` puts the message on the form and the user keeps
what they typed. A missing MEDIA_ROOT (a disk not mounted) is refused instead of being created afresh on
another disk, where the files would be lost from backups.
"""
from __future__ import annotations

import logging
import os

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

STORAGE_MESSAGE = _("The file could not be stored: the server's file storage is not available. "
                    "Nothing was saved; please try again later or tell the system administrator.")


class StorageUnavailable(ValidationError):
    def __init__(self) -> None:
        super().__init__(STORAGE_MESSAGE, code="storage")


class CheckedFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        if not os.path.isdir(self.location):
            log.error("MEDIA_ROOT %s is missing; upload %s refused", self.location, name)
            raise StorageUnavailable()
        try:
            return super()._save(name, content)
        except OSError:
            log.exception("storage fault while saving %s", name)
            raise StorageUnavailable() from None
