"""`/healthz` (the process answers) and `/readyz` (database and broker reachable).

They answer on any host, before host validation and tenant lookup, because
load balancers and Kubernetes probes call the pod by its IP address.

`/readyz` tells whether PostgreSQL and Redis answer, which is the orchestrator's
business and not the internet's: a request that came through the reverse proxy
(it carries X-Forwarded-For, which Caddy and ingress controllers add and probes
calling the pod do not) gets a 404, as if there were no such page.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import redis
from django.conf import settings
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse

from jisr import errors
from tenants.context import use_public


def _json(payload: dict[str, object], status: int) -> HttpResponse:
    response = HttpResponse(json.dumps(payload), content_type="application/json", status=status)
    response["Cache-Control"] = "no-store"
    return response


def check_database() -> str | None:
    """None when PostgreSQL answers, else what went wrong."""
    try:
        use_public()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        # A broken connection must not poison the next probe.
        connection.close_if_unusable_or_obsolete()
        return type(error).__name__
    return None


def check_broker() -> str | None:
    """None when Redis (cache and Celery broker) answers, else what went wrong."""
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        return type(error).__name__
    finally:
        client.close()
    return None


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            return _json({"status": "ok"}, 200)
        if request.path == "/readyz":
            if "HTTP_X_FORWARDED_FOR" in request.META:
                return errors.unknown_host(request)  # the page any unknown address gets
            started = time.monotonic()
            checks = {"database": check_database(), "broker": check_broker()}
            ready = not any(checks.values())
            return _json(
                {
                    "status": "ok" if ready else "unavailable",
                    "checks": {name: error or "ok" for name, error in checks.items()},
                    "seconds": round(time.monotonic() - started, 4),
                },
                200 if ready else 503,
            )
        return self.get_response(request)
