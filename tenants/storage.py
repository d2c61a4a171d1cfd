"""Files of a commune live under MEDIA_ROOT/<schema>/, apart from every other commune's.

The storage (settings.STORAGES, built on django-tenants') picks the folder
when a file is opened or saved, from the schema the connection is in: the
host for a request, the task header for a task. Files are never served by a
bare static URL: views check the commune and the user first.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django_tenants.files.storage import TenantFileSystemStorage


def commune_media_root(schema_name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / schema_name


def delete_commune_files(schema_name: str) -> None:
    shutil.rmtree(commune_media_root(schema_name), ignore_errors=True)


class CommuneFileStorage(TenantFileSystemStorage):
    """django-tenants' per-schema storage, following MEDIA_ROOT when it changes.

    Upstream caches the first MEDIA_ROOT it sees (its setting-changed handler
    passes the settings module instead of the setting's name), so a changed
    MEDIA_ROOT would still write to the old folder.
    """

    def _clear_cached_properties(self, setting: str, **kwargs: Any) -> None:
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "MEDIA_ROOT":
            self.__dict__.pop("relative_media_root", None)
