"""Morocco's national public holidays: python-holidays' calendar, with the lunar dates the operator announced.

The `holidays` package (python-holidays) knows the fixed holidays, including the new ones (the Amazigh
New Year from 2024, Unity Day on 31 October from 2026), and estimates the lunar ones years ahead: Eid
al-Fitr, Eid al-Adha and the Mawlid (two days each) and 1 Muharram. Its estimate is a calculation; in
Morocco the sighting of the moon decides, often a day later. Once the date is announced a platform
operator enters it (jisr.models.LunarHolidayDate): it replaces the estimate in every commune at once.
cases.calendar adds each office's local closures.

python-holidays' calendar of a year never changes while the process runs, so it is computed once per
year (`package_calendar`); the announced dates are read with each computation (cases.calendar reads
them in the same query as the office's closures), so a date the operator changes counts at once
in every process, with no cache to invalidate.

Unity Day: King Mohammed VI decreed it on 4 November 2025 (statement of the Royal Cabinet), after
31 October 2025 had passed as a working day; python-holidays counts it from 2026, and so do we.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

import holidays
from django.db import transaction
from django.db.models import QuerySet

from jisr.models import MATCH_DAYS, LunarHolidayDate

if TYPE_CHECKING:
    from jisr.accounts.models import User

Kind = LunarHolidayDate.Kind

# python-holidays' English names of the lunar holidays (the source of its en_US catalogue).
KIND_OF_NAME: dict[str, str] = {
    "Eid al-Fitr": Kind.EID_AL_FITR,
    "Eid al-Adha": Kind.EID_AL_ADHA,
    "Islamic New Year": Kind.ISLAMIC_NEW_YEAR,
    "Prophet's Birthday": Kind.MAWLID,
}

# Their names as Morocco's administration writes them (python-holidays' French is France's).
KIND_NAMES: dict[str, tuple[str, str]] = {
    Kind.EID_AL_FITR: ("عيد الفطر", "Aïd al-Fitr"),
    Kind.EID_AL_ADHA: ("عيد الأضحى", "Aïd al-Adha"),
    Kind.ISLAMIC_NEW_YEAR: ("فاتح محرم (رأس السنة الهجرية)", "1er Moharram (Nouvel An de l'Hégire)"),
    Kind.MAWLID: ("عيد المولد النبوي", "Aïd al-Mawlid"),
}

# The years python-holidays covers for Morocco (1901-2100 today); none outside them.
_MOROCCO = holidays.country_holidays("MA")
FIRST_YEAR, LAST_YEAR = _MOROCCO.start_year, _MOROCCO.end_year

# An announcement is at most 3 days long (LunarHolidayDate.days).
MAX_DAYS = 3
MARGIN = MATCH_DAYS + MAX_DAYS


@dataclass(frozen=True)
class NationalHoliday:
    day: date
    name_ar: str
    name_fr: str
    kind: str = ""  # a LunarHolidayDate.Kind for a lunar holiday, empty for a fixed one
    estimated: bool = False  # python-holidays' estimate, not (yet) a date the operator confirmed


class LunarDates(NamedTuple):
    """One occurrence of a lunar holiday: as python-holidays estimates it, or as announced (LunarHolidayDate)."""

    first_day: date
    kind: str
    days: int

    def dates(self) -> list[date]:
        return sorted({shift(self.first_day, offset) for offset in range(self.days)})


def shift(day: date, days: int) -> date:
    """`day` moved by `days`, kept within the calendar (date.min..date.max) instead of raising OverflowError."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


@functools.lru_cache(maxsize=512)
def package_calendar(year: int) -> tuple[NationalHoliday, ...]:
    """python-holidays' calendar of Morocco for `year`, by date (empty outside the years it covers)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return ()
    plain = {
        language: holidays.country_holidays("MA", years=year, language=language, islamic_show_estimated=False)
        for language in ("en_US", "ar", "fr")
    }
    flagged = holidays.country_holidays("MA", years=year, language="en_US")  # "(estimated)" on estimates
    result = []
    for day in sorted(flagged):
        names = zip(
            flagged.get_list(day),
            plain["en_US"].get_list(day),
            plain["ar"].get_list(day),
            plain["fr"].get_list(day),
            strict=True,
        )
        for flagged_name, name_en, name_ar, name_fr in names:
            kind = str(KIND_OF_NAME.get(name_en, ""))
            if kind:
                name_ar, name_fr = KIND_NAMES[kind]
            result.append(NationalHoliday(day, name_ar, name_fr, kind, estimated=flagged_name != name_en))
    return tuple(result)


def _years(start: date, end: date) -> range:
    return range(max(start.year, FIRST_YEAR), min(end.year, LAST_YEAR) + 1)


@functools.lru_cache(maxsize=512)
def _package_days(year: int) -> frozenset[date]:
    return frozenset(holiday.day for holiday in package_calendar(year))


def _package_between(start: date, end: date) -> list[NationalHoliday]:
    return [holiday for year in _years(start, end) for holiday in package_calendar(year) if start <= holiday.day <= end]


def lunar_dates(year: int) -> list[LunarDates]:
    """python-holidays' lunar holidays of `year` (its estimates), each with its run of days off."""
    found: list[LunarDates] = []
    for holiday in package_calendar(year):
        if not holiday.kind:
            continue
        run = next((i for i, seen in enumerate(found) if seen.kind == holiday.kind), None)
        if run is not None and shift(found[run].first_day, found[run].days) == holiday.day:
            found[run] = found[run]._replace(days=found[run].days + 1)
        else:
            found.append(LunarDates(holiday.day, holiday.kind, 1))
    return found


