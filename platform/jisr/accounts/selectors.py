from __future__ import annotations

from django.db.models import QuerySet
from rest_framework.authtoken.models import Token

from jisr.accounts.models import Invitation, User


def office_staff() -> QuerySet[User]:
    """The accounts of the current schema: a commune's staff, or the platform's accounts in public."""
    return User.objects.filter(is_active=True).order_by("role", "full_name", "email")


def pending_invitations() -> QuerySet[Invitation]:
    return Invitation.objects.filter(accepted_at__isnull=True).order_by("-created_at")


def api_token_of(user: User) -> Token | None:
    """The account's token for scripts, if it has one (in the current schema, where the account lives)."""
    return Token.objects.filter(user=user).first()
