"""The outbox: a message commits with its change and is delivered once, broker or not."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from django.core import mail
from django.db import connection, transaction

from jisr.accounts.models import Invitation, Role
from jisr.accounts.services import invite_staff
from jisr.outbox import services
from jisr.outbox.models import Message
from jisr.outbox.tasks import sweep
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.services import RedisServer, celery_broker, running_worker, wait_for


def _purge(*communes: Commune) -> None:
    for commune in communes:
        with schema_context(commune.schema_name):
            Message.objects.all().delete()
            Invitation.objects.all().delete()


@pytest.fixture
def clean_communes(live_db: None) -> Iterator[tuple[Commune, Commune]]:
    a, b = Commune.objects.get(slug="aitmelloul"), Commune.objects.get(slug="nador")
    _purge(a, b)
    yield a, b
    _purge(a, b)


def test_message_is_written_in_the_transaction_of_its_change(commune_a: Commune) -> None:
    def invite_then_fail() -> None:
        with transaction.atomic():
            invite_staff(email="agent@aitmelloul.test", role=Role.AGENT)
            raise RuntimeError("the change fails after the message was written")

    with schema_context(commune_a.schema_name):
        with pytest.raises(RuntimeError):
            invite_then_fail()
        assert not Invitation.objects.filter(email="agent@aitmelloul.test").exists()
        assert not Message.objects.filter(recipient="agent@aitmelloul.test").exists()


def test_change_made_while_redis_is_down_commits_and_its_message_is_delivered_once_redis_is_back(
    clean_communes: tuple[Commune, Commune], private_redis: RedisServer
) -> None:
    commune, other = clean_communes
    with celery_broker(private_redis.url):
        private_redis.stop()
        with schema_context(commune.schema_name):
            invite_staff(email="agent@aitmelloul.test", role=Role.AGENT)  # commits on its own
            message = Message.objects.get(recipient="agent@aitmelloul.test")
            assert message.state == Message.State.PENDING
        assert mail.outbox == []

        private_redis.start()
        with running_worker():
            sweep.delay()  # what beat does every 30 seconds
            with schema_context(commune.schema_name):
                assert wait_for(lambda: Message.objects.get(pk=message.pk).state == Message.State.SENT)
            # Later sweeps and a stray deliver of the same message send nothing more.
            sweep.delay()
            with schema_context(commune.schema_name):
                services.dispatch(message_id=message.pk, schema_name=commune.schema_name)
            assert not wait_for(lambda: len(mail.outbox) > 1, timeout=2)

    assert [email.to for email in mail.outbox] == [["agent@aitmelloul.test"]]
    assert "/accounts/invitation/" in mail.outbox[0].body
    with schema_context(other.schema_name):
        assert not Message.objects.exists()


def test_with_the_broker_up_a_message_goes_out_right_after_commit(
    clean_communes: tuple[Commune, Commune], private_redis: RedisServer
) -> None:
    commune, _ = clean_communes
    with celery_broker(private_redis.url), running_worker():
        with schema_context(commune.schema_name):
            invite_staff(email="head2@aitmelloul.test", role=Role.OFFICE_HEAD)
        assert wait_for(lambda: len(mail.outbox) == 1)
    assert mail.outbox[0].to == ["head2@aitmelloul.test"]


def test_two_deliveries_racing_for_one_message_send_it_once(clean_communes: tuple[Commune, Commune]) -> None:
    commune, _ = clean_communes
    with schema_context(commune.schema_name):
        message = services.enqueue(kind="test", recipient="race@aitmelloul.test", subject="Race", body="once")
    results: list[bool] = []

    def deliver() -> None:
        with schema_context(commune.schema_name):
            results.append(services.deliver(message_id=message.pk))
        connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    assert len(mail.outbox) == 1


def test_a_failed_send_is_retried_later_and_given_up_after_the_limit(
    commune_a: Commune,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.EMAIL_BACKEND = "tests.jisr.failing_email.Backend"
    settings.OUTBOX_MAX_ATTEMPTS = 2
    with schema_context(commune_a.schema_name):
        message = services.enqueue(kind="test", recipient="x@aitmelloul.test", subject="S", body="B")
        assert services.deliver(message_id=message.pk) is False
        message.refresh_from_db()
        assert message.state == Message.State.PENDING
        assert message.attempts == 1
        assert "SMTP server said no" in message.last_error
        assert message.next_attempt_at > message.created_at
        assert message.pk not in services.due_message_ids()  # waits for its back-off

        Message.objects.filter(pk=message.pk).update(next_attempt_at=message.created_at)
        assert services.deliver(message_id=message.pk) is False
        message.refresh_from_db()
        assert message.state == Message.State.FAILED


def test_same_dedupe_key_gives_one_message(commune_a: Commune) -> None:
    with schema_context(commune_a.schema_name):
        first = services.enqueue(kind="t", recipient="a@b.test", body="x", dedupe_key="case-1-ack")
        second = services.enqueue(kind="t", recipient="a@b.test", body="x", dedupe_key="case-1-ack")
        assert first.pk == second.pk
        assert Message.objects.filter(dedupe_key="case-1-ack").count() == 1


def test_sweep_finds_only_schemas_with_due_messages(clean_communes: tuple[Commune, Commune]) -> None:
    from django.utils import timezone

    from tenants.cross_schema import schemas_with_rows

    commune, _ = clean_communes
    with schema_context(commune.schema_name):
        Message.objects.create(kind="t", recipient="a@b.test", body="x")
    found = schemas_with_rows(
        table="outbox_message",
        where="state = 'pending' AND next_attempt_at <= %s",
        params=[timezone.now()],
        include_public=True,
    )
    assert found == [commune.schema_name]
