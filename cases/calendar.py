"""Business days on Morocco's calendar of public holidays, for deadlines (SLA).

The national holidays come from jisr.holidays: python-holidays' calendar, the lunar dates (the two
Eids, 1 Muharram, the Mawlid) estimated until a platform operator confirms or moves them once for
the whole country. The office adds only its local closures (cases.models.Holiday). Deadlines are
computed often: python-holidays' calendar is computed once per year and process, and the office's
closures and the operator's announced dates are read in one query.

Dates near the ends of the calendar never raise OverflowError: a deadline past date.max is date.max.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection

from cases.models import Holiday
from jisr import holidays as national
from jisr.holidays import LunarDates, NationalHoliday, shift

# Morocco's administrations work Monday to Friday.
WEEKEND = {5, 6}


def _closures_and_announcements(start: date, end: date) -> tuple[set[date], list[LunarDates]]:
    """The office's local closures from start to end, and the announced lunar dates around them: one query,
    in SQL (deadlines are computed often; the ORM's own work would cost more than the query)."""
    announcements_sql, params = national.announcements_sql(start, end)
    days: set[date] = set()
    announcements: list[LunarDates] = []
    with connection.cursor() as cursor:
        closures_sql = f"SELECT day, '', 0 FROM {Holiday._meta.db_table} WHERE day BETWEEN %s AND %s"
        cursor.execute(f"{closures_sql} UNION ALL {announcements_sql}", [start, end, *params])
        for day, kind, length in cursor.fetchall():
            if kind:
                announcements.append(LunarDates(day, kind, length))
            else:
                days.add(day)
    return days, announcements


def holidays_between(start: date, end: date) -> set[date]:
    """Every holiday from start to end included: national (python-holidays, as the operator confirmed them)
    and the office's local closures."""
    if end < start:
        return set()
    closures, announcements = _closures_and_announcements(start, end)
    return national.national_days(start, end, announcements) | closures


def national_holidays(year: int) -> list[NationalHoliday]:
    """The year's national holidays, by date, each lunar one estimated or confirmed (for the office's page)."""
    return national.national_holidays(date(year, 1, 1), date(year, 12, 31))


def is_business_day(day: date, holidays: set[date]) -> bool:
    return day.weekday() not in WEEKEND and day not in holidays


def add_business_days(start: date, count: int) -> date:
    """The `count`-th business day after `start` (the day of `start` itself does not count); date.max at most."""
    if count <= 0:
        return start
    if count >= (date.max - start).days:  # fewer calendar days left than business days asked
        return date.max
    # Enough room for weekends and the longest holiday runs; widened if ever too short.
    horizon = shift(start, count * 2 + 30)
    holidays = holidays_between(start, horizon)
    day = start
    remaining = count
    while remaining > 0:
        if day == date.max:
            return day
        day += timedelta(days=1)
        if day > horizon:
            horizon = shift(horizon, 60)
            holidays |= holidays_between(day, horizon)
        if is_business_day(day, holidays):
            remaining -= 1
    return day


def business_days_between(start: date, end: date) -> int:
    """Business days after `start` up to `end` included (0 when end <= start)."""
    if end <= start:
        return 0
    weeks, rest = divmod((end - start).days, 7)
    weekdays = 5 * weeks + sum(1 for offset in range(1, rest + 1) if (start.weekday() + offset) % 7 not in WEEKEND)
    holidays = holidays_between(start + timedelta(days=1), end)
    return weekdays - sum(1 for day in holidays if day.weekday() not in WEEKEND)
