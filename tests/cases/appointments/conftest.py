"""Fixtures for appointments: a weekly timetable in commune A, and dates the office is open."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from cases.appointments.models import WeeklySlot
from cases.appointments.selectors import closed_days
from cases.calendar import WEEKEND
from jisr.accounts.models import User
from tenants.models import Commune
from tests.conftest import signed_in_client

NINE = time(9, 0)
TEN = time(10, 0)


def open_day(after: int = 2, *, count: int = 0) -> date:
    """The `count`-th working day (0: the first) at least `after` days from today that is not a holiday."""
    day = timezone.localdate() + timedelta(days=after)
    closed = closed_days(day, day + timedelta(days=40))
    found = -1
    while True:
        if day.weekday() not in WEEKEND and day not in closed:
            found += 1
            if found == count:
                return day
        day += timedelta(days=1)


@pytest.fixture
def timetable(in_a: Commune) -> list[WeeklySlot]:
    """Monday to Friday: 09:00 with two places, 10:00 with one."""
    slots = []
    for weekday in range(5):
        slots.append(WeeklySlot.objects.create(weekday=weekday, start=NINE, duration_minutes=30, capacity=2))
        slots.append(WeeklySlot.objects.create(weekday=weekday, start=TEN, duration_minutes=20, capacity=1))
    return slots


def booking_data(**extra: str) -> dict[str, str]:
    data = {
        "name": "Fatima Ouali",
        "phone": "+33 6 12 34 56 78",
        "email": "fatima@example.com",
        "preferred_language": "ar",
        "category": "",
        "consent": "on",
    }
    data.update(extra)
    return data


def slot_url(day: date, start: time) -> str:
    return f"/appointments/book/{day.isoformat()}/{start:%H%M}/"


def staff_client(commune: Commune, user: User) -> Client:
    """A signed-in staff member reading the pages in English (the texts the tests look for)."""
    client = signed_in_client(commune, user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
