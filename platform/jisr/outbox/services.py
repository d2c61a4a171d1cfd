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
from typing import Protocol
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
    attachments: list[dict[str, str]] | None = None,
) -> Message:
    """Record a message to send once the current transaction commits.

    `attachments` (e-mail only) name files of the current schema's storage: {"name", "path", "type"}.
    """
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
        attachments=attachments or [],
    )
    transaction.on_commit(partial(dispatch, message_id=message.id, schema_name=current_schema()))
    return message


def enqueue_templated(
    *,
    kind: str,
    channel: str,
    recipient: str,
    template: str,
    context: dict[str, object],
    language: str,
    dedupe_key: str | None = None,
    attachments: list[dict[str, str]] | None = None,
) -> Message:
    """A message rendered from templates in `language`, for any channel.

    E-mail: `<template>_subject.txt` and `<template>_body.txt`. SMS and
    WhatsApp: `<template>_sms.txt`, plain and short (one text for both; an
    SMS should stay under about 300 characters), with blank lines dropped.
    """
    subject: str
    body: str
    with translation.override(language):
        if channel == Message.Channel.EMAIL:
            subject = render_to_string(f"{template}_subject.txt", context)
            body = render_to_string(f"{template}_body.txt", context)
        else:
            subject = ""
            text = render_to_string(f"{template}_sms.txt", context)
            body = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    return enqueue(
        kind=kind,
        recipient=recipient,
        subject=subject,
        body=body,
        channel=channel,
        language=language,
        dedupe_key=dedupe_key,
        attachments=attachments,
    )


def enqueue_templated_email(
    *,
    kind: str,
    recipient: str,
    template: str,
    context: dict[str, object],
    language: str,
    dedupe_key: str | None = None,
    attachments: list[dict[str, str]] | None = None,
) -> Message:
    """An e-mail from `<template>_subject.txt` and `<template>_body.txt`, in `language`, with files if given."""
    return enqueue_templated(
        kind=kind,
        channel=Message.Channel.EMAIL,
        recipient=recipient,
        template=template,
        context=context,
        language=language,
        dedupe_key=dedupe_key,
        attachments=attachments,
    )


class Contact(Protocol):
    """Someone outside the platform who chose how to be told: a person of the register, a booking."""

    @property
    def notify_by(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def phone(self) -> str: ...
    @property
    def preferred_language(self) -> str: ...


def routes(contact: Contact, *, also_email: bool = False) -> list[tuple[str, str]]:
    """(channel, address) pairs to tell `contact` by: the channel they chose, then e-mail if `also_email`.

    SMS and WhatsApp go to the phone in E.164 (a person's WhatsApp number
    first, if the register has one). When the chosen channel has no address
    (an older record, a number removed by the office), e-mail stands in.
    """
    email = (contact.email or "").strip()
    phone = contact.phone or ""
    addresses = {
        Message.Channel.EMAIL: email,
        Message.Channel.SMS: phone,
        Message.Channel.WHATSAPP: getattr(contact, "whatsapp", "") or phone,
    }
    chosen = contact.notify_by if contact.notify_by in addresses else Message.Channel.EMAIL
    found: list[tuple[str, str]] = []
    if addresses[Message.Channel(chosen)]:
        found.append((chosen, addresses[Message.Channel(chosen)]))
    if email and (also_email or not found) and chosen != Message.Channel.EMAIL:
        found.append((Message.Channel.EMAIL, email))
    return found


def notify(
    contact: Contact,
    *,
    kind: str,
    template: str,
    context: dict[str, object],
    dedupe_key: str | None = None,
    also_email: bool = False,
) -> list[Message]:
    """Tell `contact` by the channel they chose, in their language; see `routes`.

    A `dedupe_key` stays as given for e-mail and gets `:<channel>` for SMS
    and WhatsApp, so one cause gives at most one message per channel.
    """
    return [
        enqueue_templated(
            kind=kind,
            channel=channel,
            recipient=address,
            template=template,
            context=context,
            language=contact.preferred_language,
            dedupe_key=dedupe_key
            if dedupe_key is None or channel == Message.Channel.EMAIL
            else f"{dedupe_key}:{channel}",
        )
        for channel, address in routes(contact, also_email=also_email)
    ]


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
