"""Morocco's public holidays come from python-holidays: the lunar ones estimated until a platform operator
confirms or moves them, once for every commune; each office adds only its local closures, which count
for its own deadlines alone. Dates at the ends of the calendar never crash the deadline arithmetic."""

from __future__ import annotations

import re
from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils.translation import override

from cases import calendar
from cases.models import Holiday
from jisr import holidays
from jisr.accounts.models import Role, User
from jisr.models import LunarHolidayDate
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.conftest import PASSWORD, client_for, make_staff

pytestmark = pytest.mark.django_db

Kind = LunarHolidayDate.Kind


def deadline_in(commune: Commune, start: date, count: int) -> date:
    with schema_context(commune.schema_name):
        return calendar.add_business_days(start, count)


def rows(page: str) -> list[str]:
    return re.findall(r"<tr>(.*?)</tr>", page, flags=re.DOTALL)


def row_of(page: str, text: str) -> str:
    found = [row for row in rows(page) if text in row]
    assert len(found) == 1, (text, found)
    return found[0]


def signed_in(commune: Commune, user: User, language: str) -> Client:
    client = client_for(commune)
    with schema_context(commune.schema_name):
        client.force_login(user)
    client.cookies["django_language"] = language
    return client


def operator_browser() -> Client:
    operator = User.objects.create_user("operator.holidays@jisr.test", PASSWORD, role=Role.OPERATOR, is_staff=True)
    client = client_for(None)
    client.force_login(operator)
    client.cookies["django_language"] = "en"
    return client


# --- python-holidays' calendar ----------------------------------------------------------


def test_the_lunar_holidays_of_2027_come_from_the_package_without_any_office_input(commune_a: Commune) -> None:
    with schema_context(commune_a.schema_name):
        assert not Holiday.objects.exists()
        days = calendar.holidays_between(date(2027, 1, 1), date(2027, 12, 31))
    # Estimated: Eid al-Fitr 9-10 March, Eid al-Adha 16-17 May, 1 Muharram 6 June, the Mawlid 14-15 August.
    assert {date(2027, 3, 9), date(2027, 3, 10), date(2027, 5, 16), date(2027, 5, 17)} <= days
    assert {date(2027, 6, 6), date(2027, 8, 14), date(2027, 8, 15)} <= days
    # Monday 8 March 2027: the Eid takes Tuesday and Wednesday.
    assert deadline_in(commune_a, date(2027, 3, 8), 1) == date(2027, 3, 11)
    lunar = {(holiday.kind, holiday.day) for holiday in calendar.national_holidays(2027) if holiday.estimated}
    assert (Kind.EID_AL_FITR, date(2027, 3, 9)) in lunar
    assert (Kind.MAWLID, date(2027, 8, 14)) in lunar
    # The fixed holidays are never estimated.
    assert not any(holiday.estimated for holiday in calendar.national_holidays(2027) if not holiday.kind)


def test_unity_day_counts_from_2026(commune_a: Commune) -> None:
    """Unity Day (عيد الوحدة, 31 October) was decreed on 4 November 2025, so 31 October 2025, a Friday,
    was still worked; it is a holiday from 2026 (a Saturday), in 2028 on a Tuesday."""
    with schema_context(commune_a.schema_name):
        assert date(2026, 10, 31) in calendar.holidays_between(date(2026, 10, 1), date(2026, 11, 30))
        assert date(2027, 10, 31) in calendar.holidays_between(date(2027, 10, 31), date(2027, 10, 31))
    assert "عيد الوحدة" in {holiday.name_ar for holiday in calendar.national_holidays(2026)}
    assert deadline_in(commune_a, date(2028, 10, 30), 1) == date(2028, 11, 1)
    assert deadline_in(commune_a, date(2025, 10, 30), 1) == date(2025, 10, 31)


# --- The operator confirms or moves a lunar date, for every commune ----------------------


