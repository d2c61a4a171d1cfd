"""What the benchmarks share: a database of their own on the server of DATABASE_URL."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]


def use_database(name: str) -> None:
    """Point DATABASE_URL at the database `name` on the same server."""
    url = os.environ["DATABASE_URL"]
    os.environ["DATABASE_URL"] = urlsplit(url)._replace(path=f"/{name}").geturl()


def prepare_database(name: str) -> None:
    """A fresh, empty database `name` (dropped first if a previous run left it), then use it."""
    import environ
    import psycopg2
    from psycopg2 import sql

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
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()
    use_database(name)
