"""API tokens for scripts: e-mail and password (and the two-factor code, for accounts that use one).

A token lives in the commune's schema, like its staff: it means nothing on
another commune's subdomain, nor on the platform's bare domain. The sign-in
itself (limits on failed attempts, the second factor, who gets a token) is
the platform's one, shared with the regional API: jisr.accounts.api.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jisr.accounts.api import sign_in_schema, token_response


class TokenView(APIView):
    # No session here (so no CSRF token needed): the credentials are in the body.
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @sign_in_schema(
        summary="A token for scripts (header `Authorization: Token <key>`), valid on this commune's host only"
    )
    def post(self, request: Request) -> Response:
        return token_response(request)
