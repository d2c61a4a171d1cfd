"""One commune's appointments stay its own: another commune's public and staff neither see nor change them."""

from __future__ import annotations

import re

import pytest

from cases.appointments.models import Booking, WeeklySlot
from jisr.accounts.models import Role
from jisr.outbox.models import Message
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.appointments.conftest import NINE, booking_data, open_day, slot_url
from tests.conftest import PASSWORD, client_for, make_staff, signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking_in_a(in_a: Commune, timetable: list[WeeklySlot]) -> tuple[Booking, str]:
    assert client_for(in_a).post(slot_url(open_day(), NINE), booking_data(name="Fatima Ouali")).status_code == 302
    message = Message.objects.get(kind="appointment_confirmation")
    found = re.search(r"/appointments/cancel/(\S+)/", message.body)
    assert found
    return Booking.objects.get(), found.group(1)


def test_a_communes_slots_are_not_offered_on_another(booking_in_a: tuple[Booking, str], commune_b: Commune) -> None:
    public_b = client_for(commune_b)
    page = public_b.get("/appointments/", {"week": open_day().isoformat()}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert slot_url(open_day(), NINE) not in page.content.decode()
    response = public_b.post(slot_url(open_day(), NINE), booking_data(phone="+32470123456"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "The office offers no appointment at this time" in response.content.decode()
    with schema_context(commune_b.schema_name):
        assert not Booking.objects.exists()


def test_a_cancellation_link_of_one_commune_is_not_valid_on_another(
    booking_in_a: tuple[Booking, str], commune_a: Commune, commune_b: Commune
) -> None:
    booking, token = booking_in_a
    public_b = client_for(commune_b)
    assert public_b.get(f"/appointments/cancel/{token}/").status_code == 404
    assert public_b.post(f"/appointments/cancel/{token}/").status_code == 404
    with schema_context(commune_a.schema_name):
        booking.refresh_from_db()
        assert booking.status == Booking.Status.BOOKED


def test_another_communes_staff_do_not_see_the_agenda(
    booking_in_a: tuple[Booking, str], commune_a: Commune, commune_b: Commune
) -> None:
    booking, _token = booking_in_a
    head_b = make_staff(commune_b, role=Role.OFFICE_HEAD)
    client = signed_in_client(commune_b, head_b)
    page = client.get(f"/appointments/agenda/?day={booking.day.isoformat()}")
    assert page.status_code == 200
    assert "Fatima Ouali" not in page.content.decode()
    assert client.post(f"/appointments/agenda/{booking.pk}/mark/", {"status": "no_show"}).status_code == 404
    assert "09:00" not in client.get("/appointments/slots/").content.decode()
    with schema_context(commune_a.schema_name):
        slot = WeeklySlot.objects.first()
        assert slot is not None
    assert client.post(f"/appointments/slots/{slot.pk}/active/", {"active": "0"}).status_code == 404
    with schema_context(commune_a.schema_name):
        booking.refresh_from_db()
        assert booking.status == Booking.Status.BOOKED
        assert WeeklySlot.objects.filter(active=True).count() == 10


def test_a_staff_account_of_one_commune_cannot_sign_in_on_another(commune_a: Commune, commune_b: Commune) -> None:
    head_a = make_staff(commune_a, role=Role.OFFICE_HEAD, email="only-a@example.com")
    response = client_for(commune_b).post("/accounts/login/", {"login": head_a.email, "password": PASSWORD})
    assert response.status_code != 302
    assert client_for(commune_b).get("/appointments/agenda/").status_code == 302
