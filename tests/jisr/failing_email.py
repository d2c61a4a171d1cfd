"""An e-mail backend whose server always refuses: a real SMTP error, raised where SMTP would raise it."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        raise smtplib.SMTPRecipientsRefused({"x": (550, b"SMTP server said no")})
