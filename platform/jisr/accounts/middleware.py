"""Pages in the language a signed-in person chose, wherever they sign in from; staff pages in a staff language."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jisr.accounts import mfa
from jisr.languages import is_public_page, is_staff_language, staff_language_for


class UserLanguageMiddleware:
    """Without a language cookie, a signed-in person gets their account's language (and the cookie).

    After Django's LocaleMiddleware and AuthenticationMiddleware: the cookie, once
    set (also by the language switch), is what LocaleMiddleware reads next time.

    Only public pages speak the public-only languages (jisr.languages): on any other
    page, a visitor whose cookie or browser asks for Spanish gets the account's
    language, else French, and keeps the cookie for when they return to the portal.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "preferred_language", "") if user is not None and user.is_authenticated else ""
        if not language or settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
            return self.get_response(request)
        if not translation.check_for_language(language):
            return self.get_response(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if settings.LANGUAGE_COOKIE_NAME in response.cookies:  # the language switch just chose
            return response
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[object, ...],
        view_kwargs: dict[str, object],
    ) -> None:
        if is_staff_language(translation.get_language()) or is_public_page(request):
            return
        language = staff_language_for(getattr(request, "user", None))
        translation.activate(language)
        request.LANGUAGE_CODE = language


# What an account without its overdue second factor may still reach: setting it up, and leaving.
MFA_SETUP_PATHS = ("/accounts/2fa/", "/accounts/logout/", "/accounts/reauthenticate/", "/i18n/setlang/", "/static/")


class RequireMFAMiddleware:
    """Past its grace period (jisr.accounts.mfa), a signed-in account without a second factor is sent to set one
    up; API calls with its session get a 403 that says why. After AuthenticationMiddleware and MessageMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or request.path.startswith(MFA_SETUP_PATHS)
            or not mfa.overdue(user, timezone.now())
        ):
            return self.get_response(request)
        reason = _("Your account needs two-step verification: set it up to go on.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": reason}, status=403)
        messages.warning(request, reason)
        return redirect("mfa_activate_totp")
