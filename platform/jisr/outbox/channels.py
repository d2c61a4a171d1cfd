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
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import make_msgid
from django.utils.module_loading import import_string

from jisr.outbox.models import Message

logger = logging.getLogger(__name__)


class Channel(Protocol):
    def send(self, message: Message) -> None:
        """Hand the message over, or raise."""


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
        email.send(fail_silently=False)


class LoggingChannel:
    """Stands in for an SMS or WhatsApp provider: writes the message to the log."""

    def send(self, message: Message) -> None:
        logger.info("%s to %s: %s", message.channel, message.recipient, message.body)


def channel_for(message: Message) -> Channel:
    paths = {
        Message.Channel.EMAIL: "jisr.outbox.channels.EmailChannel",
        Message.Channel.SMS: getattr(settings, "OUTBOX_SMS_CHANNEL", "jisr.outbox.channels.LoggingChannel"),
        Message.Channel.WHATSAPP: getattr(settings, "OUTBOX_WHATSAPP_CHANNEL", "jisr.outbox.channels.LoggingChannel"),
    }
    channel: Channel = import_string(paths[Message.Channel(message.channel)])()
    return channel
