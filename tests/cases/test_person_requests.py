"""A person's requests under Law 09.08: access (everything held about them, as JSON) and erasure (what
identifies them goes, what the statistics count stays)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from analytics import extraction
from analytics.extraction import THEMES
from cases import selectors
from cases.appointments.models import Booking, SlotOccurrence
from cases.errors import CaseError
from cases.models import (
    Attachment,
    AuditEntry,
    Case,
    CaseEvent,
    Consent,
    IdentityDocument,
    LocalService,
    Person,
    PersonLink,
    Referral,
)
from cases.permissions import NotAllowed
from cases.portal.models import Survey, Tracking
from cases.services import access, erasure, people, referrals
from cases.services import cases as case_services
from jisr.accounts.models import Role, User
from jisr.outbox.models import Message
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.conftest import consenting, facts_of, person
from tests.cases.test_uploads import PDF
from tests.cases.test_workflow import new_case
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages compared in English; the pages in the language they are served in."""
    with translation.override("en"):
        yield


PHONE, EMAIL = "+33612345678", "fatima.ouali@example.org"
REASON = "Written request of 12 November 2026, received at the desk"


@dataclass
class Held:
    person: Person
    son: Person
    case: Case
    attachment_path: Path


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def held(head: User, media: Path) -> Held:
    """A person the office knows well: documents, family, consent, a case with everything a case can hold."""
    fatima = consenting(
        head,
        person(
            head,
            first_name_ar="فاطمة",
            last_name_ar="الوالي",
            phone=PHONE,
            whatsapp=PHONE,
            email=EMAIL,
            residence_city="Lyon",
            nationalities=["MA", "FR"],
            sex="female",
            birth_year=1968,
            generation="1",
        ),
    )
    people.add_identity_document(actor=head, person=fatima, kind="cin", number="J123456")
    son = person(head, first_name_latin="Youssef", phone="+33698765432")
    people.link_people(actor=head, person=son, kind="child_of", other=fatima)
    people.link_people(actor=head, person=fatima, kind="proxy_for", other=son)

    case = new_case(head, person=fatima, description="Fatima Ouali, veuve de Mohamed, pension CNSS 123456")
    case_services.add_note(actor=head, case=case, body="Appelée au +33 6 12 34 56 78, rappelle lundi")
    attachment = case_services.add_attachment(actor=head, case=case, upload=SimpleUploadedFile("acte.pdf", PDF))
    water = LocalService.objects.create(name_fr="Régie de l'eau", kind="utility")
    referral = referrals.refer_case(actor=head, case=case, purpose="Dossier de Fatima Ouali", local_service=water)
    referrals.record_outcome(
        actor=head, referral=referral, outcome=Referral.Outcome.ANSWERED, note="Réglé pour Mme Ouali"
    )
    Survey.objects.create(case=case, token_hash="t" * 64, score=4, comment="Merci, Fatima", answered_at=timezone.now())
    Tracking.objects.create(case=case, code_hash="c" * 64)

    tomorrow, yesterday = (timezone.localdate() + timedelta(days=days) for days in (1, -1))
    for day in (tomorrow, yesterday):
        Booking.objects.create(
            occurrence=SlotOccurrence.objects.create(day=day, start=time(9)),
            day=day,
            start=time(9),
            duration_minutes=20,
            name="Fatima Ouali",
            phone=PHONE,
            consent_given_at=timezone.now(),
            cancel_token_hash=f"{day}".ljust(64, "x"),
        )
    Message.objects.create(
        recipient=EMAIL,
        subject="Votre dossier",
        body="Bonjour Fatima",
        kind="case",
        state="sent",
        sent_at=timezone.now(),
    )
    Message.objects.create(recipient=PHONE, body="Fatima, votre rendez-vous", kind="reminder")
    return Held(person=fatima, son=son, case=case, attachment_path=Path(attachment.file.path))


