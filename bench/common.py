"""What the benchmarks share: a database of their own on the server of DATABASE_URL."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]


def use_database(name: str) -> None:
    """Point DATABASE_URL at the database `name` on the same server."""
    url = os.environ["DATABASE_URL"]
    os.environ["DATABASE_URL"] = urlsplit(url)._replace(path=f"/{name}").geturl()


def maintenance_connection() -> Any:
    """A connection, in autocommit, to the maintenance database of DATABASE_URL's server."""
    import environ
    import psycopg2

    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    params = {
        "dbname": "postgres",
        "user": config["USER"],
        "password": config["PASSWORD"],
        "host": config["HOST"] or config.get("OPTIONS", {}).get("host"),
        "port": config["PORT"] or None,
    }
    connection = psycopg2.connect(**{k: v for k, v in params.items() if v})
    connection.autocommit = True
    return connection


def database_exists(name: str) -> bool:
    connection = maintenance_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        found = cursor.fetchone() is not None
    connection.close()
    return found


def drop_database(name: str) -> None:
    """Drop the database `name`, closing Django's connections to it first if Django is set up."""
    from psycopg2 import sql

    if "django.db" in sys.modules:
        from django.db import connections

        connections.close_all()
    connection = maintenance_connection()
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    connection.close()


def prepare_database(name: str) -> None:
    """A fresh, empty database `name` (dropped first if a previous run left it), then use it."""
    from psycopg2 import sql

    drop_database(name)
    connection = maintenance_connection()
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()
    use_database(name)


def setup_django(*, migrate: bool) -> None:
    """Django on the benchmark's database, with no pool of spare schemas; `migrate`: the public schema's tables."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jisr.settings")
    os.environ["TENANT_POOL_SIZE"] = "0"
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
