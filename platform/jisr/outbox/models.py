"""Messages to send, written in the same transaction as the change that causes them.

A commune's messages live in its schema, the platform's in public. The row is
the durable record: a broker outage delays delivery, never loses a message.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        SMS = "sms", _("SMS")
        WHATSAPP = "whatsapp", _("WhatsApp")

    class State(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed for good")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.EMAIL)
    recipient = models.CharField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=8, default="fr")
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("text"))
    html_body = models.TextField(_("HTML"), blank=True)
    # Files of the schema's storage sent with an e-mail: [{"name": shown name, "path": storage name, "type": ...}].
    # Read when the message is sent, so a retry sends the same files; a file gone by then fails the message.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # Why the message exists (e.g. `invitation`), for the office's history.
    kind = models.CharField(_("kind"), max_length=60)
    # Set by the caller when the same cause must never produce two messages.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["next_attempt_at"], name="outbox_due_idx", condition=Q(state="pending")),
        ]
        constraints = [
            models.CheckConstraint(name="outbox_sent_has_time", condition=~Q(state="sent") | Q(sent_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({self.state})"
