"""System checks run by `manage.py check`, `migrate` and `runserver`: refuse an unusable MEDIA_ROOT."""
from __future__ import annotations

import os
import tempfile

from django.conf import settings
from django.core.checks import Error, register


@register("jinwei")
def media_root_writable(app_configs=None, **kwargs) -> list[Error]:
    root = str(settings.MEDIA_ROOT)
    if not os.path.isdir(root):
        return [Error(f"MEDIA_ROOT {root} does not exist.",
                      hint="Create it (or mount its disk) and give the service user write access; "
                           "uploads and reports are stored there.",
                      id="jinwei.E001")]
    try:
        with tempfile.NamedTemporaryFile(dir=root, prefix=".check-"):
            pass
    except OSError as exc:
        return [Error(f"MEDIA_ROOT {root} is not writable: {exc.strerror}.",
                      hint="Give the service user write access to it.", id="jinwei.E002")]
    return []


@register("jinwei", deploy=True)
def database_chosen(app_configs=None, **kwargs) -> list[Warning]:
    """Production names its database: DATABASE_URL (PostgreSQL) or, for a small install, SQLITE_PATH.
    Without either the app would quietly write a SQLite file inside the code checkout."""
    from django.core.checks import Warning

    if os.environ.get("DATABASE_URL") or os.environ.get("SQLITE_PATH"):
        return []
    return [Warning("Neither DATABASE_URL nor SQLITE_PATH is set: the database would be a SQLite file inside the code folder.",
                    hint="Set DATABASE_URL=postgres://... in the environment file (README, production).",
                    id="jinwei.W003")]
