"""Files of a commune live under MEDIA_ROOT/<schema>/, apart from every other commune's.

django-tenants' TenantFileSystemStorage (settings.STORAGES) picks the folder
when a file is opened or saved, from the schema the connection is in: the
host for a request, the task header for a task. Files are never served by a
bare static URL: views check the commune and the user first.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings


def commune_media_root(schema_name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / schema_name


def delete_commune_files(schema_name: str) -> None:
    shutil.rmtree(commune_media_root(schema_name), ignore_errors=True)
