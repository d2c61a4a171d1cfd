"""Inviting staff and accepting invitations; API tokens.

Runs in the schema of whoever invites: in a commune's schema for its office
staff, in public for platform accounts. Roles are checked against the schema:
an office role never lands in public, a platform role never in a commune.
A token lives in the schema of the account, so it works on that account's
host only: a commune's subdomain for its staff, the bare domain for platform
accounts (operators, coordinators, funders).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from jisr.accounts.models import OFFICE_ROLES, PLATFORM_ROLES, Invitation, Role, User
from jisr.outbox.services import enqueue_templated_email
from tenants.context import in_public
from tenants.selectors import current_commune, site_url


class AccountError(ValidationError):
    """An account cannot be created or changed as asked."""


class NotOfThisSite(AccountError):
    """The account's role does not belong to this schema (an office role in public, say): it gets no token here."""


def roles_for_current_schema() -> frozenset[Role]:
    return PLATFORM_ROLES if in_public() else OFFICE_ROLES


def invite_staff(
    *,
    email: str,
    role: str,
    full_name: str = "",
    language: str = "fr",
    invited_by: User | None = None,
) -> Invitation:
    """Invite someone by e-mail; they choose their password when they accept."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise AccountError({"email": error.messages}) from error
    if role not in roles_for_current_schema():
        raise AccountError({"role": _("This role does not exist here.")})
    if User.objects.filter(email=email).exists():
        raise AccountError({"email": _("An account with this e-mail address exists already.")})

    with transaction.atomic():
        Invitation.objects.filter(email=email, accepted_at__isnull=True).update(expires_at=timezone.now())
        invitation = Invitation.objects.create(email=email, full_name=full_name, role=role, invited_by=invited_by)
        commune = current_commune()
        enqueue_templated_email(
            kind="invitation",
            recipient=email,
            template="accounts/email/invitation",
            context={
                "invitation": invitation,
                "commune": commune,
                "role": Role(role).label,
                "accept_url": site_url(_accept_path(invitation.token)),
            },
            language=language,
        )
    return invitation


def _accept_path(token: str) -> str:
    from django.conf import settings

    urlconf = settings.PUBLIC_SCHEMA_URLCONF if in_public() else settings.ROOT_URLCONF
    return reverse("accept_invitation", kwargs={"token": token}, urlconf=urlconf)


def usable_invitation(token: str) -> Invitation | None:
    invitation = Invitation.objects.filter(token=token).first()
    return invitation if invitation is not None and invitation.is_usable else None


def accept_invitation(*, token: str, password: str, full_name: str, language: str = "fr") -> User:
    """Create the invited account. The invitation works once, before it expires."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(token=token).first()
        if invitation is None or not invitation.is_usable:
            raise AccountError(_("This invitation is no longer valid. Ask for a new one."))
        if User.objects.filter(email=invitation.email).exists():
            raise AccountError(_("An account with this e-mail address exists already."))
        user = User(
            email=invitation.email,
            full_name=full_name.strip() or invitation.full_name,
            role=invitation.role,
            preferred_language=language,
        )
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise AccountError({"password1": error.messages}) from error
        user.set_password(password)
        user.save()
        invitation.accepted_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["accepted_at", "user"])
    return user


def create_account(*, email: str, password: str, role: str, full_name: str = "", language: str = "fr") -> User:
    """An account without invitation: for the demo and for operators' first login."""
    if role not in roles_for_current_schema():
        raise AccountError({"role": _("This role does not exist here.")})
    user = User.objects.create_user(
        email,
        password,
        role=role,
        full_name=full_name,
        preferred_language=language,
        is_staff=role == Role.OPERATOR,
        is_superuser=role == Role.OPERATOR,
    )
    return user


def remember_language(user: User, language: str) -> None:
    """The language a staff member chose: their pages open in it on any device.

    Only a staff language: Spanish chosen on the portal stays in the cookie, for the public pages.
    """
    if language in settings.STAFF_LANGUAGES and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


def api_token(*, user: User) -> Token:
    """The account's token for scripts, made on first demand.

    The same key each time it is asked for, until it is replaced or revoked: a person's scripts can share it,
    and asking again (the API's sign-in) does not break the others.
    """
    _check_holds_tokens(user)
    token, _created = Token.objects.get_or_create(user=user)
    return token


def replace_api_token(*, user: User) -> Token:
    """A new key for the account: the old one, wherever it was copied, stops working at once."""
    _check_holds_tokens(user)
    with transaction.atomic():
        # Two replacements at once must not both create (one token per account): the second waits here.
        User.objects.select_for_update().filter(pk=user.pk).first()
        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user)


def revoke_api_token(*, user: User) -> bool:
    """The account's token stops working; whether it had one. Any account may give up its own token."""
    deleted, _by_model = Token.objects.filter(user=user).delete()
    return deleted > 0


def _check_holds_tokens(user: User) -> None:
    if user.role not in roles_for_current_schema():
        raise NotOfThisSite(
            _(
                "This account gets no token at this address: an office's staff get theirs on their commune's "
                "address, platform accounts on the platform's."
            )
        )
