"""PostgreSQL restarted while the platform serves: during the outage requests get 503 with Retry-After (not a
500), and once it is back the platform recovers by itself: connection health checks replace the connections
the restart cut, and no request after the recovery fails. The same holds for a Celery worker: the tasks it
runs after the restart succeed on their first attempt, without the worker being restarted. A worker's pool
process opens a connection per task (Celery's Django fix-up closes them before and after each one, which
bypasses CONN_MAX_AGE); with CELERY_DB_REUSE_MAX set it would keep them, and nothing would check them: every
task of that process would then fail after a restart (checked: this test fails so)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest
import redis
from psycopg2 import sql

from jisr.accounts.models import Invitation, Role
from jisr.accounts.services import invite_staff
from jisr.celery import send_to_commune
from jisr.outbox.models import Message
from jisr.outbox.tasks import deliver_message, sweep
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.conftest import host_of
from tests.services import (
    CeleryWorker,
    PrivatePostgres,
    RedisServer,
    WebServer,
    celery_broker,
    database_url_of_tests,
    platform_env,
    sent_emails,
    wait_for,
)

THREADS = 4
WORKERS = 2


@pytest.fixture
def private_postgres(live_db: None, tmp_path: Path) -> Iterator[PrivatePostgres]:
    """A server of the test's own (the embedded default's PostgreSQL), for a copy of the test database."""
    server = PrivatePostgres(tmp_path)
    server.start()
    yield server
    server.close()


def test_the_platform_recovers_by_itself_when_postgresql_restarts(
    private_postgres: PrivatePostgres, procedures: dict[str, str]
) -> None:
    private_postgres.copy_of(database_url_of_tests())
    commune = Commune.objects.get(slug="aitmelloul")
    page = ("/guide/", host_of(commune))
    # Persistent connections, as in production: each thread keeps the one it opened.
    env = platform_env(DATABASE_URL=private_postgres.url, DATABASE_CONN_MAX_AGE="600")
    with WebServer(env, workers=WORKERS, threads=THREADS) as web:
        before = web.get_many([page] * 40, concurrency=WORKERS * THREADS)
        assert {status for status, _, _ in before} == {200}

        private_postgres.stop()
        # A few requests only: most threads keep the connection the restart cut, for the health check to find.
        during = [web.get(*page) for _ in range(3)]
        private_postgres.resume()
        after = web.get_many([page] * 200, concurrency=WORKERS * THREADS)

    for status, body, headers in during:
        assert status == 503
        assert headers.get("Retry-After") == "10"
        # The commune's lookup failed, so the page is in the platform's default language, with Arabic beside it.
        assert "Jisr revient dans un instant" in body
        assert "جسر يعود بعد لحظات" in body
    assert [status for status, _, _ in after] == [200] * len(after)
    assert all(procedures["aitmelloul"] in body for _, body, _ in after)


MESSAGES = 20  # pending invitations, half delivered before the restart, half after


def test_a_worker_recovers_by_itself_when_postgresql_restarts(
    private_postgres: PrivatePostgres, private_redis: RedisServer, tmp_path: Path
) -> None:
    communes = list(Commune.objects.filter(slug__in=("aitmelloul", "nador")).order_by("slug"))
    expected = []
    try:
        with celery_broker(private_redis.url):
            for n in range(MESSAGES):
                commune = communes[n % 2]
                with schema_context(commune.schema_name):
                    invite_staff(email=f"pg-restart-{n}@{commune.slug}.test", role=Role.AGENT)
                expected.append(f"pg-restart-{n}@{commune.slug}.test")
        # Their deliveries were queued: dropped, as if Redis had lost them. The outbox alone holds the messages.
        redis.Redis.from_url(private_redis.url).flushall()
        messages = {}
        for commune in communes:
            with schema_context(commune.schema_name):
                messages[commune.schema_name] = [
                    str(pk)
                    for pk in Message.objects.filter(recipient__startswith="pg-restart-")
                    .order_by("recipient")
                    .values_list("pk", flat=True)
                ]
        private_postgres.copy_of(database_url_of_tests())
    finally:
        for commune in communes:
            with schema_context(commune.schema_name):
                Message.objects.filter(recipient__startswith="pg-restart-").delete()
                Invitation.objects.filter(email__startswith="pg-restart-").delete()

    mail = tmp_path / "mail"

    def delivered() -> Counter[str]:  # (the sweep also delivers what the suite's set-up left pending)
        return Counter({address: n for address, n in sent_emails(mail).items() if address.startswith("pg-restart-")})

    # The production settings, CONN_MAX_AGE included (which Celery's closing of connections overrides).
    worker = CeleryWorker(
        platform_env(
            DATABASE_URL=private_postgres.url,
            CELERY_BROKER_URL=private_redis.url,
            EMAIL_URL=f"filemail://{mail}",
            DATABASE_CONN_MAX_AGE="600",
        ),
        concurrency=2,
    )
    worker.start()
    try:
        with celery_broker(private_redis.url):
            # Half of them delivered one by one, by both pool processes.
            first_half = [(schema, pk) for schema, pks in messages.items() for pk in pks[: len(pks) // 2]]
            for schema, pk in first_half:
                send_to_commune(deliver_message, schema, pk)
            assert wait_for(lambda: delivered().total() == len(first_half), timeout=60)

            private_postgres.stop()
            private_postgres.resume()

            # The rest: one sweep, as beat sends every 30 s, and the flushes it queues for the two communes: no
            # task may find a connection the restart cut.
            sweep.delay()
            assert wait_for(lambda: delivered().total() == MESSAGES, timeout=60), delivered()
        time.sleep(2)  # a late or doubled delivery would land now
        assert worker.process is not None
        assert worker.process.poll() is None  # the same worker, never restarted
    finally:
        worker.stop()

    assert sorted(delivered()) == sorted(expected)
    assert set(delivered().values()) == {1}
    with psycopg2.connect(private_postgres.url) as connection, connection.cursor() as cursor:
        for schema in messages:
            query = "SELECT state, count(*) FROM {}.outbox_message WHERE recipient LIKE 'pg-restart-%%' GROUP BY state"
            cursor.execute(sql.SQL(query).format(sql.Identifier(schema)))
            assert dict(cursor.fetchall()) == {Message.State.SENT.value: MESSAGES // 2}
    connection.close()
