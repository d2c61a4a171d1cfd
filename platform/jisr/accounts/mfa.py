"""A second factor (TOTP, with recovery codes) is required of every account: office staff and platform accounts
alike (there are no other accounts). A new account has MFA_GRACE_DAYS to set it up, and is reminded on every
page meanwhile; past that, it reaches nothing but the pages that set it up, until it has."""

from __future__ import annotations

from datetime import datetime, timedelta

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings

from jisr.accounts.models import User


def deadline(user: User) -> datetime:
    """When the account must have its second factor."""
    return user.date_joined + timedelta(days=settings.MFA_GRACE_DAYS)


def missing(user: User) -> bool:
    """The account must use a second factor and has none yet."""
    return bool(settings.MFA_REQUIRED) and not is_mfa_enabled(user)


def overdue(user: User, now: datetime) -> bool:
    """The account has no second factor and its time to set one up has passed."""
    return missing(user) and now >= deadline(user)
