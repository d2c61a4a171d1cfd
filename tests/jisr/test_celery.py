"""Tasks run in the schema of the commune they were sent for; never silently in public."""

from __future__ import annotations

import pytest
from celery import shared_task

from jisr.celery import CommuneTask, TaskOutsideCommune, send_to_commune
from tenants.context import current_schema
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.services import RedisServer, celery_broker, running_worker, wait_for

seen: list[tuple[str, str]] = []
failures: list[str] = []


@shared_task(name="tests.record_schema", base=CommuneTask)
def record_schema(label: str) -> str:
    seen.append((label, current_schema()))
    return current_schema()


@pytest.fixture
def worker_on_private_redis(live_db: None, private_redis: RedisServer):  # type: ignore[no-untyped-def]
    from celery.signals import task_failure

    def on_failure(sender, exception, **kwargs):  # type: ignore[no-untyped-def]
        failures.append(type(exception).__name__)

    seen.clear()
    failures.clear()
    task_failure.connect(on_failure)
    with celery_broker(private_redis.url), running_worker():
        yield
    task_failure.disconnect(on_failure)


def test_a_task_sent_from_a_commune_runs_in_that_communes_schema(worker_on_private_redis: None) -> None:
    a, b = Commune.objects.get(slug="aitmelloul"), Commune.objects.get(slug="nador")
    with schema_context(a.schema_name):
        record_schema.delay("from a")
    with schema_context(b.schema_name):
        record_schema.delay("from b")
    send_to_commune(record_schema, a.schema_name, "for a, sent from public")

    assert wait_for(lambda: len(seen) == 3)
    assert sorted(seen) == sorted(
        [
            ("from a", a.schema_name),
            ("from b", b.schema_name),
            ("for a, sent from public", a.schema_name),
        ]
    )


def test_a_commune_task_sent_from_public_fails_instead_of_running_there(worker_on_private_redis: None) -> None:
    record_schema.delay("no commune")
    assert wait_for(lambda: failures == ["TaskOutsideCommune"])
    assert seen == []


def test_a_commune_task_run_in_process_from_public_raises(db: None) -> None:
    with pytest.raises(TaskOutsideCommune):
        record_schema.apply(args=["eager"]).get()
