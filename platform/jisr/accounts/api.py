"""API tokens for scripts, on either kind of host: e-mail and password (and the two-factor code, for accounts
that use one) in, a token out.

One sign-in for both APIs: `POST /api/auth/token/` on a commune's subdomain (cases.api.auth) and
`POST /api/regional/auth/token/` on the bare domain (`PlatformTokenView`, below). Each host reads its own
schema, so an office's staff get a token only on their commune's host, platform accounts only on the bare
domain, and a token means nothing on any other host. Failed attempts count against the same limits as the
sign-in page (allauth's `login_failed` rate limit); an account past its time to set up its second factor gets
none (jisr.accounts.mfa).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

from allauth.account.adapter import get_adapter
from allauth.mfa.base.forms import AuthenticateForm
from allauth.mfa.utils import is_mfa_enabled
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import BaseAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jisr.accounts import mfa, services
from jisr.accounts.models import User

F = TypeVar("F", bound=Callable[..., Any])


class TokenRequestSerializer(serializers.Serializer[Any]):
    email = serializers.CharField(max_length=254)
    password = serializers.CharField(max_length=512, trim_whitespace=False, style={"input_type": "password"})
    code = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20,
        help_text=gettext_lazy("two-step verification code, for accounts that use one"),
    )


class TokenSerializer(serializers.Serializer[Any]):
    token = serializers.CharField()


def sign_in_schema(*, summary: str, description: str | None = None) -> Callable[[F], F]:
    """The OpenAPI description of a sign-in for a token, on either host: credentials in, the token or why not out."""
    return extend_schema(
        summary=summary,
        description=description,
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(
                description="Wrong e-mail or password, a two-factor code is needed (`{code: [...]}`), "
                "or the account gets no token on this host"
            ),
            403: OpenApiResponse(description="The account has not set up its required two-factor authentication"),
            429: OpenApiResponse(description="Too many failed attempts"),
        },
        auth=[],
    )


def token_response(request: Request) -> Response:
    """The answer to a sign-in for a token: `{"token": key}`, or the error (see token_for_credentials)."""
    token = token_for_credentials(request)
    return Response(TokenSerializer({"token": token.key}).data, status=status.HTTP_200_OK)


def token_for_credentials(request: Request) -> Token:
    """The token of the account whose e-mail, password and (if it uses one) two-factor code are in the body.

    Only for an account of this host's kind (services.api_token), checked last: only someone who holds every
    factor learns that the account gets no token here, and why.
    """
    serializer = TokenRequestSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    user = _authenticate(request, email=data["email"].strip().lower(), password=data["password"])
    if mfa.overdue(user, timezone.now()):
        raise exceptions.PermissionDenied(_("Your account needs two-step verification: set it up to go on."))
    if is_mfa_enabled(user):
        code = AuthenticateForm(user=user, data={"code": data.get("code", "")})
        if not code.is_valid():
            raise exceptions.ValidationError(
                {"code": code.errors.get("code", [_("Give your two-step verification code.")])}
            )
    return services.api_token(user=user)


def _authenticate(request: Request, *, email: str, password: str) -> User:
    adapter = get_adapter(request._request)
    try:
        user = adapter.authenticate(request._request, email=email, password=password)
    except ValidationError as error:  # allauth's rate limit on failed attempts
        raise exceptions.Throttled(detail=" ".join(error.messages)) from error
    if not isinstance(user, User):
        raise ValidationError(_("Wrong e-mail address or password."))  # 400, `{"detail": ...}`
    return user


class PlatformTokenView(APIView):
    """`/api/regional/auth/token/` on the bare domain: a platform account's token (POST), or giving it up (DELETE)."""

    def get_authenticators(self) -> list[BaseAuthentication]:
        # Signing in takes the credentials from the body: no session (so no CSRF token), and a stale
        # `Authorization` header must not stand in the way of a new token. Revoking is done as the token's owner.
        return [] if self._signing_in() else super().get_authenticators()

    def get_permissions(self) -> Sequence[Any]:
        return [AllowAny()] if self._signing_in() else super().get_permissions()

    def _signing_in(self) -> bool:
        # No request yet while drf-spectacular builds the mock one it documents each method with.
        return getattr(self.request, "method", None) == "POST"

    @sign_in_schema(
        summary="A platform account's token for scripts (header `Authorization: Token <key>`), valid on the "
        "platform's bare domain only; the same key until it is revoked or replaced",
        description="Operators, coordinators and funders only: an office's staff get theirs from "
        "`POST /api/auth/token/` on their commune's host. Signed in on the platform's pages, `/accounts/token/` "
        "shows, replaces and revokes it.",
    )
    def post(self, request: Request) -> Response:
        return token_response(request)

    @extend_schema(
        summary="Revoke the account's token: every script that uses it is refused from now on",
        request=None,
        responses={
            204: OpenApiResponse(description="Revoked (also when there was none)"),
            401: OpenApiResponse(description="Not signed in"),
        },
    )
    def delete(self, request: Request) -> Response:
        services.revoke_api_token(user=cast(User, request.user))
        return Response(status=status.HTTP_204_NO_CONTENT)
