"""The office's side: the day's agenda, marking visits, the timetable and closures, by role."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone

from cases.appointments import services
from cases.appointments.models import Booking, Closure, SlotException, SlotOccurrence, WeeklySlot
from jisr.accounts.models import Role, User
from tenants.models import Commune
from tests.cases.appointments.conftest import NINE, booking_data, open_day, slot_url, staff_client
from tests.conftest import client_for, make_staff

pytestmark = pytest.mark.django_db


def booked_today(name: str = "Fatima Ouali") -> Booking:
    """An appointment this morning (booked earlier: the public can no longer book a time that has started)."""
    today = timezone.localdate()
    occurrence, _ = SlotOccurrence.objects.get_or_create(day=today, start=time(0, 0))
    return Booking.objects.create(
        occurrence=occurrence, day=today, start=time(0, 0), duration_minutes=30, name=name, phone="+33612345678",
        email="fatima@example.com", preferred_language="fr", cancel_token_hash=name.ljust(64, "0"),
        consent_given_at=timezone.now(),
    )  # fmt: skip


def test_the_agenda_lists_the_days_bookings(in_a: Commune, viewer: User, timetable: list[WeeklySlot]) -> None:
    day = open_day()
    assert client_for(in_a).post(slot_url(day, NINE), booking_data(name="Mohamed Oubella")).status_code == 302
    client = staff_client(in_a, viewer)
    page = client.get(f"/appointments/agenda/?day={day.isoformat()}", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Mohamed Oubella" in page.content.decode()
    assert "Mohamed Oubella" not in client.get("/appointments/agenda/").content.decode()  # today's
    bad = client.get("/appointments/agenda/?day=2026-02-31\x00")
    assert bad.status_code == 200


def test_an_empty_day_of_the_agenda_leads_to_the_next_days_with_people_booked(
    in_a: Commune, commune_b: Commune, viewer: User, timetable: list[WeeklySlot]
) -> None:
    day = open_day()
    client_for(in_a).post(slot_url(day, NINE), booking_data(name="Mohamed Oubella"))
    client_for(in_a).post(slot_url(day, NINE), booking_data(name="Amina Oubella", phone="+33 6 98 76 54 32"))
    yesterday = (day - timedelta(days=1)).isoformat()
    page = staff_client(in_a, viewer).get(f"/appointments/agenda/?day={yesterday}", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "Next days with appointments" in text
    assert f'href="?day={day.isoformat()}"' in text
    assert "2 people booked" in text
    # Another office's agenda leads nowhere near this one's bookings.
    other = staff_client(commune_b, make_staff(commune_b, role=Role.VIEWER, email="viewer.next@example.org"))
    elsewhere = other.get(f"/appointments/agenda/?day={yesterday}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Next days with appointments" not in elsewhere
    assert f"?day={day.isoformat()}" not in elsewhere


def test_the_agenda_needs_a_signed_in_staff_member(in_a: Commune) -> None:
    response = client_for(in_a).get("/appointments/agenda/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_agent_marks_who_came_and_who_did_not(in_a: Commune, agent: User) -> None:
    came, absent = booked_today("Fatima"), booked_today("Ahmed")
    client = staff_client(in_a, agent)
    assert "Came" in client.get("/appointments/agenda/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.post(f"/appointments/agenda/{came.pk}/mark/", {"status": "attended"})
    client.post(f"/appointments/agenda/{absent.pk}/mark/", {"status": "no_show"})
    came.refresh_from_db()
    absent.refresh_from_db()
    assert (came.status, absent.status) == (Booking.Status.ATTENDED, Booking.Status.NO_SHOW)
    client.post(f"/appointments/agenda/{came.pk}/mark/", {"status": "cancelled\x00"})
    came.refresh_from_db()
    assert came.status == Booking.Status.ATTENDED
    assert client.post("/appointments/agenda/999999/mark/", {"status": "attended"}).status_code == 404


def test_a_future_appointment_cannot_be_marked(in_a: Commune, agent: User, timetable: list[WeeklySlot]) -> None:
    client_for(in_a).post(slot_url(open_day(), NINE), booking_data())
    booking = Booking.objects.get()
    response = staff_client(in_a, agent).post(f"/appointments/agenda/{booking.pk}/mark/", {"status": "attended"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED


def test_a_viewer_sees_the_agenda_but_cannot_mark_or_manage(in_a: Commune, viewer: User) -> None:
    booking = booked_today()
    client = staff_client(in_a, viewer)
    page = client.get("/appointments/agenda/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Fatima Ouali" in page
    assert "Did not come" not in page
    assert client.post(f"/appointments/agenda/{booking.pk}/mark/", {"status": "attended"}).status_code == 403
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED
    assert client.get("/appointments/slots/").status_code == 403
    assert client.get("/appointments/closures/").status_code == 403
    data = {
        "form": "slot",
        "slot-weekday": "0",
        "slot-start": "09:00",
        "slot-duration_minutes": "30",
        "slot-capacity": "1",
    }
    assert client.post("/appointments/slots/", data).status_code == 403
    assert not WeeklySlot.objects.exists()


def test_an_agent_cannot_manage_the_timetable(in_a: Commune, agent: User) -> None:
    client = staff_client(in_a, agent)
    assert client.get("/appointments/slots/").status_code == 403
    assert (
        client.post(
            "/appointments/closures/", {"starts_on": "2030-01-02", "ends_on": "2030-01-03", "reason": "x"}
        ).status_code
        == 403
    )
    assert not Closure.objects.exists()


def test_the_head_sets_the_weekly_timetable(in_a: Commune, head: User) -> None:
    client = staff_client(in_a, head)
    data = {
        "form": "slot",
        "slot-weekday": "1",
        "slot-start": "09:30",
        "slot-duration_minutes": "20",
        "slot-capacity": "3",
    }
    assert client.post("/appointments/slots/", data).status_code == 302
    slot = WeeklySlot.objects.get()
    assert (slot.weekday, slot.start, slot.duration_minutes, slot.capacity) == (1, time(9, 30), 20, 3)
    again = client.post("/appointments/slots/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 400
    assert "There is already a slot at this time" in again.content.decode()
    bad = dict(data, **{"slot-capacity": "0", "slot-start": "25:99", "slot-weekday": "9"})
    page = client.post("/appointments/slots/", bad)
    assert page.status_code == 400
    assert 'value="25:99"' in page.content.decode()
    assert client.post(f"/appointments/slots/{slot.pk}/active/", {"active": "0"}).status_code == 302
    slot.refresh_from_db()
    assert not slot.active


def test_the_head_changes_one_date(in_a: Commune, head: User) -> None:
    client = staff_client(in_a, head)
    day = open_day()
    data = {"form": "exception", "exception-day": day.isoformat(), "exception-start": "14:00",
            "exception-duration_minutes": "60", "exception-capacity": "4"}  # fmt: skip
    assert client.post("/appointments/slots/", data).status_code == 302
    exception = SlotException.objects.get()
    assert (exception.day, exception.start, exception.capacity) == (day, time(14, 0), 4)
    past = dict(data, **{"exception-day": (timezone.localdate() - timedelta(days=3)).isoformat()})
    response = client.post("/appointments/slots/", past, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "This date has passed" in response.content.decode()
    assert client.post(f"/appointments/slots/exceptions/{exception.pk}/delete/").status_code == 302
    assert not SlotException.objects.exists()


def test_the_head_closes_days_and_a_bad_range_keeps_the_form(in_a: Commune, head: User) -> None:
    client = staff_client(in_a, head)
    day = open_day()
    bad = {"starts_on": day.isoformat(), "ends_on": (day - timedelta(days=1)).isoformat(), "reason": "Travaux"}
    response = client.post("/appointments/closures/", bad, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "The last day comes before the first" in response.content.decode()
    assert 'value="Travaux"' in response.content.decode()
    assert (
        client.post("/appointments/closures/", {"starts_on": "", "ends_on": "x\x00", "reason": ""}).status_code == 400
    )
    assert not Closure.objects.exists()
    good = dict(bad, ends_on=day.isoformat())
    assert client.post("/appointments/closures/", good).status_code == 302
    closure = Closure.objects.get()
    assert "Travaux" in client.get("/appointments/closures/").content.decode()
    assert client.post(f"/appointments/closures/{closure.pk}/delete/").status_code == 302
    assert not Closure.objects.exists()


def test_the_workspace_links_to_the_agenda(in_a: Commune, viewer: User) -> None:
    page = staff_client(in_a, viewer).get("/appointments/agenda/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/appointments/agenda/" aria-current="page">Agenda</a>' in page


def test_services_check_the_role_whatever_the_door(in_a: Commune, viewer: User) -> None:
    from cases.permissions import NotAllowed

    with pytest.raises(NotAllowed):
        services.add_weekly_slot(actor=viewer, weekday=0, start=NINE, duration_minutes=30, capacity=1)
    with pytest.raises(NotAllowed):
        services.mark(actor=viewer, booking_id=booked_today().pk, status="attended")
