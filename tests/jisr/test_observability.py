"""Log lines and Sentry events say which commune they are about."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
import sentry_sdk
from sentry_sdk.transport import Transport

from jisr.observability import CommuneLogFilter, init_sentry
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.conftest import client_for


class CapturingTransport(Transport):
    """Keeps the envelopes instead of sending them to a Sentry server."""

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        self.events: list[dict[str, Any]] = []

    def capture_envelope(self, envelope: Any) -> None:
        for item in envelope.items:
            if item.type == "event":
                self.events.append(item.payload.json)


@pytest.fixture
def sentry_events() -> Iterator[list[dict[str, Any]]]:
    transport = CapturingTransport()
    init_sentry(dsn="https://public@sentry.example/1", environment="test", traces_sample_rate=0.0, transport=transport)
    yield transport.events
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # back to no client


def test_sentry_events_carry_the_commune(commune_a: Commune, sentry_events: list[dict[str, Any]]) -> None:
    with schema_context(commune_a.schema_name):
        sentry_sdk.capture_message("something odd in the office")
    sentry_sdk.capture_message("something odd on the platform")
    sentry_sdk.flush()
    assert [event["tags"]["commune"] for event in sentry_events] == [commune_a.schema_name, "public"]


def test_sentry_event_from_a_request_carries_the_commune(
    commune_a: Commune, sentry_events: list[dict[str, Any]]
) -> None:
    client_for(commune_a).get("/")
    sentry_sdk.capture_message("after a request")
    sentry_sdk.flush()
    assert sentry_events[-1]["tags"]["commune"] in {commune_a.schema_name, "public"}


def test_error_reports_carry_no_local_variables_or_request_bodies(
    commune_a: Commune, sentry_events: list[dict[str, Any]]
) -> None:
    # Built at run time, so the joined name is in no source line Sentry quotes.
    visitor_name = "Fatima" + " Zahra" + " Ouali"

    def handle_visitor(name: str) -> None:
        raise ValueError("boom")

    try:
        handle_visitor(visitor_name)
    except ValueError:
        sentry_sdk.capture_exception()
    sentry_sdk.flush()
    [exception] = sentry_events[-1]["exception"]["values"]
    assert exception["type"] == "ValueError"
    assert all("vars" not in frame for frame in exception["stacktrace"]["frames"])
    assert visitor_name not in str(sentry_events)


def test_log_records_carry_the_commune(commune_a: Commune) -> None:
    record = logging.LogRecord("jisr", logging.INFO, __file__, 1, "hello", None, None)
    with schema_context(commune_a.schema_name):
        CommuneLogFilter().filter(record)
    assert record.commune == commune_a.schema_name  # type: ignore[attr-defined]
    CommuneLogFilter().filter(record)
    assert record.commune == "public"  # type: ignore[attr-defined]
