"""Code that works across communes' schemas. Only here, and it says so.

Everything else runs in the one schema the host or the task header chose.
This module builds, renames, drops and inspects schemas, and asks questions
of many schemas in one statement.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django_tenants.utils import schema_context

from tenants.context import PUBLIC, use_public
from tenants.models import Commune

# How many schemas one UNION ALL statement visits.
CHUNK = 250


def quote(schema_name: str) -> str:
    return connection.ops.quote_name(schema_name)


def schema_exists(schema_name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = %s)", [schema_name])
        return bool(cursor.fetchone()[0])


def rename_schema(old: str, new: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER SCHEMA {quote(old)} RENAME TO {quote(new)}")


def drop_schema(schema_name: str) -> None:
    if schema_name == PUBLIC:
        raise ValueError("The public schema is never dropped.")
    with connection.cursor() as cursor:
        # Deferred foreign-key checks of rows written earlier in this
        # transaction would otherwise forbid dropping their tables.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"DROP SCHEMA IF EXISTS {quote(schema_name)} CASCADE")


def create_schema_by_migrating(schema_name: str) -> None:
    """django-tenants' way: an empty schema, then every tenant migration."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {quote(schema_name)}")
    migrate_schema(schema_name)


def migrate_schema(schema_name: str) -> None:
    call_command(
        "migrate_schemas",
        schema_name=schema_name,
        tenant=True,
        interactive=False,
        verbosity=0,
        executor="standard",
    )
    use_public()


@functools.cache
def expected_migrations() -> frozenset[tuple[str, str]]:
    """Every migration in the code. django-tenants records all of them in each
    schema (those of shared apps as no-ops), so a current schema has them all."""
    loader = MigrationLoader(None, ignore_no_migrations=True, load=True)
    return frozenset(loader.graph.nodes)


def applied_migrations(schema_name: str) -> frozenset[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT app, name FROM {quote(schema_name)}.django_migrations")
        return frozenset((app, name) for app, name in cursor.fetchall())


def is_current(schema_name: str) -> bool:
    """Has this schema applied every migration the code has?"""
    return not expected_migrations() - applied_migrations(schema_name)


def commune_schemas(*, include_public: bool = False) -> list[str]:
    """Schemas of communes that exist (active or suspended), not the pool's."""
    schemas = list(
        Commune.objects.exclude(status=Commune.Status.POOLED)
        .order_by("schema_name")
        .values_list("schema_name", flat=True)
    )
    return [PUBLIC, *schemas] if include_public else schemas


def schemas_with_rows(*, table: str, where: str, params: Sequence[object], include_public: bool = False) -> list[str]:
    """Which schemas have at least one row of `table` matching `where`.

    One UNION ALL statement per chunk of schemas, instead of one query per
    commune: with 1,503 communes that is 7 round trips instead of 1,503.
    """
    found: list[str] = []
    for chunk in _chunks(commune_schemas(include_public=include_public), CHUNK):
        parts = [
            f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(schema)}.{quote(table)} WHERE {where})" for schema in chunk
        ]
        statement_params: list[Any] = []
        for schema in chunk:
            statement_params += [schema, *params]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), statement_params)
            found += [row[0] for row in cursor.fetchall()]
    return found


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


__all__ = [
    "applied_migrations",
    "commune_schemas",
    "create_schema_by_migrating",
    "drop_schema",
    "expected_migrations",
    "is_current",
    "migrate_schema",
    "rename_schema",
    "schema_context",
    "schema_exists",
    "schemas_with_rows",
]