def test_what_identifies_the_person_goes_and_what_is_counted_stays(
    head: User, held: Held, django_capture_on_commit_callbacks: Any
) -> None:
    case_before = Case.objects.values("kind", "category", "channel", "status", "opened_on", "due_on").get(
        pk=held.case.pk
    )
    events_before = list(CaseEvent.objects.filter(case=held.case).values_list("kind", "from_status", "to_status", "at"))
    assert held.attachment_path.exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = erasure.erase_person(actor=head, person=held.person, reason=REASON)

    assert done == erasure.Erased(cases=1, documents=1, links=2, attachments=1, bookings=2, messages=2)
    fatima = Person.objects.get(pk=held.person.pk)
    for field in ("first_name_latin", "last_name_latin", "first_name_ar", "last_name_ar", "residence_city",
                  "phone", "whatsapp", "email", "search_names", "search_keys", "search_phones"):  # fmt: skip
        assert getattr(fatima, field) == "", field
    assert list(fatima.nationalities) == []
    assert fatima.erased_at is not None
    assert (fatima.sex, fatima.birth_year, fatima.generation, fatima.residence_country) == ("female", 1968, "1", "FR")
    assert str(fatima) == f"Erased person #{fatima.pk}"

    assert not IdentityDocument.objects.filter(person=fatima).exists()
    assert not PersonLink.objects.filter(person=fatima).exists()
    assert not PersonLink.objects.filter(other=fatima).exists()
    assert Person.objects.filter(pk=held.son.pk).exists()  # the son is someone else: only the link goes
    assert Consent.objects.filter(person=fatima).exists()  # the proof that the processing was lawful

    case = Case.objects.get(pk=held.case.pk)
    assert (case.subject, case.description) == (erasure.ERASED, "")
    assert Case.objects.values("kind", "category", "channel", "status", "opened_on", "due_on").get(pk=case.pk) == (
        case_before
    )
    assert set(CaseEvent.objects.filter(case=case).values_list("body", flat=True)) == {""}
    assert list(CaseEvent.objects.filter(case=case).values_list("kind", "from_status", "to_status", "at")) == (
        events_before
    )
    referral = Referral.objects.get(case=case)
    assert (referral.purpose, referral.outcome_note, referral.outcome) == (erasure.ERASED, "", "answered")
    survey = Survey.objects.get(case=case)
    assert (survey.comment, survey.score) == ("", 4)
    assert not Tracking.objects.filter(case=case).exists()
    assert not Attachment.objects.filter(case=case).exists()
    assert not held.attachment_path.exists()  # the file too, once the erasure committed

    bookings = Booking.objects.order_by("day")
    assert {(b.name, b.phone, b.email) for b in bookings} == {(erasure.ERASED, "", "")}
    assert [b.status for b in bookings] == [Booking.Status.BOOKED, Booking.Status.CANCELLED]  # past kept, next off
    messages = Message.objects.filter(kind__in=("case", "reminder"))  # not the staff's invitations
    assert {(m.recipient, m.subject, m.body) for m in messages} == {(erasure.ERASED, "", "")}
    assert not messages.filter(state=Message.State.PENDING).exists()  # nothing more sent to her

    entry = AuditEntry.objects.get(action=AuditEntry.Action.ERASE)
    assert (entry.actor, entry.target_id, entry.detail) == (head, fatima.pk, REASON)


def test_the_person_is_no_longer_found_by_name_phone_or_identity_number(head: User, held: Held) -> None:
    for query in ("Fatima", "فاطمة", "+33 6 12 34 56 78", "J123456"):
        assert held.person in selectors.search_people(actor=head, query=query), query
    erasure.erase_person(actor=head, person=held.person, reason=REASON)
    for query in ("Fatima", "فاطمة", "+33 6 12 34 56 78", "J123456"):
        assert held.person not in selectors.search_people(actor=head, query=query), query


def test_the_facts_do_not_move(head: User, held: Held, in_a: Commune) -> None:
    extraction.extract_all([in_a], full=True)
    before = facts_of(in_a)
    assert before[THEMES[1].table], "the person's case is counted by sex, age band, generation and country"

    erasure.erase_person(actor=head, person=held.person, reason=REASON)

    assert facts_of(in_a) == before  # no change written by the triggers
    extraction.extract_all([in_a], full=True)
    assert facts_of(in_a) == before  # and counting everything again finds the same


