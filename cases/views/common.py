"""What every page of the office workspace shares: sign-in, and the services' refusals as HTTP."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponseBase
from django.utils.http import url_has_allowed_host_and_scheme

from jisr.accounts.models import User

View = TypeVar("View", bound=Callable[..., HttpResponseBase])
PAGE_SIZE = 25


def office_view(view: View) -> View:
    """Signed-in staff only; an object that is not in this commune is a 404.

    cases.permissions.NotAllowed is a PermissionDenied: Django answers 403.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except ObjectDoesNotExist as error:
            raise Http404 from error

    return cast(View, login_required(wrapper))


def staff(request: HttpRequest) -> User:
    """The signed-in staff member (office_view let only them in)."""
    return cast(User, request.user)


def paginate(request: HttpRequest, items: Any, per_page: int = PAGE_SIZE) -> Page:
    """A page of a list; a page number out of range or not a number gives the nearest page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def next_url(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    return default
