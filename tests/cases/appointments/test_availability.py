"""Which times the public may book: the weekly timetable, minus holidays, closures and full slots."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from cases.appointments import selectors, services
from cases.appointments.models import Closure, SlotException, WeeklySlot
from cases.models import Holiday
from tenants.models import Commune
from tests.cases.appointments.conftest import NINE, TEN, open_day

pytestmark = pytest.mark.django_db


def book(day: date, start: time, phone: str = "+33612345678") -> None:
    services.book(
        data=services.BookingInput(
            day=day,
            start=start,
            name="Fatima",
            phone=phone,
            email="f@example.com",
            preferred_language="fr",
            consent=True,
        )
    )


def test_the_weekly_timetable_gives_working_days_their_slots(timetable: list[WeeklySlot]) -> None:
    # Early in the morning: today's slots have not started yet, whenever the test runs.
    dawn = timezone.make_aware(datetime.combine(timezone.localdate(), time(0, 1)))
    days = selectors.bookable_slots(now=dawn)
    assert days, "four weeks always hold working days"
    for day, slots in days.items():
        assert day.weekday() < 5
        assert [slot.start for slot in slots] == [NINE, TEN]
        assert [slot.capacity for slot in slots] == [2, 1]
    last = timezone.localdate() + timedelta(days=selectors.DAYS_AHEAD)
    assert max(days) <= last


def test_public_holidays_and_closures_have_no_slots(timetable: list[WeeklySlot]) -> None:
    lunar, closed = open_day(count=0), open_day(count=1)
    Holiday.objects.create(day=lunar, name_ar="عيد", name_fr="Aïd")
    Closure.objects.create(starts_on=closed, ends_on=closed, reason="Formation")
    days = selectors.bookable_slots()
    assert lunar not in days
    assert closed not in days
    assert open_day(count=0) in days  # the next open day now comes after both
    # A fixed holiday: 1 January is never offered.
    new_year = date(timezone.localdate().year + 1, 1, 1)
    assert selectors.slots_between(new_year, new_year) == {}


def test_an_inactive_weekly_slot_is_not_offered(timetable: list[WeeklySlot]) -> None:
    WeeklySlot.objects.filter(start=TEN).update(active=False)
    day = open_day()
    assert [slot.start for slot in selectors.slots_between(day, day)[day]] == [NINE]


def test_an_exception_changes_removes_or_adds_a_slot(timetable: list[WeeklySlot]) -> None:
    day = open_day()
    SlotException.objects.create(day=day, start=NINE, capacity=5)
    SlotException.objects.create(day=day, start=TEN, capacity=0)
    SlotException.objects.create(day=day, start=time(14, 0), duration_minutes=60, capacity=3)
    slots = selectors.slots_between(day, day)[day]
    assert [(slot.start, slot.capacity) for slot in slots] == [(NINE, 5), (time(14, 0), 3)]
    assert slots[1].end == time(15, 0)


def test_a_saturday_opens_only_by_exception(timetable: list[WeeklySlot]) -> None:
    saturday = timezone.localdate() + timedelta(days=(5 - timezone.localdate().weekday()) % 7 + 7)
    assert selectors.slots_between(saturday, saturday) == {}
    SlotException.objects.create(day=saturday, start=NINE, capacity=4)
    if saturday not in selectors.closed_days(saturday, saturday):
        assert [slot.capacity for slot in selectors.slots_between(saturday, saturday)[saturday]] == [4]


def test_slots_that_have_started_are_not_offered(timetable: list[WeeklySlot]) -> None:
    day = open_day()
    at_half_past_nine = timezone.make_aware(timezone.datetime.combine(day, time(9, 30)))
    assert [slot.start for slot in selectors.slots_between(day, day, now=at_half_past_nine)[day]] == [TEN]


def test_places_taken_are_counted_and_a_full_slot_shows_as_full(timetable: list[WeeklySlot]) -> None:
    day = open_day()
    book(day, TEN)
    book(day, NINE, phone="+33612345679")
    nine, ten = selectors.slots_between(day, day)[day]
    assert (nine.taken, nine.remaining, nine.full) == (1, 1, False)
    assert (ten.taken, ten.remaining, ten.full) == (1, 0, True)


def test_another_communes_timetable_is_not_offered(timetable: list[WeeklySlot], commune_b: Commune) -> None:
    from tenants.cross_schema import schema_context

    with schema_context(commune_b.schema_name):
        assert selectors.bookable_slots() == {}
        assert selectors.slot_at(open_day(), NINE) is None
