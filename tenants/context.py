"""Which commune the code is working for: the schema of the database connection.

The host sets it for a request (tenants.middleware), the task header for a
Celery task (jisr.celery). Read it here rather than from django-tenants'
connection attributes, so the rest of the code stays typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.db import connection

if TYPE_CHECKING:
    from django_tenants.postgresql_backend.base import DatabaseWrapper

    from tenants.models import Commune

PUBLIC = "public"


def _connection() -> DatabaseWrapper:
    return cast("DatabaseWrapper", connection)


def current_schema() -> str:
    return str(getattr(connection, "schema_name", PUBLIC) or PUBLIC)


def in_public() -> bool:
    return current_schema() == PUBLIC


def use_public() -> None:
    _connection().set_schema_to_public()


def use_commune(commune: Commune) -> None:
    _connection().set_tenant(commune)
