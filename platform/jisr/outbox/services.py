"""Writing messages to the outbox and delivering them.

`enqueue` is called inside the transaction of the change that causes the
message: both commit or neither does. Delivery happens after the commit, by
a task; if the broker is down the sweep (`jisr.outbox.tasks.sweep`) finds the
message later. A message is sent once: delivery holds a row lock and checks
the state, so the commit hook and the sweep can never both send it.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from functools import partial
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from jisr.outbox.channels import channel_for
from jisr.outbox.models import Message
from tenants.context import current_schema

logger = logging.getLogger(__name__)

RETRY_BASE = timedelta(seconds=30)
RETRY_CAP = timedelta(hours=6)


def enqueue(
    *,
    kind: str,
    recipient: str,
    body: str,
    subject: str = "",
    html_body: str = "",
    channel: str = Message.Channel.EMAIL,
    language: str = "fr",
    dedupe_key: str | None = None,
) -> Message:
    """Record a message to send once the current transaction commits."""
    if dedupe_key is not None:
        existing = Message.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    message = Message.objects.create(
        kind=kind,
        recipient=recipient,
        subject=subject.replace("\n", " ").strip(),
        body=body,
        html_body=html_body,
        channel=channel,
        language=language,
        dedupe_key=dedupe_key,
    )
    transaction.on_commit(partial(dispatch, message_id=message.id, schema_name=current_schema()))
    return message


def enqueue_templated_email(
    *,
    kind: str,
    recipient: str,
    template: str,
    context: dict[str, object],
    language: str,
    dedupe_key: str | None = None,
) -> Message:
    """An e-mail from `<template>_subject.txt` and `<template>_body.txt`, in `language`."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}_body.txt", context)
    return enqueue(
        kind=kind,
        recipient=recipient,
        subject=subject,
        body=body,
        language=language,
        dedupe_key=dedupe_key,
    )


# After a failed publish, this process leaves messages to the sweep for a
# while instead of paying a connection attempt for each one.
BROKER_BACKOFF_SECONDS = 5.0
_broker_down_until = 0.0


def dispatch(*, message_id: UUID, schema_name: str) -> None:
    """Ask a worker to deliver now. A broker outage only delays the message."""
    global _broker_down_until
    from jisr.celery import send_to_commune
    from jisr.outbox.tasks import deliver_message

    if time.monotonic() < _broker_down_until:
        return
    try:
        send_to_commune(deliver_message, schema_name, str(message_id))
    except (BrokerError, RedisError, OSError) as error:
        _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
        logger.warning("Broker unavailable, message %s waits for the sweep: %s", message_id, error)


def deliver(*, message_id: UUID | str) -> bool:
    """Send one pending message of the current schema. True if this call sent it."""
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, state=Message.State.PENDING)
            .first()
        )
        if message is None:  # sent already, given up, or being sent right now
            return False
        message.attempts += 1
        try:
            channel_for(message).send(message)
        except Exception as error:
            logger.exception("Sending message %s failed (attempt %s)", message.id, message.attempts)
            _record_failure(message, error)
            return False
        message.state = Message.State.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["state", "sent_at", "attempts", "last_error"])
    return True


def _record_failure(message: Message, error: Exception) -> None:
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        message.state = Message.State.FAILED
    else:
        delay = min(RETRY_BASE * 2 ** (message.attempts - 1), RETRY_CAP)
        message.next_attempt_at = timezone.now() + delay
    message.save(update_fields=["state", "attempts", "last_error", "next_attempt_at"])


def due_message_ids(*, limit: int = 500) -> list[UUID]:
    """Pending messages of the current schema whose time has come, oldest first."""
    return list(
        Message.objects.filter(state=Message.State.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("id", flat=True)[:limit]
    )


def flush() -> int:
    """Deliver every due message of the current schema; how many were sent."""
    return sum(deliver(message_id=message_id) for message_id in due_message_ids())
