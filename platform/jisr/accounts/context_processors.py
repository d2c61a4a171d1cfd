"""The reminder, on every page, that the account has a few days left to set up its second factor."""

from __future__ import annotations

from django.http import HttpRequest

from jisr.accounts import mfa


def mfa_reminder(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not mfa.missing(user):
        return {}
    return {"mfa_deadline": mfa.deadline(user)}
