"""The page of last resort: what a visitor gets when the server itself fails.

When PostgreSQL is restarting or unreachable, every request fails on its first
query (often the commune's lookup, before any view). That is not a bug of the
page asked for: the answer is 503 with Retry-After, so browsers, proxies and
load balancers know to come back, and the office sees "a moment" rather than
"error". Once the database answers again, connection health checks
(CONN_HEALTH_CHECKS) replace the dead connections and requests succeed without
a restart (tests/reliability/test_postgres_restart.py).

Both pages are rendered without a request context: the context processors read
the session and the database, which may be what failed.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader

RETRY_AFTER_SECONDS = 10


def database_unavailable(error: BaseException | None) -> bool:
    """Is this the database being down (no connection, connection lost), not a faulty query?"""
    return isinstance(error, (OperationalError, InterfaceError))


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: Django calls it inside the `except` of the failed request, so the error is at hand."""
    error = sys.exc_info()[1]
    if database_unavailable(error):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
