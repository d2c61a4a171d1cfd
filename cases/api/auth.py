"""API tokens for scripts: e-mail and password (and the two-factor code, for accounts that use one).

A token lives in the commune's schema, like its staff: it means nothing on
another commune's subdomain. Failed attempts count against the same limits
as the sign-in page (allauth's `login_failed` rate limit).
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from allauth.mfa.base.forms import AuthenticateForm
from allauth.mfa.utils import is_mfa_enabled
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.api.serializers import TokenRequestSerializer, TokenSerializer
from jisr.accounts import mfa
from jisr.accounts.models import OFFICE_ROLES, User


class TokenView(APIView):
    # No session here (so no CSRF token needed): the credentials are in the body.
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary="A token for scripts (header `Authorization: Token <key>`), valid on this commune's host only",
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(description="Wrong e-mail or password, or a two-factor code is needed"),
            403: OpenApiResponse(description="The account has not set up its required two-factor authentication"),
            429: OpenApiResponse(description="Too many failed attempts"),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = _authenticate(request, email=data["email"].strip().lower(), password=data["password"])
        if mfa.overdue(user, timezone.now()):
            raise exceptions.PermissionDenied(_("Your account needs two-factor authentication: set it up to go on."))
        if is_mfa_enabled(user):
            code = AuthenticateForm(user=user, data={"code": data.get("code", "")})
            if not code.is_valid():
                raise exceptions.ValidationError({"code": code.errors.get("code", [_("Give your two-factor code.")])})
        token, _created = Token.objects.get_or_create(user=user)
        return Response(TokenSerializer({"token": token.key}).data, status=status.HTTP_200_OK)


def _authenticate(request: Request, *, email: str, password: str) -> User:
    adapter = get_adapter(request._request)
    try:
        user = adapter.authenticate(request._request, email=email, password=password)
    except ValidationError as error:  # allauth's rate limit on failed attempts
        raise exceptions.Throttled(detail=" ".join(error.messages)) from error
    if not isinstance(user, User) or user.role not in OFFICE_ROLES:
        raise ValidationError(_("Wrong e-mail address or password."))  # 400, `{"detail": ...}`
    return user
