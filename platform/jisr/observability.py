"""Every log line and Sentry event says which commune it is about.

The commune is the schema the database connection is set to: the host
decides it for requests, the task header for Celery tasks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import sentry_sdk
from django.http import HttpRequest, HttpResponse

from tenants.context import current_schema


class CommuneLogFilter(logging.Filter):
    """Adds `commune` (the schema, or `public`) to every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.commune = current_schema()
        return True


def _tag_event(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    # Set at send time, so an event from any code path carries the schema
    # its database connection was in, even outside a request or task.
    event.setdefault("tags", {})["commune"] = current_schema()
    return event


def init_sentry(*, dsn: str, environment: str, traces_sample_rate: float, **options: Any) -> None:
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        traces_sample_rate=traces_sample_rate,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        # Visitors' personal data must not leave the platform in error reports:
        # no user, cookies, bodies, query strings, SQL values or local variables.
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "database_query_data": False,
            "stack_frame_variables": False,
        },
        before_send=_tag_event,  # type: ignore[arg-type]
        **options,
    )


class CommuneContextMiddleware:
    """Tags the Sentry scope of a request with its commune."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        sentry_sdk.set_tag("commune", current_schema())
        return self.get_response(request)
