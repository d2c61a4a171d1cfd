"""The platform's own error pages: a page that does not exist (404) and the server failing (500, 503).

Every 404 is ours, on every host, in the visitor's language (the public portal's languages too: anybody
may follow a wrong link): an address no URL pattern knows, an object a view does not find, a host that is
no commune's (tenants.middleware), and under /api/ a JSON `{"detail": ...}` as the APIs answer. Django's
yellow debug page never shows: the demo runs without DEBUG (jisr.cli), like production.

When PostgreSQL is restarting or unreachable, every request fails on its first
query (often the commune's lookup, before any view). That is not a bug of the
page asked for: the answer is 503 with Retry-After, so browsers, proxies and
load balancers know to come back, and the office sees "a moment" rather than
"error". Once the database answers again, connection health checks
(CONN_HEALTH_CHECKS) replace the dead connections and requests succeed without
a restart (tests/reliability/test_postgres_restart.py).

These pages are rendered without a request context: the context processors read
the session and the database, which may be what failed. They speak every language
of settings.LANGUAGES (`visitors_language`).
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.languages import is_staff_language

RETRY_AFTER_SECONDS = 10
API_PREFIX = "/api/"


def visitors_language(request: HttpRequest) -> str:
    """The language of the error page, from the request alone (no session, no database).

    What the visitor's cookie or browser asks for when it is one only public pages speak (a staff page fell
    back from it to French: these pages speak it); else what the request chose (the account's language, say).
    """
    asked = translation.get_language_from_request(request)
    chosen = getattr(request, "LANGUAGE_CODE", None)
    if is_staff_language(asked) and chosen in dict(settings.LANGUAGES):
        return str(chosen)
    return asked


def database_unavailable(error: BaseException | None) -> bool:
    """Is this the database being down (no connection, connection lost), not a faulty query?"""
    return isinstance(error, (OperationalError, InterfaceError))


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404: our page, with the way back to the host's home (and, on a commune's host, its portal)."""
    return _page(request, status=404, template="404.html", detail=gettext_lazy("Not found."))


def unknown_host(request: HttpRequest) -> HttpResponse:
    """A host that is no commune's: the same page whatever the host, so it tells nothing about which exist."""
    return _page(request, status=404, template="404.html", detail=gettext_lazy("Not found."), office=False)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: Django calls it inside the `except` of the failed request, so the error is at hand."""
    error = sys.exc_info()[1]
    with translation.override(visitors_language(request)):
        if database_unavailable(error):
            response = HttpResponse(loader.get_template("503.html").render(), status=503)
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            response["Cache-Control"] = "no-store"
            return response
        return HttpResponseServerError(loader.get_template("500.html").render())


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403: a page the signed-in person's role does not reach, in the platform's layout, with the way home.

    Under /api/ the APIs answer for themselves (DRF); a 403 that reaches here there is JSON too.
    """
    return _page(
        request,
        status=403,
        template="refused.html",
        title=gettext_lazy("You do not have access to this page"),
        text=gettext_lazy(
            "Your account's role does not include this page. If your work needs it, ask your office head;"
            " platform accounts ask the platform operator."
        ),
        detail=gettext_lazy("You do not have permission to perform this action."),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent from an old page (signed out meanwhile, another tab) or from another site."""
    return _page(
        request,
        status=403,
        template="refused.html",
        title=gettext_lazy("This form could not be sent"),
        text=gettext_lazy(
            "The page it came from is too old (you may have signed out or in again in another tab), or it came from"
            " another site. Go back, reload the page, and send it again."
        ),
        detail=gettext_lazy("The form could not be sent: reload the page and try again."),
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: a request Django will not read (a malformed or forged header, too many fields)."""
    return _page(
        request,
        status=400,
        template="refused.html",
        title=gettext_lazy("What your browser sent could not be read"),
        text=gettext_lazy("Go back and try again; if it happens again, tell us what you were doing."),
        detail=gettext_lazy("What was sent could not be read."),
    )


def _page(
    request: HttpRequest,
    *,
    status: int,
    template: str,
    detail: Promise,
    title: Promise | str = "",
    text: Promise | str = "",
    office: bool = True,
) -> HttpResponse:
    """An error page in the visitor's language (its texts are worded inside, lazily), with the way back to the
    host's home and, on a commune's host, its portal; under /api/, `{"detail": ...}` as the APIs answer."""
    commune = getattr(request, "tenant", None) if office else None
    with translation.override(visitors_language(request)):
        if request.path_info.startswith(API_PREFIX):
            response: HttpResponse = JsonResponse({"detail": str(detail)}, status=status)
        else:
            links = [("/", _("Home page"))] if office else []
            if commune is not None:
                links.insert(0, ("/portal/", _("The office's public page")))
            context = {"commune": commune, "links": links, "title": str(title), "text": str(text)}
            response = HttpResponse(loader.get_template(template).render(context), status=status)
        response["Content-Language"] = translation.get_language()
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response