def estimate_near(kind: str, day: date) -> LunarDates | None:
    """python-holidays' estimate of holiday `kind` whose first day is nearest `day`, within MATCH_DAYS days."""
    near = [
        estimate
        for year in _years(shift(day, -366), shift(day, 366))
        for estimate in lunar_dates(year)
        if estimate.kind == kind and abs((estimate.first_day - day).days) <= MATCH_DAYS
    ]
    return min(near, key=lambda estimate: abs((estimate.first_day - day).days), default=None)


def confirm(*, kind: str, first_day: date, days: int, source: str = "", by: User | None = None) -> LunarHolidayDate:
    """The operator confirms or moves a lunar holiday for the whole country: the date announced for the
    occurrence of `kind` near `first_day` is set (the one already entered is moved, not doubled)."""
    near = (shift(first_day, -2 * MATCH_DAYS), shift(first_day, 2 * MATCH_DAYS))
    with transaction.atomic():
        announced = LunarHolidayDate.objects.select_for_update().filter(kind=kind, first_day__range=near).first()
        announced = announced or LunarHolidayDate(kind=kind)
        announced.first_day, announced.days, announced.source, announced.confirmed_by = first_day, days, source, by
        announced.full_clean()
        announced.save()
    return announced


def announcements_between(start: date, end: date) -> QuerySet[LunarHolidayDate, tuple[date, str, int]]:
    """The announced dates that may change the national holidays from start to end: (first_day, kind, days)."""
    return LunarHolidayDate.objects.filter(first_day__range=_window(start, end)).values_list(
        "first_day", "kind", "days"
    )


def announcements_sql(start: date, end: date) -> tuple[str, list[date]]:
    """`announcements_between` as SQL and its parameters, for cases.calendar to read in one query with the
    office's closures (deadlines are computed often; the ORM's own work would cost more than the query)."""
    return (
        f"SELECT first_day, kind, days FROM {LunarHolidayDate._meta.db_table} WHERE first_day BETWEEN %s AND %s",
        list(_window(start, end)),
    )


def _window(start: date, end: date) -> tuple[date, date]:
    return shift(start, -MARGIN), shift(end, MARGIN)


def _replaced(holiday: NationalHoliday, announcements: list[LunarDates]) -> bool:
    """A day of the estimate an announced date replaces (its first day within MATCH_DAYS, the others after it)."""
    return any(
        holiday.kind == announced.kind and abs((holiday.day - announced.first_day).days) <= MARGIN
        for announced in announcements
    )


def national_holidays(
    start: date, end: date, announcements: Iterable[LunarDates] | None = None
) -> list[NationalHoliday]:
    """The national holidays from start to end included, by date: the announced dates in place of the estimates.

    `announcements` are the rows of `announcements_between(start, end)`, read here when not given.
    """
    if announcements is None:
        announcements = [LunarDates(*row) for row in announcements_between(start, end)]
    announcements = list(announcements)
    found = [holiday for holiday in _package_between(start, end) if not _replaced(holiday, announcements)]
    for announced in announcements:
        name_ar, name_fr = KIND_NAMES.get(announced.kind, (announced.kind, announced.kind))
        found += [
            NationalHoliday(day, name_ar, name_fr, announced.kind) for day in announced.dates() if start <= day <= end
        ]
    return sorted(found, key=lambda holiday: holiday.day)


def national_days(start: date, end: date, announcements: list[LunarDates]) -> set[date]:
    """The days of `national_holidays`, quick when no announced date is near (the usual case)."""
    if announcements:
        return {holiday.day for holiday in national_holidays(start, end, announcements)}
    return {day for year in _years(start, end) for day in _package_days(year) if start <= day <= end}