def test_only_the_office_head_erases_and_a_reason_is_required(head: User, agent: User, held: Held) -> None:
    with pytest.raises(NotAllowed):
        erasure.erase_person(actor=agent, person=held.person, reason=REASON)
    with pytest.raises(CaseError) as caught:
        erasure.erase_person(actor=head, person=held.person, reason="   ")
    assert "reason" in caught.value.message_dict
    fatima = Person.objects.get(pk=held.person.pk)
    assert (fatima.first_name_latin, fatima.phone, fatima.erased_at) == ("Fatima", PHONE, None)
    assert IdentityDocument.objects.filter(person=fatima).exists()


def test_a_second_erasure_is_refused_clearly(head: User, held: Held) -> None:
    erasure.erase_person(actor=head, person=held.person, reason=REASON)
    with pytest.raises(CaseError, match="already erased"):
        erasure.erase_person(actor=head, person=held.person, reason=REASON)


def test_the_same_person_in_another_commune_is_left_alone(head: User, held: Held, commune_b: Commune) -> None:
    with schema_context(commune_b.schema_name):
        other_head = make_staff(commune_b, role=Role.OFFICE_HEAD)
        there = person(other_head, phone=PHONE, email=EMAIL)
        Message.objects.create(recipient=EMAIL, body="Bonjour Fatima", kind="case")

    erasure.erase_person(actor=head, person=held.person, reason=REASON)

    with schema_context(commune_b.schema_name):
        kept = Person.objects.get(pk=there.pk)
        assert (kept.first_name_latin, kept.phone, kept.email, kept.erased_at) == ("Fatima", PHONE, EMAIL, None)
        assert Message.objects.get(kind="case").body == "Bonjour Fatima"


def test_nothing_more_is_added_to_an_erased_person(head: User, held: Held) -> None:
    erasure.erase_person(actor=head, person=held.person, reason=REASON)
    fatima = Person.objects.get(pk=held.person.pk)
    with pytest.raises(CaseError, match="erased"):
        people.add_identity_document(actor=head, person=fatima, kind="passport", number="AB1234567")
    with pytest.raises(CaseError, match="erased"):
        people.link_people(actor=head, person=held.son, kind="child_of", other=fatima)
    with pytest.raises(CaseError, match="erased"):
        new_case(head, person=fatima)
    with pytest.raises(CaseError, match="erased"):
        people.update_person(actor=head, person=fatima, data=people.PersonInput.from_data({"first_name_latin": "F"}))


def test_the_office_head_erases_from_the_persons_page_and_a_failed_form_keeps_the_reason(
    head: User, agent: User, held: Held, commune_a: Commune
) -> None:
    from tests.conftest import signed_in_client

    page = f"/people/{held.person.pk}/erase/"
    assert signed_in_client(commune_a, agent).get(page).status_code == 403
    assert "/erase/" not in signed_in_client(commune_a, agent).get(f"/people/{held.person.pk}/").content.decode()

    client = signed_in_client(commune_a, head)
    assert page in client.get(f"/people/{held.person.pk}/").content.decode()
    shown = client.get(page)
    assert shown.status_code == 200
    language = shown["Content-Language"]
    with translation.override(language):
        warning, erased_name = _("This cannot be undone."), _("Erased person #%(number)s") % {"number": held.person.pk}
    assert warning in shown.content.decode()

    unconfirmed = client.post(page, {"reason": REASON})  # the box not ticked
    assert unconfirmed.status_code == 400
    assert REASON in unconfirmed.content.decode()
    assert Person.objects.get(pk=held.person.pk).erased_at is None

    done = client.post(page, {"reason": REASON, "confirm": "on"}, follow=True)
    assert done.status_code == 200
    body = done.content.decode()
    assert erased_name in body
    assert "Fatima" not in body
    assert "+33" not in body
    assert Person.objects.get(pk=held.person.pk).erased_at is not None
    assert client.get(page, follow=True).redirect_chain  # erased already: back to the page


