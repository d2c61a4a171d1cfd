"""Reads about appointments: the free times the public may book, and a day's agenda for the office."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, QuerySet
from django.utils import timezone

from cases.appointments.models import Booking, Closure, SlotException, WeeklySlot
from cases.calendar import WEEKEND, holidays_between

# How far ahead the public may book.
DAYS_AHEAD = 28
# Bookings that hold a place (a cancelled one frees it).
HOLDING = [Booking.Status.BOOKED, Booking.Status.ATTENDED, Booking.Status.NO_SHOW]


@dataclass(frozen=True)
class Slot:
    day: date
    start: time
    duration_minutes: int
    capacity: int
    taken: int

    @property
    def remaining(self) -> int:
        return max(self.capacity - self.taken, 0)

    @property
    def full(self) -> bool:
        return self.remaining == 0

    @property
    def end(self) -> time:
        return (datetime.combine(self.day, self.start) + timedelta(minutes=self.duration_minutes)).time()

    @property
    def key(self) -> str:
        return f"{self.start:%H%M}"


def starts_at(day: date, start: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, start))


def closed_days(first: date, last: date) -> set[date]:
    """Public holidays and the office's closures, from first to last included."""
    days = holidays_between(first, last)
    for closure in Closure.objects.filter(starts_on__lte=last, ends_on__gte=first):
        day = max(closure.starts_on, first)
        while day <= min(closure.ends_on, last):
            days.add(day)
            day += timedelta(days=1)
    return days


def slots_between(first: date, last: date, *, now: datetime | None = None) -> dict[date, list[Slot]]:
    """Every slot from first to last included that has not started yet, by day (days without slots left out).

    The weekly timetable applies on working days (not at weekends); an exception may change a
    date's slot or add one (also at a weekend); holidays and closures have none.
    """
    now = now or timezone.now()
    weekly: dict[int, dict[time, tuple[int, int]]] = {}
    for slot in WeeklySlot.objects.filter(active=True):
        weekly.setdefault(slot.weekday, {})[slot.start] = (slot.duration_minutes, slot.capacity)
    exceptions: dict[date, list[SlotException]] = {}
    for exception in SlotException.objects.filter(day__range=(first, last)):
        exceptions.setdefault(exception.day, []).append(exception)
    closed = closed_days(first, last)
    taken = {
        (row["day"], row["start"]): row["n"]
        for row in Booking.objects.filter(day__range=(first, last), status__in=HOLDING)
        .values("day", "start")
        .annotate(n=Count("id"))
    }
    result: dict[date, list[Slot]] = {}
    day = first
    while day <= last:
        if day not in closed:
            times = dict(weekly.get(day.weekday(), {})) if day.weekday() not in WEEKEND else {}
            for exception in exceptions.get(day, []):
                if exception.capacity == 0:
                    times.pop(exception.start, None)
                else:
                    times[exception.start] = (exception.duration_minutes, exception.capacity)
            slots = [
                Slot(day, start, duration, capacity, taken.get((day, start), 0))
                for start, (duration, capacity) in sorted(times.items())
                if starts_at(day, start) > now
            ]
            if slots:
                result[day] = slots
        day += timedelta(days=1)
    return result


def bookable_slots(*, now: datetime | None = None) -> dict[date, list[Slot]]:
    """What the public page offers: the next four weeks, by day."""
    today = timezone.localdate(now or timezone.now())
    return slots_between(today, today + timedelta(days=DAYS_AHEAD), now=now)


@dataclass(frozen=True)
class Week:
    """One week of the public page, Monday to Sunday, and where its links lead."""

    monday: date
    days: dict[date, list[Slot]]
    previous: date | None  # the Monday of the week before, if it can still be booked
    next: date | None  # the Monday of the week after, if it opens already
    later: bool  # times are open after this week

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def bookable_week(day: date | None = None, *, now: datetime | None = None) -> Week:
    """The week of `day` the public may book, kept between this week and the last day that opens;
    without `day`, the first week that has a free place (this week if none has)."""
    today = timezone.localdate(now or timezone.now())
    earliest, latest = _monday(today), _monday(today + timedelta(days=DAYS_AHEAD))
    every = bookable_slots(now=now)
    if day is None:
        free = (found for found, slots in every.items() if not all(slot.full for slot in slots))
        monday = _monday(next(free, today))
    else:
        monday = min(max(_monday(day), earliest), latest)
    sunday = monday + timedelta(days=6)
    return Week(
        monday=monday,
        days={found: slots for found, slots in every.items() if monday <= found <= sunday},
        previous=monday - timedelta(days=7) if monday > earliest else None,
        next=monday + timedelta(days=7) if monday < latest else None,
        later=any(found > sunday for found in every),
    )


def slot_at(day: date, start: time, *, now: datetime | None = None) -> Slot | None:
    """The slot at this date and time if the office offers it and it has not started; else None."""
    return next((slot for slot in slots_between(day, day, now=now).get(day, []) if slot.start == start), None)


def agenda(day: date) -> QuerySet[Booking]:
    """A day's bookings for the office, cancelled ones included (last)."""
    return Booking.objects.filter(day=day).select_related("category").order_by("start", "created_at")


def days_with_bookings(after: date, *, days: int = DAYS_AHEAD) -> list[tuple[date, int]]:
    """The next days that have people booked, and how many: where the agenda leads from an empty day."""
    rows = (
        Booking.objects.filter(day__gt=after, day__lte=after + timedelta(days=days), status=Booking.Status.BOOKED)
        .values("day")
        .annotate(n=Count("id"))
        .order_by("day")
    )
    return [(row["day"], row["n"]) for row in rows]


def weekly_slots() -> QuerySet[WeeklySlot]:
    return WeeklySlot.objects.all()


def exceptions_from(day: date) -> QuerySet[SlotException]:
    return SlotException.objects.filter(day__gte=day)


def closures_from(day: date) -> QuerySet[Closure]:
    return Closure.objects.filter(ends_on__gte=day)
