"""What the benchmarks share: a database of their own on the server of DATABASE_URL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]


def use_database(name: str) -> None:
    """Point DATABASE_URL at the database `name` on the same server."""
    os.environ["DATABASE_URL"] = database_url(name)


def maintenance_connection() -> Any:
    """A connection, in autocommit, to the maintenance database of DATABASE_URL's server."""
    return connect("postgres")


def database_url(name: str) -> str:
    """DATABASE_URL, with the database `name` on the same server."""
    return urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()


def connect(name: str) -> Any:
    """A connection, in autocommit, to the database `name` on DATABASE_URL's server."""
    import environ
    import psycopg2

    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    params = {
        "dbname": name,
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


def copy_database(source: str, name: str) -> None:
    """A copy `name` of the database `source` (dropped first if a previous run left it). Nothing may be
    connected to `source` meanwhile: Django's connections are closed first if Django is set up."""
    from psycopg2 import sql

    drop_database(name)  # closes Django's connections too
    connection = maintenance_connection()
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(source)))
    connection.close()


def setup_django(*, migrate: bool) -> None:
    """Django on the benchmark's database, with no pool of spare schemas; `migrate`: the public schema's tables."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jisr.settings")
    os.environ["TENANT_POOL_SIZE"] = "0"
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)


def start_gunicorn(
    port: int,
    env: dict[str, str],
    *,
    options: Sequence[str] = (),
    start: Callable[..., subprocess.Popen[bytes]] | None = None,
) -> subprocess.Popen[bytes]:
    """gunicorn serving the platform on 127.0.0.1:`port` as a small production pod does (2 workers x 8 threads),
    returned once /healthz answers; `start(command, env)` starts it (by default a plain subprocess)."""
    command = [
        sys.executable, "-m", "gunicorn", "jisr.wsgi", "--bind", f"127.0.0.1:{port}",
        "--workers", "2", "--threads", "8", "--log-level", "warning", *options,
    ]  # fmt: skip
    server = start(command, env) if start else subprocess.Popen(command, env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    server.wait()
    raise SystemExit("gunicorn did not start")
