"""People abroad choose how they are told: e-mail, WhatsApp or SMS.

Every message goes through the commune's outbox by the chosen channel, in
the person's language; SMS and WhatsApp through the logging stand-in (or a
provider set in the settings), with the outbox's retries and back-off.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from cases.appointments.models import Booking, SlotOccurrence, WeeklySlot
from cases.appointments.services import remind_tomorrow
from cases.models import Case, NotifyBy, Person
from cases.portal import services as portal
from cases.services import cases as case_services
from jisr.accounts.models import Role
from jisr.outbox import services as outbox
from jisr.outbox.models import Message
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.appointments.conftest import NINE, booking_data, open_day, slot_url, timetable
from tests.cases.conftest import category
from tests.cases.portal.test_portal import request_data, submit, visitor
from tests.conftest import client_for, make_staff, signed_in_client

pytestmark = pytest.mark.django_db
__all__ = ["timetable"]  # the appointments' fixture, used here too

PHONE = "+33612345678"
# Texts of the acknowledgement already translated (reused from the e-mail's strings).
RECEIVED = {"ar": "تم التوصل بطلبكم", "fr": "a bien été reçue", "en": "was received"}
TRACKING_CODE = {"ar": "رمز التتبع الخاص بكم", "fr": "Votre code de suivi", "en": "Your code to track it"}


def messages(commune: Commune, **filters: object) -> list[Message]:
    with schema_context(commune.schema_name):
        return list(Message.objects.filter(**filters).order_by("created_at"))


# --- The request form ----------------------------------------------------------


def test_the_form_asks_how_to_be_told_in_a_group_with_its_question(commune_a: Commune) -> None:
    page = visitor(commune_a).get("/portal/request/").content.decode()
    group = re.search(
        r'<fieldset class="field">\s*<legend>How should we tell you about your request\?.*?</fieldset>', page, re.S
    )
    assert group, page
    for value in ("email", "whatsapp", "sms"):
        assert re.search(rf'<input type="radio" name="notify_by" value="{value}"', group.group(0)), value
    assert re.search(r'value="email"[^>]*checked', group.group(0))


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_request_told_by_whatsapp_puts_a_whatsapp_message_in_the_communes_outbox(
    commune_a: Commune, commune_b: Commune, language: str
) -> None:
    reference, code = submit(commune_a, notify_by="whatsapp", email="", preferred_language=language)
    with schema_context(commune_a.schema_name):
        person = Case.objects.select_related("person").get(reference=reference).person
        assert (person.notify_by, person.phone, person.email) == (NotifyBy.WHATSAPP, PHONE, "")
    [ack] = messages(commune_a, kind="portal_acknowledgement")
    assert (ack.channel, ack.recipient, ack.language, ack.subject) == ("whatsapp", PHONE, language, "")
    assert reference in ack.body
    assert code in ack.body
    assert f"/portal/track/?reference={reference}" in ack.body
    assert RECEIVED[language] in ack.body
    assert TRACKING_CODE[language] in ack.body
    assert ("أيت ملول" in ack.body) == (language == "ar")  # the office's name in the person's language
    assert len(ack.body) <= 300
    assert messages(commune_b, kind__startswith="portal_") == []  # the other commune's outbox knows nothing of it
    assert messages(commune_b, recipient=PHONE) == []

    with schema_context(commune_a.schema_name):
        assert outbox.deliver(message_id=ack.pk) is True  # through the logging stand-in
        ack.refresh_from_db()
        assert (ack.state, ack.attempts, ack.last_error) == (Message.State.SENT, 1, "")
        assert ack.sent_at is not None
    assert not [email for email in mail.outbox if "fatima" in str(email.to)]


def test_a_request_told_by_sms_with_an_e_mail_also_gets_the_acknowledgement_by_e_mail(commune_a: Commune) -> None:
    reference, code = submit(commune_a, notify_by="sms", preferred_language="fr")
    acks = messages(commune_a, kind="portal_acknowledgement")
    assert sorted((m.channel, m.recipient) for m in acks) == [("email", "fatima.ouali@example.org"), ("sms", PHONE)]
    sms = next(m for m in acks if m.channel == "sms")
    for text in (reference, code, RECEIVED["fr"]):
        assert text in sms.body, text
    with schema_context(commune_a.schema_name):
        outbox.flush()
        assert set(Message.objects.filter(kind__startswith="portal_").values_list("state", flat=True)) == {"sent"}
    [email] = [email for email in mail.outbox if email.to == ["fatima.ouali@example.org"]]
    assert reference in email.subject


def test_a_request_told_by_e_mail_is_told_by_e_mail_only(commune_a: Commune) -> None:
    reference, _code = submit(commune_a)
    [ack] = messages(commune_a, kind="portal_acknowledgement")
    assert (ack.channel, ack.recipient) == ("email", "fatima.ouali@example.org")
    assert reference in ack.subject
    with schema_context(commune_a.schema_name):
        assert Person.objects.get().notify_by == NotifyBy.EMAIL


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"notify_by": "whatsapp", "phone": ""}, "phone", "We need your mobile number"),
        ({"notify_by": "sms", "phone": "12"}, "phone", "not a valid phone number"),
        ({"notify_by": "sms", "phone": "+33 1 42 68 53 00"}, "phone", "Give a mobile number"),  # a landline
        ({"notify_by": "email", "email": ""}, "email", "We need an e-mail address"),
        ({"notify_by": "pigeon"}, "notify_by", "pigeon"),
    ],
)
def test_what_the_chosen_way_needs_is_asked_next_to_its_field_and_the_form_keeps_what_was_typed(
    commune_a: Commune, changes: dict[str, str], field: str, says: str
) -> None:
    response = visitor(commune_a).post("/portal/request/", request_data(commune_a, **changes))
    page = response.content.decode()
    assert response.status_code == 400
    opening = r'<(?:div|fieldset) class="field[\w -]* field--error">'
    another = r'(?:(?!</?(?:div|fieldset) class="field).)*?'
    container = re.search(rf'{opening}{another}name="{field}"', page, re.S)
    assert container, page
    assert says in page
    assert 'value="Ouali"' in page
    if changes.get("phone"):
        assert f'value="{changes["phone"]}"' in page
    if changes["notify_by"] in NotifyBy.values:
        assert re.search(rf'value="{changes["notify_by"]}"[^>]*checked', page)
    with schema_context(commune_a.schema_name):
        assert not Person.objects.exists()
        assert not Message.objects.filter(kind__startswith="portal_").exists()


def test_the_service_checks_the_way_to_be_told_too(commune_a: Commune) -> None:
    from cases.errors import CaseError

    with schema_context(commune_a.schema_name):
        data = portal.RequestInput(
            category=category(),
            description="Ma pension de réversion n'est plus versée.",
            first_name="Fatima",
            last_name="Ouali",
            email="",
            phone="",
            consent=True,
            notify_by=NotifyBy.SMS,
        )
        with pytest.raises(CaseError) as refused:
            portal.submit_request(data=data)
        assert "phone" in refused.value.message_dict


# --- Later messages -------------------------------------------------------------


def test_status_changes_one_time_codes_and_the_survey_go_by_the_chosen_channel(commune_a: Commune) -> None:
    reference, _code = submit(commune_a, notify_by="whatsapp", email="", preferred_language="fr")
    agent = make_staff(commune_a, role=Role.AGENT)
    with schema_context(commune_a.schema_name):
        case = Case.objects.get(reference=reference)
        case_services.transition_case(actor=agent, case=case, to_status=Case.Status.ANSWERED)
        [status] = Message.objects.filter(kind="portal_status")
        assert (status.channel, status.recipient, status.language) == ("whatsapp", PHONE, "fr")
        assert f"Votre demande {reference} est désormais" in status.body
        assert f"/portal/track/?reference={reference}" in status.body

        case_services.transition_case(actor=agent, case=case, to_status=Case.Status.CLOSED)
        [invitation] = Message.objects.filter(kind="portal_survey")
        assert (invitation.channel, invitation.recipient) == ("whatsapp", PHONE)
        assert f"Comment s'est passée votre demande {reference}" in invitation.body
        token = re.search(r"/portal/survey/([\w-]+)/", invitation.body).group(1)  # type: ignore[union-attr]
        assert invitation.dedupe_key == f"portal-survey:{case.pk}:whatsapp"
    assert visitor(commune_a).get(f"/portal/survey/{token}/").status_code == 200

    response = visitor(commune_a).post("/portal/track/", {"action": "send_code", "reference": reference})
    assert response.status_code == 200
    [one_time] = messages(commune_a, kind="portal_one_time_code")
    assert (one_time.channel, one_time.recipient) == ("whatsapp", PHONE)
    assert re.search(r"Votre code à usage unique est \d{6}\.", one_time.body), one_time.body
    assert not messages(commune_a, channel="email", kind__startswith="portal_")


def test_a_chosen_channel_without_an_address_falls_back_to_e_mail(commune_a: Commune) -> None:
    submit(commune_a, notify_by="sms", preferred_language="fr")
    agent = make_staff(commune_a, role=Role.AGENT)
    with schema_context(commune_a.schema_name):
        person = Person.objects.get()
        Person.objects.filter(pk=person.pk).update(phone="")  # the office removed the number
        person.refresh_from_db()
        assert outbox.routes(person) == [("email", "fatima.ouali@example.org")]
        case_services.transition_case(actor=agent, case=Case.objects.get(), to_status=Case.Status.ANSWERED)
        assert list(Message.objects.filter(kind="portal_status").values_list("channel", flat=True)) == ["email"]


# --- Appointments ----------------------------------------------------------------


@pytest.fixture
def public(in_a: Commune) -> Client:
    return client_for(in_a)


def test_an_appointment_is_confirmed_by_whatsapp(public: Client, timetable: list[WeeklySlot]) -> None:
    page = public.get(slot_url(open_day(), NINE), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<input type="radio" name="notify_by" value="whatsapp"' in page
    response = public.post(slot_url(open_day(), NINE), booking_data(notify_by="whatsapp", email=""))
    assert response.status_code == 302, response.content.decode()[:3000]
    booking = Booking.objects.get()
    assert (booking.notify_by, booking.phone, booking.email) == ("whatsapp", PHONE, "")
    [message] = Message.objects.filter(kind="appointment_confirmation")
    assert (message.channel, message.recipient, message.language) == ("whatsapp", PHONE, "ar")
    assert "موعدكم يوم" in message.body
    assert "/appointments/cancel/" in message.body
    assert len(message.body) <= 300
    assert outbox.deliver(message_id=message.pk) is True
    message.refresh_from_db()
    assert message.state == Message.State.SENT
    booked = public.get("/appointments/booked/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "A confirmation was sent by WhatsApp" in booked


def test_an_appointment_told_by_sms_with_an_e_mail_is_confirmed_both_ways_and_reminded_by_sms(
    public: Client, timetable: list[WeeklySlot]
) -> None:
    assert public.post(slot_url(open_day(), NINE), booking_data(notify_by="sms")).status_code == 302
    confirmations = Message.objects.filter(kind="appointment_confirmation")
    assert sorted(confirmations.values_list("channel", "recipient")) == [
        ("email", "fatima@example.com"),
        ("sms", PHONE),
    ]

    tomorrow = timezone.localdate() + timedelta(days=1)
    Booking.objects.update(day=tomorrow, occurrence=SlotOccurrence.objects.create(day=tomorrow, start=NINE))
    assert remind_tomorrow() == 1
    [reminder] = Message.objects.filter(kind="appointment_reminder")
    assert (reminder.channel, reminder.recipient) == ("sms", PHONE)
    assert "تذكير: موعدكم غدًا على الساعة 09:00" in reminder.body


def test_an_appointment_told_by_e_mail_needs_the_e_mail(public: Client, timetable: list[WeeklySlot]) -> None:
    response = public.post(
        slot_url(open_day(), NINE), booking_data(notify_by="email", email=""), HTTP_ACCEPT_LANGUAGE="en"
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert re.search(r'field[\w -]* field--error">\s*<label for="id_email"', page)
    assert 'value="Fatima Ouali"' in page
    assert not Booking.objects.exists()


# --- A provider that fails --------------------------------------------------------


def test_a_failing_provider_is_retried_with_back_off_then_given_up(
    commune_a: Commune,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.OUTBOX_WHATSAPP_CHANNEL = "tests.cases.portal.providers.RefusingProvider"
    settings.OUTBOX_MAX_ATTEMPTS = 3
    submit(commune_a, notify_by="whatsapp", email="")
    with schema_context(commune_a.schema_name):
        message = Message.objects.get(kind="portal_acknowledgement")
        delays = []
        for attempt in (1, 2):
            before = timezone.now()
            assert outbox.deliver(message_id=message.pk) is False
            message.refresh_from_db()
            assert (message.state, message.attempts) == (Message.State.PENDING, attempt)
            assert "ConnectionError: provider answered 503" in message.last_error
            assert message.pk not in outbox.due_message_ids()  # waits for its back-off
            delays.append(message.next_attempt_at - before)
            Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())  # time passes
        assert timedelta(seconds=29) < delays[0] <= timedelta(seconds=31)
        assert timedelta(seconds=59) < delays[1] <= timedelta(seconds=61)  # doubled
        assert outbox.deliver(message_id=message.pk) is False
        message.refresh_from_db()
        assert (message.state, message.attempts) == (Message.State.FAILED, 3)
        assert message.sent_at is None
        assert message.pk not in outbox.due_message_ids()  # given up for good: not tried again
        assert outbox.deliver(message_id=message.pk) is False
        message.refresh_from_db()
        assert message.attempts == 3


def test_the_office_sees_how_the_person_chose_to_be_told(commune_a: Commune, commune_b: Commune) -> None:
    submit(commune_a, notify_by="whatsapp", email="", preferred_language="fr")
    with schema_context(commune_a.schema_name):
        someone = Person.objects.get()
        head = make_staff(commune_a, email="head.told@example.org")
    client = signed_in_client(commune_a, head)
    client.cookies["django_language"] = "en"
    page = client.get(f"/people/{someone.pk}/").content.decode()
    assert "Messages of the portal" in page
    assert "by WhatsApp" in page
    # The same id on another commune's host is nobody there.
    with schema_context(commune_b.schema_name):
        other_head = make_staff(commune_b, email="head.told.b@example.org")
    assert signed_in_client(commune_b, other_head).get(f"/people/{someone.pk}/").status_code == 404
