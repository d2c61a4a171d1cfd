"""django-allauth, fitted to the platform: no open sign-up, mail through the outbox."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import translation

from jisr.outbox.services import enqueue


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Staff join by invitation only (jisr.accounts.services.invite_staff).
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """allauth's limit on failed sign-ins, and a notice to the account's owner when it locks them out."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            if getattr(error, "code", "") == "too_many_login_attempts" and credentials.get("email"):
                from jisr.accounts import notices

                notices.locked(request, str(credentials["email"]))
            raise

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"),
            "",
        )
        enqueue(
            kind=template_prefix.rsplit("/", 1)[-1],
            recipient=email,
            subject=str(message.subject),
            body=str(message.body),
            html_body=str(html),
            language=translation.get_language() or "fr",
        )
