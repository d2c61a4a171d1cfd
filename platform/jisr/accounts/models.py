"""User accounts. The same table exists in the public schema and in each commune's.

- in a commune's schema: the office's staff (office head, agents, read-only,
  auditor); they exist only there, so a login is valid on that subdomain only;
- in the public schema: platform accounts (operators, coordinators, funders).

Staff join by invitation only (`Invitation`), never by open sign-up.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.languages import STAFF_LANGUAGE_CHOICES


class Role(models.TextChoices):
    # Staff of a commune's office (tenant schema).
    OFFICE_HEAD = "office_head", _("office head")
    AGENT = "agent", _("agent")
    VIEWER = "viewer", _("read-only")
    AUDITOR = "auditor", _("auditor")
    # Platform accounts (public schema).
    OPERATOR = "operator", _("platform operator")
    COORDINATOR = "coordinator", _("regional coordinator")
    FUNDER = "funder", _("funder")


OFFICE_ROLES = frozenset({Role.OFFICE_HEAD, Role.AGENT, Role.VIEWER, Role.AUDITOR})
PLATFORM_ROLES = frozenset({Role.OPERATOR, Role.COORDINATOR, Role.FUNDER})


class AccountManager(BaseUserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        user = self.model(email=email.strip().lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.update(is_staff=True, is_superuser=True)
        extra.setdefault("role", Role.OPERATOR)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Someone who signs in: with an e-mail address, never a user name."""

    # Stored in lower case (checked below), so unique means unique ignoring case.
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=STAFF_LANGUAGE_CHOICES, default="fr"
    )
    is_active = models.BooleanField(_("active"), default=True)
    # May use the platform's Django admin (operators only).
    is_staff = models.BooleanField(_("admin access"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Keyed hashes of the address and browser the account signed in from (the last 20): a sign-in from
    # another is told to the account's owner by e-mail (jisr.accounts.notices).
    known_devices = models.JSONField(_("known devices"), default=list, blank=True, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = AccountManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.CheckConstraint(name="user_email_lower_case", condition=Q(email=Lower("email"))),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry() -> datetime:
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class Invitation(models.Model):
    """A staff member is invited by e-mail and chooses a password on accepting."""

    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()
