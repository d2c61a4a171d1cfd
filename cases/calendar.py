"""Business days on Morocco's calendar of public holidays, for deadlines (SLA).

The fixed holidays are built in; those that follow the lunar calendar (Eid
al-Fitr, Eid al-Adha, 1 Muharram, the Mawlid) move every year, and the office
enters them (cases.models.Holiday) once they are announced.
"""

from __future__ import annotations

from datetime import date, timedelta

from cases.models import Holiday

# (month, day, Arabic, French, first year observed)
FIXED_HOLIDAYS = [
    (1, 1, "رأس السنة الميلادية", "Nouvel An", 1956),
    (1, 11, "ذكرى تقديم وثيقة الاستقلال", "Manifeste de l'indépendance", 1956),
    (1, 14, "رأس السنة الأمازيغية", "Nouvel An amazigh", 2024),
    (5, 1, "عيد الشغل", "Fête du Travail", 1956),
    (7, 30, "عيد العرش", "Fête du Trône", 2000),
    (8, 14, "ذكرى استرجاع إقليم وادي الذهب", "Allégeance d'Oued Ed-Dahab", 1979),
    (8, 20, "ذكرى ثورة الملك والشعب", "Révolution du Roi et du Peuple", 1956),
    (8, 21, "عيد الشباب", "Fête de la Jeunesse", 2000),
    (11, 6, "ذكرى المسيرة الخضراء", "Marche verte", 1975),
    (11, 18, "عيد الاستقلال", "Fête de l'Indépendance", 1956),
]

# Morocco's administrations work Monday to Friday.
WEEKEND = {5, 6}


def fixed_holidays(year: int) -> dict[date, tuple[str, str]]:
    return {
        date(year, month, day): (name_ar, name_fr)
        for month, day, name_ar, name_fr, since in FIXED_HOLIDAYS
        if year >= since
    }


def holidays_between(start: date, end: date) -> set[date]:
    """Every public holiday from start to end included: built-in and entered by the office."""
    days = {day for year in range(start.year, end.year + 1) for day in fixed_holidays(year) if start <= day <= end}
    days.update(Holiday.objects.filter(day__range=(start, end)).values_list("day", flat=True))
    return days


def is_business_day(day: date, holidays: set[date]) -> bool:
    return day.weekday() not in WEEKEND and day not in holidays


def add_business_days(start: date, count: int) -> date:
    """The `count`-th business day after `start` (the day of `start` itself does not count)."""
    # Enough room for weekends and the longest holiday runs; widened if ever too short.
    horizon = start + timedelta(days=count * 2 + 30)
    holidays = holidays_between(start, horizon)
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if day > horizon:
            horizon += timedelta(days=60)
            holidays = holidays_between(start, horizon)
        if is_business_day(day, holidays):
            remaining -= 1
    return day


def business_days_between(start: date, end: date) -> int:
    """Business days after `start` up to `end` included (0 when end <= start)."""
    if end <= start:
        return 0
    holidays = holidays_between(start, end)
    return sum(
        1 for offset in range(1, (end - start).days + 1) if is_business_day(start + timedelta(days=offset), holidays)
    )