def test_another_commune_cannot_erase_this_person_by_url(held: Held, commune_a: Commune, commune_b: Commune) -> None:
    from tests.conftest import signed_in_client

    with schema_context(commune_b.schema_name):
        other_head = make_staff(commune_b, role=Role.OFFICE_HEAD)
    client = signed_in_client(commune_b, other_head)
    response = client.post(f"/people/{held.person.pk}/erase/", {"reason": REASON, "confirm": "on"})
    assert response.status_code == 404  # no such person in Nador's register
    with schema_context(commune_a.schema_name):
        assert Person.objects.get(pk=held.person.pk).erased_at is None


# --- Access ------------------------------------------------------------------------


def test_the_export_holds_what_the_office_holds_about_the_person_and_no_one_else(head: User, held: Held) -> None:
    document = access.person_export(actor=head, person=held.person)

    assert document["format"] == access.FORMAT
    assert document["person"]["first_name_ar"] == "فاطمة"
    assert document["person"]["phone"] == PHONE
    assert sorted(document["person"]["nationalities"]) == ["FR", "MA"]
    assert document["identity_documents"] == [
        {"kind": "cin", "number": "J123456", "recorded_at": document["identity_documents"][0]["recorded_at"]}
    ]
    assert [consent["purpose"] for consent in document["consents"]] == list(
        Consent.objects.filter(person=held.person).order_by("given_on", "pk").values_list("purpose", flat=True)
    )
    (case,) = document["cases"]
    assert case["reference"] == held.case.reference
    assert "pension CNSS 123456" in case["description"]
    assert any("rappelle lundi" in event["text"] for event in case["timeline"])
    assert case["documents"][0]["name"] == "acte.pdf"
    assert case["referrals"][0]["answer"] == "Réglé pour Mme Ouali"
    assert case["survey"]["comment"] == "Merci, Fatima"
    assert len(document["appointments"]) == 2
    assert {message["text"] for message in document["messages"]} == {"Bonjour Fatima", "Fatima, votre rendez-vous"}
    # Her son is someone else: the relation is hers, his particulars are not.
    assert {relation["relation"] for relation in document["relations"]} == {"child_of", "proxy_for"}
    assert "Youssef" not in str(document)
    assert "+33698765432" not in str(document)
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).get()
    assert (entry.actor, entry.target_id, entry.detail) == (head, held.person.pk, "access request")


def test_the_office_head_downloads_it_as_json_and_others_cannot(
    head: User, agent: User, held: Held, commune_a: Commune, commune_b: Commune
) -> None:
    import json

    from tests.conftest import signed_in_client

    url = f"/people/{held.person.pk}/export.json"
    assert url in signed_in_client(commune_a, head).get(f"/people/{held.person.pk}/").content.decode()
    response = signed_in_client(commune_a, head).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="person-{held.person.pk}.json"'
    assert response["Cache-Control"] == "no-store"
    assert "فاطمة" in response.content.decode()  # readable Arabic, not escapes
    assert json.loads(response.content)["person"]["email"] == EMAIL

    assert signed_in_client(commune_a, agent).get(url).status_code == 403
    with schema_context(commune_b.schema_name):
        other_head = make_staff(commune_b, role=Role.OFFICE_HEAD)
    assert signed_in_client(commune_b, other_head).get(url).status_code == 404
    with schema_context(commune_a.schema_name):
        assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count() == 1


def test_after_an_erasure_the_export_holds_only_what_stayed(head: User, held: Held) -> None:
    erasure.erase_person(actor=head, person=held.person, reason=REASON)
    document = access.person_export(actor=head, person=held.person)
    assert document["person"]["personal_data_erased_at"] is not None
    assert document["identity_documents"] == []
    assert document["appointments"] == document["messages"] == []
    assert "Fatima" not in str(document)
    assert document["person"]["birth_year"] == 1968
