"""Code that works across communes' schemas. Only here, and it says so.

Everything else runs in the one schema the host or the task header chose.
This module builds, renames, drops and inspects schemas, and asks questions
of many schemas in one statement.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django_tenants.utils import schema_context

from tenants.context import PUBLIC, use_public
from tenants.models import Commune

logger = logging.getLogger(__name__)

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


class RecipeError(RuntimeError):
    """The recorded SQL would not rebuild the schema faithfully."""


def build_schema(schema_name: str) -> None:
    """A new schema equal to a freshly migrated one, by replaying the recipe.

    The recipe is the SQL the migrations ran (tables, indexes, constraints,
    the rows of data migrations and post-migrate handlers), recorded once per
    migration state. Falls back to migrating if no faithful recipe exists.
    """
    try:
        script = recipe_script()
    except RecipeError:
        logger.exception("No faithful schema recipe; building %s by migrating", schema_name)
        create_schema_by_migrating(schema_name)
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {quote(schema_name)}")
        _replay(cursor, schema_name, script)


def _replay(cursor: Any, schema_name: str, script: str) -> None:
    # Django's migrations name no schema: they follow the search path.
    cursor.execute(f"SET LOCAL search_path = {quote(schema_name)}, public")
    cursor.execute(script)
    cursor.execute("SET LOCAL search_path = public")


def migration_state_key() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        server_version = cursor.fetchone()[0]
    state = [server_version, sorted(expected_migrations())]
    return hashlib.sha256(json.dumps(state).encode()).hexdigest()


def recipe_script() -> str:
    """The recipe for the code's migrations, recording it first if needed."""
    from tenants.models import SchemaRecipe

    key = migration_state_key()
    if key in _recipes:
        return _recipes[key]
    recipe = SchemaRecipe.objects.filter(key=key).first()
    if recipe is None:
        script, count = record_recipe()
        recipe, _ = SchemaRecipe.objects.get_or_create(key=key, defaults={"script": script, "statements": count})
    _recipes[key] = recipe.script
    return recipe.script


# Recipes this process has read or recorded, by migration state key: the
# script of a key never changes (even one recorded in a transaction that
# rolled back would be recorded the same again).
_recipes: dict[str, str] = {}


def record_recipe() -> tuple[str, int]:
    """Migrate a scratch schema while recording its SQL; check a replay matches it."""
    template = f"recipe_{uuid.uuid4().hex[:12]}"
    statements: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        result = execute(sql, params, many, context)
        if _changes_something(sql):
            raw = context["cursor"].cursor
            for each in params if many else [params]:
                statements.append(raw.mogrify(sql, each).decode())
        return result

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {quote(template)}")
    try:
        with connection.execute_wrapper(record):
            migrate_schema(template)
        script = ";\n".join(statements)
        if template in script:
            raise RecipeError(f"A migration names its schema; it cannot be replayed elsewhere ({template}).")
        _check_replay(script, template)
    finally:
        drop_schema(template)
    return script, len(statements)


def _check_replay(script: str, template: str) -> None:
    scratch = f"{template}_check"
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE SCHEMA {quote(scratch)}")
            _replay(cursor, scratch, script)
        faithful = schema_shape(scratch) == schema_shape(template)
        drop_schema(scratch)
    if not faithful:
        raise RecipeError("Replaying the recorded SQL does not rebuild the migrated schema.")


def _changes_something(sql: str) -> bool:
    statement = sql.lstrip().upper()
    if not statement or statement.startswith(("SET SEARCH_PATH", "SHOW ")):
        return False  # django-tenants' schema switching: the replay sets its own
    if statement.startswith("SELECT"):
        return "SETVAL(" in statement or "NEXTVAL(" in statement  # reads change nothing
    return True


def schema_shape(schema_name: str) -> dict[str, list[tuple[Any, ...]]]:
    """Tables, columns, indexes, constraints, triggers and row counts of a schema, without its name.

    Two schemas with the same shape were built the same way.
    """
    queries = {
        "columns": (
            "SELECT table_name, column_name, data_type, is_nullable, column_default, character_maximum_length"
            " FROM information_schema.columns WHERE table_schema = %(schema)s"
        ),
        "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %(schema)s",
        "constraints": (
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE connamespace = %(schema)s::regnamespace"
        ),
        "sequences": "SELECT sequence_name, data_type FROM information_schema.sequences"
        " WHERE sequence_schema = %(schema)s",
        "triggers": "SELECT event_object_table, trigger_name, event_manipulation, action_statement"
        " FROM information_schema.triggers WHERE trigger_schema = %(schema)s",
    }
    shape: dict[str, list[tuple[Any, ...]]] = {}
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL search_path = public")
        for name, query in queries.items():
            cursor.execute(query, {"schema": schema_name})
            shape[name] = sorted(_without_schema(row, schema_name) for row in cursor.fetchall())
        counts = []
        for (table,) in sorted({row[:1] for row in shape["columns"]}):
            cursor.execute(f"SELECT count(*) FROM {quote(schema_name)}.{quote(table)}")
            counts.append((table, cursor.fetchone()[0]))
        shape["rows"] = counts
    return shape


def _without_schema(row: tuple[Any, ...], schema_name: str) -> tuple[Any, ...]:
    def clean(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        return value.replace(f"{quote(schema_name)}.", "").replace(f"{schema_name}.", "")

    return tuple(clean(value) for value in row)


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
    "RecipeError",
    "applied_migrations",
    "build_schema",
    "commune_schemas",
    "create_schema_by_migrating",
    "drop_schema",
    "expected_migrations",
    "is_current",
    "migrate_schema",
    "recipe_script",
    "record_recipe",
    "rename_schema",
    "schema_context",
    "schema_exists",
    "schema_shape",
    "schemas_with_rows",
]
