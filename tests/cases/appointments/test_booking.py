"""The public books a time, is confirmed by e-mail in their language, cancels, and is reminded the day before."""

from __future__ import annotations

import re
from datetime import time, timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format

from cases.appointments import services, views
from cases.appointments.models import Booking, SlotOccurrence, WeeklySlot
from cases.appointments.tasks import remind_tomorrow
from cases.models import Holiday
from jisr.outbox.models import Message
from tenants.models import Commune
from tests.cases.appointments.conftest import NINE, TEN, booking_data, open_day, slot_url
from tests.cases.conftest import category
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def public(in_a: Commune) -> Client:
    return client_for(in_a)


def cancel_link(message: Message) -> str:
    found = re.search(r"https?://\S+/appointments/cancel/(\S+)/", message.body)
    assert found, message.body
    return f"/appointments/cancel/{found.group(1)}/"


def test_the_public_page_lists_the_times_by_day(public: Client, timetable: list[WeeklySlot]) -> None:
    response = public.get("/appointments/", {"week": open_day().isoformat()}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert slot_url(open_day(), NINE) in response.content.decode()
    assert "2 places left" in response.content.decode()


def test_a_booking_is_confirmed_by_email_in_the_persons_language(public: Client, timetable: list[WeeklySlot]) -> None:
    day = open_day()
    data = booking_data(category=str(category("urbanism").pk), phone="06 61 23 45 67")
    response = public.post(slot_url(day, NINE), data)
    assert response.status_code == 302
    assert response["Location"] == "/appointments/booked/"
    booking = Booking.objects.get()
    assert (booking.day, booking.start, booking.status) == (day, NINE, Booking.Status.BOOKED)
    assert booking.phone == "+212661234567"
    assert booking.category == category("urbanism")
    message = Message.objects.get(kind="appointment_confirmation")
    assert message.recipient == "fatima@example.com"
    assert message.language == "ar"
    assert "أيت ملول" in message.body  # the commune's name, in Arabic
    token = cancel_link(message).split("/")[-2]
    assert booking.cancel_token_hash == services.hash_token(token)
    assert token not in str(Booking.objects.values().get())

    page = public.get("/appointments/booked/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Your appointment is booked" in page.content.decode()
    assert cancel_link(message) in page.content.decode()


def test_the_confirmation_page_shows_nothing_to_another_browser(public: Client, timetable: list[WeeklySlot]) -> None:
    public.post(slot_url(open_day(), NINE), booking_data())
    stranger = client_for(Commune.objects.get(slug="aitmelloul"))
    assert stranger.get("/appointments/booked/")["Location"] == "/appointments/"


def test_cancelling_asks_first_then_frees_the_place_and_again_is_harmless(
    public: Client, timetable: list[WeeklySlot]
) -> None:
    day = open_day()
    assert public.post(slot_url(day, TEN), booking_data()).status_code == 302
    link = cancel_link(Message.objects.get(kind="appointment_confirmation"))
    other = booking_data(name="Ahmed", phone="+32470123456", email="ahmed@example.com")
    full = public.post(slot_url(day, TEN), other, HTTP_ACCEPT_LANGUAGE="en")
    assert full.status_code == 400
    assert "This time is full" in full.content.decode()

    asked = public.get(link, HTTP_ACCEPT_LANGUAGE="en")
    assert "Do you want to cancel" in asked.content.decode()
    assert Booking.objects.get().status == Booking.Status.BOOKED
    done = public.post(link, HTTP_ACCEPT_LANGUAGE="en")
    assert done.status_code == 200
    assert "This appointment is cancelled" in done.content.decode()
    assert public.post(link).status_code == 200  # again: nothing changes
    assert Booking.objects.get().status == Booking.Status.CANCELLED

    assert public.post(slot_url(day, TEN), other).status_code == 302
    assert Booking.objects.filter(status=Booking.Status.BOOKED).get().name == "Ahmed"


def test_a_made_up_cancellation_link_is_refused(public: Client, timetable: list[WeeklySlot]) -> None:
    response = public.post("/appointments/cancel/not-a-real-token/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "not valid" in response.content.decode()
    assert public.get("/appointments/cancel/" + "x" * 5000 + "/").status_code == 404


def test_the_reminder_goes_once_to_tomorrows_appointments(in_a: Commune) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    occurrence = SlotOccurrence.objects.create(day=tomorrow, start=NINE)
    later = SlotOccurrence.objects.create(day=tomorrow + timedelta(days=1), start=NINE)

    def booking(occurrence: SlotOccurrence, name: str, language: str, status: str = Booking.Status.BOOKED) -> Booking:
        return Booking.objects.create(
            occurrence=occurrence, day=occurrence.day, start=NINE, duration_minutes=30, name=name,
            phone="+33612345678", email=f"{name}@example.com", preferred_language=language, status=status,
            cancel_token_hash=name.ljust(64, "0"), consent_given_at=timezone.now(),
        )  # fmt: skip

    due = booking(occurrence, "fatima", "fr")
    booking(occurrence, "yassine", "en", status=Booking.Status.CANCELLED)
    booking(later, "ahmed", "fr")

    assert remind_tomorrow() == 1  # the task, run in the commune's schema
    assert remind_tomorrow() == 0
    messages = Message.objects.filter(kind="appointment_reminder")
    assert [message.recipient for message in messages] == ["fatima@example.com"]
    assert messages[0].language == "fr"
    with translation.override("fr"):  # our new strings await their translators; Django's dates are French already
        assert date_format(tomorrow, "l j F Y") in messages[0].body
    with translation.override("en"):
        assert date_format(tomorrow, "l j F Y") not in messages[0].body
    due.refresh_from_db()
    assert due.reminder_sent_at is not None


# --- Bad input ----------------------------------------------------------------


def test_a_bad_phone_keeps_what_was_typed_and_says_why(public: Client, timetable: list[WeeklySlot]) -> None:
    response = public.post(
        slot_url(open_day(), NINE), booking_data(phone="12", name="Mohamed Oubella"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "This is not a phone number we can call" in page
    assert 'value="Mohamed Oubella"' in page
    assert 'value="fatima@example.com"' in page
    assert not Booking.objects.exists()
    assert not Message.objects.filter(kind="appointment_confirmation").exists()


def test_missing_consent_is_said_next_to_the_box(public: Client, timetable: list[WeeklySlot]) -> None:
    data = booking_data()
    del data["consent"]
    response = public.post(slot_url(open_day(), NINE), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "We need your agreement" in response.content.decode()
    assert not Booking.objects.exists()


def test_nul_characters_and_huge_values_are_refused_without_error(public: Client, timetable: list[WeeklySlot]) -> None:
    url = slot_url(open_day(), NINE)
    for data in (
        booking_data(name="Fati\x00ma"),
        booking_data(phone="06\x0012"),
        booking_data(name="x" * 100_000),
        booking_data(category="99999999999999999999"),
        booking_data(preferred_language="xx"),
    ):
        response = public.post(url, data)
        assert response.status_code == 400, data
    assert not Booking.objects.exists()


def test_a_past_time_is_refused_with_a_message(public: Client, timetable: list[WeeklySlot]) -> None:
    last_week = timezone.localdate() - timedelta(days=7)
    response = public.post(slot_url(last_week, NINE), booking_data(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "This time has passed" in response.content.decode()
    assert 'value="Fatima Ouali"' in response.content.decode()
    assert not Booking.objects.exists()


def test_a_closed_day_is_refused_with_a_message(public: Client, timetable: list[WeeklySlot]) -> None:
    day = open_day()
    Holiday.objects.create(day=day, name_ar="عيد", name_fr="Aïd")
    response = public.post(slot_url(day, NINE), booking_data(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "The office is closed that day" in response.content.decode()
    assert (
        "The office is closed that day" in public.get(slot_url(day, NINE), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    assert not Booking.objects.exists()


def test_a_time_the_office_does_not_offer_is_refused(public: Client, timetable: list[WeeklySlot]) -> None:
    response = public.post(slot_url(open_day(), time(9, 15)), booking_data(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "The office offers no appointment at this time" in response.content.decode()
    far = timezone.localdate() + timedelta(days=60)
    assert public.post(slot_url(far, NINE), booking_data()).status_code == 400
    for bad in (
        "/appointments/book/2026-13-45/0900/",
        "/appointments/book/tomorrow/9am/",
        "/appointments/book/x/9999/",
    ):
        assert public.get(bad).status_code == 404
        assert public.post(bad, booking_data()).status_code == 404
    assert not Booking.objects.exists()


def test_the_same_phone_cannot_take_two_places_in_one_slot(public: Client, timetable: list[WeeklySlot]) -> None:
    url = slot_url(open_day(), NINE)
    assert public.post(url, booking_data()).status_code == 302
    again = public.post(url, booking_data(email="other@example.com"), HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 400
    assert "You already have an appointment at this time" in again.content.decode()


def test_one_address_may_book_only_so_often(in_a: Commune, timetable: list[WeeklySlot]) -> None:
    client = Client(HTTP_HOST=client_for(in_a).defaults["HTTP_HOST"], REMOTE_ADDR="198.51.100.77")
    day = open_day()
    for _attempt in range(views.BOOKINGS_PER_HOUR):
        client.post(slot_url(day, NINE), booking_data(phone="12"))  # refused, but counted
    response = client.post(slot_url(day, NINE), booking_data(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert "Too many bookings from your connection" in response.content.decode()
    assert 'value="Fatima Ouali"' in response.content.decode()
    assert not Booking.objects.exists()
    elsewhere = Client(HTTP_HOST=client_for(in_a).defaults["HTTP_HOST"], REMOTE_ADDR="198.51.100.78")
    assert elsewhere.post(slot_url(day, NINE), booking_data()).status_code == 302


def test_beat_sends_the_reminder_to_every_office_in_the_evening(commune_a: Commune) -> None:
    from jisr.celery import app

    entry = app.conf.beat_schedule["appointments-remind-tomorrow"]
    assert (entry["task"], entry["args"]) == ("cases.every_office", ["appointments.remind_tomorrow"])
    assert entry["schedule"].hour == {17}
    from cases.tasks import every_office

    assert every_office("appointments.remind_tomorrow") >= 2  # queued for each active commune


def test_an_appointment_that_has_passed_cannot_be_cancelled(public: Client, in_a: Commune) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    occurrence = SlotOccurrence.objects.create(day=yesterday, start=NINE)
    Booking.objects.create(
        occurrence=occurrence, day=yesterday, start=NINE, duration_minutes=30, name="Fatima", phone="+33612345678",
        email="f@example.com", preferred_language="fr", cancel_token_hash=services.hash_token("old-token"),
        consent_given_at=timezone.now(),
    )  # fmt: skip
    response = public.post("/appointments/cancel/old-token/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "This appointment has passed" in response.content.decode()
    assert Booking.objects.get().status == Booking.Status.BOOKED


def test_the_page_of_a_full_time_says_it_is_full(public: Client, timetable: list[WeeklySlot]) -> None:
    day = open_day()
    assert public.post(slot_url(day, TEN), booking_data()).status_code == 302
    page = public.get(slot_url(day, TEN), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "This time is full" in page
    listing = public.get("/appointments/", {"week": day.isoformat()}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert slot_url(day, TEN) not in listing  # shown as full, not as a link
    assert "full" in listing
