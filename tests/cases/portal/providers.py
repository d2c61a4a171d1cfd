"""SMS/WhatsApp providers for tests: one whose API always refuses, raising where an HTTP client would."""

from __future__ import annotations

from jisr.outbox.models import Message


class RefusingProvider:
    def send(self, message: Message) -> None:
        raise ConnectionError(f"provider answered 503 for {message.recipient}")
