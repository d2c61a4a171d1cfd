"""How a message leaves the platform, one class per channel.

E-mail goes through Django's e-mail backend (SMTP in production, a file or
the console in the embedded default). SMS and WhatsApp go through a provider
named in settings (`OUTBOX_SMS_CHANNEL`, `OUTBOX_WHATSAPP_CHANNEL`); the
default only logs. docs/notifications.md tells how to plug a provider.
"""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import make_msgid
from django.utils.module_loading import import_string

from jisr.outbox.models import Message

logger = logging.getLogger(__name__)


class Channel(Protocol):
    """What the outbox needs of a channel: one method, constructed without arguments.

    `send` hands `message.body` (and `message.subject` for e-mail) to
    `message.recipient` (an e-mail address, or a phone number in E.164 for
    SMS and WhatsApp) and returns once the provider accepted it. On any
    failure it raises: the outbox (jisr.outbox.services.deliver) records the
    error and tries again with a growing back-off, then marks the message
    failed after OUTBOX_MAX_ATTEMPTS. It must not mark the message itself.
    """

    def send(self, message: Message) -> None: ...


class EmailChannel:
    def send(self, message: Message) -> None:
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body,
            to=[message.recipient],
            # The same Message-ID on a retry lets mail servers drop a duplicate.
            headers={"Message-ID": make_msgid(idstring=str(message.id), domain=settings.PLATFORM_DOMAIN)},
        )
        if message.html_body:
            email.attach_alternative(message.html_body, "text/html")
        for attachment in message.attachments:
            with default_storage.open(attachment["path"], "rb") as file:
                email.attach(attachment["name"], file.read(), attachment["type"])
        email.send(fail_silently=False)


class LoggingChannel:
    """Stands in for an SMS or WhatsApp provider: writes the message to the log, and never fails.

    The default of OUTBOX_SMS_CHANNEL and OUTBOX_WHATSAPP_CHANNEL until a
    provider is plugged (docs/notifications.md).
    """

    def send(self, message: Message) -> None:
        logger.info("%s to %s: %s", message.channel, message.recipient, message.body)


def channel_for(message: Message) -> Channel:
    """The channel of the message's kind; SMS and WhatsApp by the dotted path in settings."""
    paths = {
        Message.Channel.EMAIL: "jisr.outbox.channels.EmailChannel",
        Message.Channel.SMS: settings.OUTBOX_SMS_CHANNEL,
        Message.Channel.WHATSAPP: settings.OUTBOX_WHATSAPP_CHANNEL,
    }
    channel: Channel = import_string(paths[Message.Channel(message.channel)])()
    return channel
