"""Redis stopped in the middle of a burst of 1,000 notifications: every change commits, and once Redis is back
every message is delivered exactly once (0 lost, 0 duplicated).

A real worker process delivers (prefork, two pool processes) and writes each e-mail to a file, so what is
counted is what left the platform, not what the database says. Redis here keeps nothing on disk: what was
queued when it stopped is gone, as after a crash. What brings those messages back is the outbox: each message
is a row written with its change; the sweep (beat, every 30 seconds; called here) finds the rows still
pending and queues them again; delivery locks the row, so two deliveries of one message send it once.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from jisr.accounts.models import Invitation, Role
from jisr.accounts.services import invite_staff
from jisr.outbox.models import Message
from jisr.outbox.tasks import sweep
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.services import CeleryWorker, RedisServer, celery_broker, platform_env, sent_emails, wait_for

BURST = 1000
DOWN_AT, BACK_AT = 300, 700  # Redis stops after the 300th change, and is back before the 700th


@pytest.fixture
def communes(live_db: None) -> Iterator[list[Commune]]:
    found = list(Commune.objects.filter(slug__in=("aitmelloul", "nador")).order_by("slug"))
    yield found
    for commune in found:
        with schema_context(commune.schema_name):
            Message.objects.filter(kind="invitation", recipient__startswith="burst-").delete()
            Invitation.objects.filter(email__startswith="burst-").delete()


def pending(communes: list[Commune]) -> int:
    count = 0
    for commune in communes:
        with schema_context(commune.schema_name):
            count += Message.objects.filter(recipient__startswith="burst-").exclude(state=Message.State.SENT).count()
    return count


def test_a_burst_of_notifications_through_a_redis_outage_is_delivered_once_each(
    communes: list[Commune], private_redis: RedisServer, tmp_path: Path
) -> None:
    mail = tmp_path / "mail"
    worker = CeleryWorker(
        platform_env(CELERY_BROKER_URL=private_redis.url, EMAIL_URL=f"filemail://{mail}", DATABASE_CONN_MAX_AGE="0"),
        concurrency=2,
    )
    worker.start()
    expected: list[str] = []
    try:
        with celery_broker(private_redis.url):
            for n in range(BURST):
                if n == DOWN_AT:
                    private_redis.stop()
                elif n == BACK_AT:
                    private_redis.start()
                commune = communes[n % 2]
                with schema_context(commune.schema_name):
                    # Each change commits on its own, whether or not its message could be queued.
                    invite_staff(email=f"burst-{n}@{commune.slug}.test", role=Role.AGENT)
                expected.append(f"burst-{n}@{commune.slug}.test")

            # What beat does every 30 seconds, until nothing is left pending.
            deadline = time.monotonic() + 180
            while pending(communes) and time.monotonic() < deadline:
                sweep.delay()
                wait_for(lambda: pending(communes) == 0, timeout=5)
        assert pending(communes) == 0
        # Late or doubled deliveries would land now.
        time.sleep(3)
    finally:
        worker.stop()

    for commune in communes:
        with schema_context(commune.schema_name):
            assert Invitation.objects.filter(email__startswith="burst-").count() == BURST // 2
            assert Message.objects.filter(recipient__startswith="burst-", state=Message.State.SENT).count() == (
                BURST // 2
            )
    # (The sweep also delivers what earlier set-up left pending, the test communes' invitations.)
    delivered = Counter(
        {address: times for address, times in sent_emails(mail).items() if address.startswith("burst-")}
    )
    assert set(delivered) == set(expected), f"lost: {sorted(set(expected) - set(delivered))[:5]}"
    assert [address for address, times in delivered.items() if times > 1] == []
    assert sum(delivered.values()) == BURST
