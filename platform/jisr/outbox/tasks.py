"""Outbox tasks: thin, idempotent, each calls a service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from jisr.celery import send_to_commune
from jisr.outbox import services


@shared_task(name="outbox.deliver")
def deliver_message(message_id: str) -> bool:
    """Runs in the schema the message was written in (task header)."""
    return services.deliver(message_id=message_id)


@shared_task(name="outbox.flush")
def flush() -> int:
    return services.flush()


@shared_task(name="outbox.sweep")
def sweep() -> int:
    """From beat, in public: queue a flush for every schema with due messages.

    This is what delivers messages whose commit-time dispatch failed (broker
    down) or whose last attempt failed and waited for its back-off.
    """
    from tenants.cross_schema import schemas_with_rows

    schemas = schemas_with_rows(
        table="outbox_message",
        where="state = 'pending' AND next_attempt_at <= %s",
        params=[timezone.now()],
        include_public=True,
    )
    for schema_name in schemas:
        send_to_commune(flush, schema_name)
    return len(schemas)
