"""The public booking page shows one week at a time (a phone scrolls through one week, not four), with links to
the week before and after, from this week to the last one that opens; nothing earlier, nothing later."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format

from cases.appointments import selectors
from cases.appointments.models import WeeklySlot
from tenants.models import Commune
from tests.cases.appointments.conftest import NINE, TEN, booking_data, open_day, slot_url
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

OFFERED = re.compile(r'href="/appointments/book/(\d{4}-\d{2}-\d{2})/\d{4}/"')
LINK = re.compile(r'rel="(prev|next)" href="/appointments/\?week=(\d{4}-\d{2}-\d{2})"')


@pytest.fixture
def public(in_a: Commune) -> Client:
    return client_for(in_a)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def page_of(client: Client, week: str | None = None, language: str = "en") -> str:
    response = client.get("/appointments/", {"week": week} if week else {}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_a_week_lists_only_its_own_times_with_links_to_the_weeks_around(
    public: Client, timetable: list[WeeklySlot]
) -> None:
    first = monday(timezone.localdate()) + timedelta(days=7)  # next week: every working day of it is open
    page = page_of(public, (first + timedelta(days=2)).isoformat())  # any day of the week names it
    offered = {date.fromisoformat(day) for day in OFFERED.findall(page)}
    working = {first + timedelta(days=n) for n in range(5)} - selectors.closed_days(first, first + timedelta(6))
    assert offered == working
    assert slot_url(min(working), NINE) in page
    assert slot_url(min(working), TEN) in page
    assert dict(LINK.findall(page)) == {
        "prev": (first - timedelta(days=7)).isoformat(),
        "next": (first + timedelta(days=7)).isoformat(),
    }
    assert "Week from" in page


def test_the_days_are_written_day_first_with_the_month_names_of_the_language(
    public: Client, timetable: list[WeeklySlot]
) -> None:
    day = open_day(after=7)
    for language in ("ar", "fr"):
        page = page_of(public, day.isoformat(), language)
        with translation.override(language):
            assert date_format(day, "l j F") in page
            assert date_format(monday(day), "j F") in page


def test_a_week_that_has_passed_gives_this_week_and_cannot_be_booked(
    public: Client, timetable: list[WeeklySlot]
) -> None:
    today = timezone.localdate()
    past = monday(today) - timedelta(days=7)
    page = page_of(public, past.isoformat())
    assert "That week has passed" in page
    assert all(date.fromisoformat(day) >= today for day in OFFERED.findall(page))
    assert "prev" not in dict(LINK.findall(page))  # no way back from this week
    assert 'rel="prev"' not in page_of(public, today.isoformat())  # nor from this week itself

    # A time of that week asked for all the same is refused.
    response = public.post(slot_url(past + timedelta(days=1), NINE), booking_data(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "This time has passed" in response.content.decode()


def test_the_last_week_that_opens_has_no_next_and_later_ones_are_not_offered(
    public: Client, timetable: list[WeeklySlot]
) -> None:
    horizon = timezone.localdate() + timedelta(days=selectors.DAYS_AHEAD)
    page = page_of(public, (horizon + timedelta(days=30)).isoformat())
    assert "Appointments open four weeks ahead" in page
    assert all(date.fromisoformat(day) <= horizon for day in OFFERED.findall(page))
    links = dict(LINK.findall(page))
    assert "next" not in links
    assert links["prev"] == (monday(horizon) - timedelta(days=7)).isoformat()


@pytest.mark.parametrize("week", ["tomorrow", "2026-13-45", "99999-01-01", "0001-01-01", "2026-01-01\x00", "9" * 500])
def test_any_week_asked_for_gives_a_page(public: Client, timetable: list[WeeklySlot], week: str) -> None:
    page_of(public, week)


def test_on_a_saturday_the_page_opens_on_the_next_week(in_a: Commune, timetable: list[WeeklySlot]) -> None:
    today = timezone.localdate()
    saturday = today + timedelta(days=(5 - today.weekday()) % 7 or 7)
    evening = timezone.make_aware(datetime.combine(saturday, time(20)))
    week = selectors.bookable_week(now=evening)
    assert week.monday == saturday + timedelta(days=2)
    assert week.previous == saturday - timedelta(days=5)  # this week, with nothing left, can still be looked at
    assert all(week.monday <= day <= week.sunday for day in week.days)


def test_a_week_with_every_place_taken_opens_on_the_next_with_a_free_one(in_a: Commune) -> None:
    first = open_day(after=1)
    WeeklySlot.objects.create(weekday=first.weekday(), start=NINE, duration_minutes=30, capacity=1)
    assert selectors.bookable_week().monday == monday(first)
    assert client_for(in_a).post(slot_url(first, NINE), booking_data()).status_code == 302
    closed = selectors.closed_days(first, first + timedelta(days=selectors.DAYS_AHEAD))
    following = next(first + timedelta(days=7 * n) for n in range(1, 5) if first + timedelta(days=7 * n) not in closed)
    week = selectors.bookable_week()
    assert week.monday == monday(following)
    assert [slot.full for slot in selectors.bookable_week(first).days[first]] == [True]  # still shown, as full
