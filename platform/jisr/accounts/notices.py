"""Telling an account's owner what they should know: a sign-in from a device not seen before, and sign-in
attempts that locked their account for a while. Both by e-mail through the outbox, in their language."""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from jisr.accounts.models import User
from jisr.outbox.services import enqueue_templated_email
from tenants.selectors import current_commune

KNOWN_DEVICES = 20
LOCK_NOTICE_SECONDS = 15 * 60  # one notice per account in such a window, however many attempts


def device_of(request: HttpRequest) -> str:
    """A keyed hash of where and with what the person signs in: the address and the browser, never stored."""
    seen = f"{get_adapter(request).get_client_ip(request)}|{request.headers.get('User-Agent', '')}"
    return hmac.new(settings.SECRET_KEY.encode(), seen.encode(), hashlib.sha256).hexdigest()[:32]


def _context(request: HttpRequest, user: User) -> dict[str, Any]:
    return {
        "user": user,
        "commune": current_commune(),
        "when": timezone.localtime(),
        "address": get_adapter(request).get_client_ip(request),
        "browser": request.headers.get("User-Agent", "")[:200],
    }


def signed_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """After each sign-in (allauth's signal): remember the device; tell the owner when it is a new one.
    The very first sign-in of an account tells nothing: every device is new then."""
    device = device_of(request)
    known = list(user.known_devices or [])
    if device in known:
        return
    User.objects.filter(pk=user.pk).update(known_devices=[*known, device][-KNOWN_DEVICES:])
    if known:
        enqueue_templated_email(
            kind="new_device_sign_in",
            recipient=user.email,
            template="accounts/email/new_device",
            context=_context(request, user),
            language=user.preferred_language,
        )


def locked(request: HttpRequest, email: str) -> None:
    """Too many failed sign-ins on this address: tell its owner, once per window, if there is one."""
    user = User.objects.filter(email=email.strip().lower(), is_active=True).first()
    if user is None:
        return
    window = int(time.time() // LOCK_NOTICE_SECONDS)
    enqueue_templated_email(
        kind="sign_in_locked",
        recipient=user.email,
        template="accounts/email/locked",
        context=_context(request, user),
        language=user.preferred_language,
        dedupe_key=f"sign-in-locked:{user.pk}:{window}",
    )
