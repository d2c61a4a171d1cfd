"""Deadlines in business days: weekends, the national holidays (python-holidays) and the office's local closures."""

from datetime import date

import pytest

from cases import calendar
from cases.models import Holiday

pytestmark = pytest.mark.django_db


def test_weekends_do_not_count(in_a) -> None:  # type: ignore[no-untyped-def]
    friday = date(2026, 3, 6)
    assert calendar.add_business_days(friday, 1) == date(2026, 3, 9)  # Monday
    assert calendar.add_business_days(friday, 5) == date(2026, 3, 13)


def test_fixed_holidays_do_not_count(in_a) -> None:  # type: ignore[no-untyped-def]
    # Wednesday 4 November 2026; Friday 6 November is the Green March.
    assert calendar.add_business_days(date(2026, 11, 4), 2) == date(2026, 11, 9)
    # Throne Day (30 July) and the August run of holidays (14, 20, 21).
    assert date(2026, 7, 30) in calendar.holidays_between(date(2026, 7, 1), date(2026, 8, 31))
    assert calendar.add_business_days(date(2026, 8, 13), 3) == date(2026, 8, 19)


def test_the_amazigh_new_year_counts_from_2024(in_a) -> None:  # type: ignore[no-untyped-def]
    assert date(2024, 1, 14) in calendar.holidays_between(date(2024, 1, 1), date(2024, 1, 31))
    assert date(2023, 1, 14) not in calendar.holidays_between(date(2023, 1, 1), date(2023, 1, 31))
    # Tuesday 14 January 2025.
    assert calendar.add_business_days(date(2025, 1, 13), 1) == date(2025, 1, 15)


def test_local_closures_of_the_office_do_not_count(in_a) -> None:  # type: ignore[no-untyped-def]
    monday = date(2026, 4, 13)
    assert calendar.add_business_days(monday, 3) == date(2026, 4, 16)
    Holiday.objects.create(day=date(2026, 4, 14), name_fr="Moussem", name_ar="موسم")
    Holiday.objects.create(day=date(2026, 4, 15), name_fr="Moussem (2e jour)", name_ar="موسم")
    assert calendar.add_business_days(monday, 3) == date(2026, 4, 20)


def test_holidays_over_the_new_year(in_a) -> None:  # type: ignore[no-untyped-def]
    # From Wednesday 30 December 2026: 31 Dec, (1 Jan holiday), (2-3 weekend), 4, 5 Jan.
    assert calendar.add_business_days(date(2026, 12, 30), 3) == date(2027, 1, 5)


def test_business_days_between(in_a) -> None:  # type: ignore[no-untyped-def]
    assert calendar.business_days_between(date(2026, 3, 6), date(2026, 3, 13)) == 5
    assert calendar.business_days_between(date(2026, 3, 13), date(2026, 3, 6)) == 0


def test_long_deadlines_stay_right(in_a) -> None:  # type: ignore[no-untyped-def]
    start = date(2026, 1, 2)
    due = calendar.add_business_days(start, 200)
    assert calendar.business_days_between(start, due) == 200
