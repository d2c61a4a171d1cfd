"""Two people can never take the last place in a slot at the same time.

Real concurrent requests: each thread is a browser with its own database
connection, all released at once against committed data in PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import time

import pytest
from django.db import connection
from django.test import Client

from cases.appointments.models import Booking, SlotException, SlotOccurrence
from jisr.outbox.models import Message
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.appointments.conftest import booking_data, open_day, slot_url
from tests.conftest import host_of

# An odd time nobody else uses, so the committed rows are this test's own.
ODD = time(7, 13)


def _purge(schema: str) -> None:
    with schema_context(schema):
        Booking.objects.filter(start=ODD).delete()
        SlotOccurrence.objects.filter(start=ODD).delete()
        SlotException.objects.filter(start=ODD).delete()
        Message.objects.filter(kind="appointment_confirmation").delete()


@pytest.fixture
def commune(live_db: None) -> Iterator[Commune]:
    commune = Commune.objects.get(slug="aitmelloul")
    _purge(commune.schema_name)
    yield commune
    _purge(commune.schema_name)


def rush(commune: Commune, people: int) -> list[int]:
    """`people` browsers post a booking for the same slot at the same moment; their answers' status codes."""
    with schema_context(commune.schema_name):
        day = open_day()
    url = slot_url(day, ODD)
    start = threading.Barrier(people)
    codes: list[int] = []
    lock = threading.Lock()

    def one(index: int) -> None:
        try:
            client = Client(HTTP_HOST=host_of(commune), REMOTE_ADDR=f"203.0.113.{index + 1}")
            data = booking_data(name=f"Person {index}", phone=f"+3361234{index:04d}", email=f"p{index}@example.com")
            start.wait(timeout=30)
            response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
            code = response.status_code
            if code == 400 and "This time is full" not in response.content.decode():
                code = -1  # refused for another reason than the clear one: fails the count
            with lock:
                codes.append(code)
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(index,)) for index in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return codes


def offer(commune: Commune, places: int) -> None:
    with schema_context(commune.schema_name):
        SlotException.objects.create(day=open_day(), start=ODD, duration_minutes=15, capacity=places)


def test_eight_people_asking_for_the_one_place_at_once_one_gets_it(commune: Commune) -> None:
    offer(commune, 1)
    codes = rush(commune, 8)
    assert sorted(codes) == [302] + [400] * 7
    with schema_context(commune.schema_name):
        assert Booking.objects.filter(start=ODD).count() == 1
        assert Message.objects.filter(kind="appointment_confirmation").count() == 1


def test_ten_people_asking_for_three_places_at_once_three_get_them(commune: Commune) -> None:
    offer(commune, 3)
    codes = rush(commune, 10)
    assert sorted(codes) == [302] * 3 + [400] * 7
    with schema_context(commune.schema_name):
        assert Booking.objects.filter(start=ODD, status=Booking.Status.BOOKED).count() == 3
        assert SlotOccurrence.objects.filter(start=ODD).count() == 1