def test_an_operators_move_of_eid_changes_deadlines_in_every_commune(commune_a: Commune, commune_b: Commune) -> None:
    before = {commune.slug: deadline_in(commune, date(2027, 3, 8), 1) for commune in (commune_a, commune_b)}
    assert before == {"aitmelloul": date(2027, 3, 11), "nador": date(2027, 3, 11)}
    # Announced a day later than estimated: Wednesday 10 and Thursday 11 March 2027.
    holidays.confirm(kind=Kind.EID_AL_FITR, first_day=date(2027, 3, 10), days=2, source="Ministère des Habous")
    for commune in (commune_a, commune_b):
        assert deadline_in(commune, date(2027, 3, 8), 1) == date(2027, 3, 9)  # Tuesday is worked again
        assert deadline_in(commune, date(2027, 3, 8), 2) == date(2027, 3, 12)
        with schema_context(commune.schema_name):
            assert calendar.business_days_between(date(2027, 3, 5), date(2027, 3, 12)) == 3  # 8, 9 and 12 March

    # Moved again: the same occurrence changes, it is not entered twice.
    holidays.confirm(kind=Kind.EID_AL_FITR, first_day=date(2027, 3, 9), days=1)
    assert LunarHolidayDate.objects.filter(kind=Kind.EID_AL_FITR).count() == 1
    assert deadline_in(commune_b, date(2027, 3, 8), 1) == date(2027, 3, 10)


def test_a_three_day_eid_counts_its_three_days(commune_a: Commune) -> None:
    # Estimated Sunday 16 and Monday 17 May 2027; announced Monday 17 to Wednesday 19.
    assert deadline_in(commune_a, date(2027, 5, 14), 1) == date(2027, 5, 18)
    holidays.confirm(kind=Kind.EID_AL_ADHA, first_day=date(2027, 5, 17), days=3)
    assert deadline_in(commune_a, date(2027, 5, 14), 1) == date(2027, 5, 20)


def test_an_offices_local_closure_changes_only_its_own_communes_deadlines(
    commune_a: Commune, commune_b: Commune
) -> None:
    with schema_context(commune_a.schema_name):
        Holiday.objects.create(day=date(2027, 3, 15), name_fr="Moussem", name_ar="موسم")
    # Friday 12 March 2027, one business day on.
    assert deadline_in(commune_a, date(2027, 3, 12), 1) == date(2027, 3, 16)
    assert deadline_in(commune_b, date(2027, 3, 12), 1) == date(2027, 3, 15)
    with schema_context(commune_b.schema_name):
        assert not Holiday.objects.exists()


@override("en")
def test_a_date_far_from_any_estimate_or_a_second_date_for_the_same_eid_is_refused() -> None:
    with pytest.raises(ValidationError, match="check the year"):
        holidays.confirm(kind=Kind.EID_AL_FITR, first_day=date(2029, 3, 10), days=2)  # 2027's Eid, years out
    holidays.confirm(kind=Kind.EID_AL_FITR, first_day=date(2027, 3, 10), days=2)
    second = LunarHolidayDate(kind=Kind.EID_AL_FITR, first_day=date(2027, 3, 11), days=2)
    with pytest.raises(ValidationError, match="already has an announced date"):
        second.full_clean()
    with pytest.raises(ValidationError, match="less than or equal to 3"):
        holidays.confirm(kind=Kind.MAWLID, first_day=date(2027, 8, 14), days=4)


