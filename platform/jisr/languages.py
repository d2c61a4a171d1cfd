"""Which languages a page speaks.

The public pages of an office (portal, public booking, guide, slip check: the
views marked `public_page`) speak every language of settings.LANGUAGES, for
Moroccans living abroad and their relatives. Every other page (the office
workspace, the regional layer, accounts, the API) speaks only
settings.STAFF_LANGUAGES, the ones its catalogues are complete in: a page that is
not marked is a staff page, so a new page never shows a half-translated workspace.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest

View = TypeVar("View", bound=Callable[..., Any])

# For the accounts' preferred language: a staff language, never a public-only one.
STAFF_LANGUAGE_CHOICES = [(code, name) for code, name in settings.LANGUAGES if code in settings.STAFF_LANGUAGES]


def public_page(view: View) -> View:
    """Mark a view as a public page: it speaks all of settings.LANGUAGES.

    Put it outermost or under decorators that use functools.wraps (they copy the mark).
    """
    view.public_page = True  # type: ignore[attr-defined]
    return view


def is_public_page(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return bool(match is not None and getattr(match.func, "public_page", False))


def is_staff_language(language: str | None) -> bool:
    return bool(language) and str(language) in settings.STAFF_LANGUAGES


def staff_language_for(user: Any) -> str:
    """The staff language a page falls back to: the account's, else the platform's default (French)."""
    account_language = getattr(user, "preferred_language", "") if getattr(user, "is_authenticated", False) else ""
    if is_staff_language(account_language):
        return str(account_language)
    return settings.LANGUAGE_CODE if is_staff_language(settings.LANGUAGE_CODE) else settings.STAFF_LANGUAGES[0]


def page_languages(request: HttpRequest) -> list[str]:
    """The codes the language switch offers on this page."""
    if is_public_page(request):
        return [code for code, _name in settings.LANGUAGES]
    return list(settings.STAFF_LANGUAGES)