def test_the_operator_confirms_a_date_in_the_admin_and_no_one_else_can() -> None:
    operator = operator_browser()
    form = operator.get("/admin/jisr/lunarholidaydate/add/")
    assert form.status_code == 200
    assert "09/03/2027" in form.content.decode() or "Estimated by python-holidays" in form.content.decode()
    response = operator.post(
        "/admin/jisr/lunarholidaydate/add/",
        {"kind": Kind.EID_AL_ADHA, "first_day": "2027-05-17", "days": "2", "source": "Ministère des Habous"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    announced = LunarHolidayDate.objects.get()
    assert (announced.first_day, announced.days, announced.confirmed_by.email) == (  # type: ignore[union-attr]
        date(2027, 5, 17),
        2,
        "operator.holidays@jisr.test",
    )
    listing = operator.get("/admin/jisr/lunarholidaydate/").content.decode()
    assert "17/05/2027" in listing  # announced
    assert "16/05/2027" in listing  # python-holidays' estimate

    typo = operator.post(
        "/admin/jisr/lunarholidaydate/add/", {"kind": Kind.MAWLID, "first_day": "2072-01-01", "days": "2"}
    )
    assert typo.status_code == 200
    assert "check the year" in typo.content.decode()
    assert LunarHolidayDate.objects.count() == 1

    coordinator = User.objects.create_user("coordinator.holidays@jisr.test", PASSWORD, role=Role.COORDINATOR)
    coordinator.is_staff = True
    coordinator.save()
    other = client_for(None)
    other.force_login(coordinator)
    assert other.get("/admin/jisr/lunarholidaydate/").status_code == 403
    assert other.post(f"/admin/jisr/lunarholidaydate/{announced.pk}/delete/", {"post": "yes"}).status_code == 403
    assert LunarHolidayDate.objects.filter(pk=announced.pk).exists()


@override("en")
def test_the_operator_confirms_from_the_command_line() -> None:
    out = StringIO()
    call_command("lunar_holidays", "confirm", "eid_al_adha", "2027-05-17", "--source", "Habous", stdout=out)
    assert LunarHolidayDate.objects.get().days == 2  # as many days as the estimate
    call_command("lunar_holidays", "list", "--year", "2027", stdout=out)
    assert "estimated 16/05/2027 (2 d), confirmed 17/05/2027 (2 d)" in out.getvalue()
    with pytest.raises(CommandError, match="check the year"):
        call_command("lunar_holidays", "confirm", "mawlid", "2030-01-01", stdout=out)


# --- The office's page -------------------------------------------------------------------


def test_the_office_page_marks_which_national_dates_are_estimated(in_a: Commune) -> None:
    head = make_staff(in_a, role=Role.OFFICE_HEAD)
    client = signed_in(in_a, head, language="en")
    page = client.get("/office/holidays/?year=2027").content.decode()
    assert "estimated" in row_of(page, "9 March 2027")
    assert "fixed date" in row_of(page, "30 July 2027")  # Throne Day
    assert "No local closure in 2027." in page

    holidays.confirm(kind=Kind.EID_AL_FITR, first_day=date(2027, 3, 10), days=2)
    page = client.get("/office/holidays/?year=2027").content.decode()
    assert "9 March 2027" not in page
    assert "confirmed" in row_of(page, "10 March 2027")
    assert "confirmed" in row_of(page, "11 March 2027")
    assert "estimated" in row_of(page, "16 May 2027")  # Eid al-Adha: not yet announced

    arabic = signed_in(in_a, head, language="ar").get("/office/holidays/?year=2027").content.decode()
    assert "تقديري" in row_of(arabic, "16 ماي 2027")  # day first, Morocco's name of May


def test_the_office_adds_a_local_closure_on_the_page(in_a: Commune, commune_b: Commune) -> None:
    head = make_staff(in_a, role=Role.OFFICE_HEAD)
    client = signed_in(in_a, head, language="fr")
    response = client.post(
        "/office/holidays/", {"day": "2027-03-15", "name_fr": "Moussem local", "name_ar": "الموسم المحلي"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Moussem local" in row_of(page, "15 mars 2027")
    with schema_context(commune_b.schema_name):
        assert not Holiday.objects.exists()


# --- The ends of the calendar --------------------------------------------------------------


def test_deadlines_at_the_ends_of_the_calendar_do_not_overflow(in_a: Commune) -> None:
    last = date.max  # Friday 31 December 9999
    assert calendar.add_business_days(last, 1) == last
    assert calendar.add_business_days(last, 30) == last
    assert calendar.add_business_days(date(9999, 12, 30), 1) == last
    assert calendar.add_business_days(date(9999, 12, 1), 10**6) == last
    assert calendar.add_business_days(date(2026, 12, 7), 10**9) == last
    assert calendar.business_days_between(date(9999, 12, 24), last) == 5
    assert calendar.holidays_between(date(9999, 12, 1), last) == set()
    assert calendar.add_business_days(date.min, 3) == date(1, 1, 4)  # Monday 1 January of year 1
    assert calendar.business_days_between(date.min, last) > 2_600_000
