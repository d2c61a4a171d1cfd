"""The visitor register: people, phones, identity numbers encrypted at rest, consents, links."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.db import connection

from cases.errors import CaseError
from cases.models import AuditEntry, Consent, IdentityDocument, PersonLink
from cases.permissions import NotAllowed
from cases.services import people
from jisr import crypto
from jisr.accounts.models import User
from tests.cases.conftest import person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("06 12 34 56 78", "+212612345678"),  # Moroccan, as said at the desk
        ("+33 6 12 34 56 78", "+33612345678"),  # France
        ("0033612345678", "+33612345678"),  # France, dialled from Morocco
        ("+34 612 34 56 78", "+34612345678"),  # Spain
        ("+39 312 345 6789", "+393123456789"),  # Italy
        ("+32 470 12 34 56", "+32470123456"),  # Belgium
        ("+31 6 12345678", "+31612345678"),  # Netherlands
        ("+49 1512 3456789", "+4915123456789"),  # Germany
    ],
)
def test_phone_numbers_are_stored_in_international_format(head: User, typed: str, stored: str) -> None:
    assert person(head, phone=typed, whatsapp=typed).phone == stored


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "12"),
        ("phone", "+33 6"),
        ("whatsapp", "not a number"),
        ("email", "fatima@"),
        ("birth_year", 1850),
        ("residence_country", "XX"),
        ("nationalities", ["MA", "ZZ"]),
        ("sex", "unknown"),
        ("first_name_ar", "Fatima"),  # Latin letters in the Arabic field
    ],
)
def test_bad_details_are_refused_with_the_field_named_and_nothing_saved(head: User, field: str, value: object) -> None:
    from cases.models import Person

    before = Person.objects.count()
    with pytest.raises(CaseError) as caught:
        person(head, **{field: value})
    assert field in caught.value.message_dict
    assert Person.objects.count() == before


def test_a_person_needs_a_name(head: User) -> None:
    with pytest.raises(CaseError) as caught:
        person(head, first_name_latin="", last_name_latin="  ")
    assert "last_name_latin" in caught.value.message_dict


def test_registering_is_audited_and_age_band_is_derived(head: User) -> None:
    from django.utils import timezone

    someone = person(head, birth_year=timezone.localdate().year - 50)
    assert someone.age_band == "45-59"
    assert AuditEntry.objects.filter(action="create", target_type="person", target_id=someone.pk).exists()


def test_read_only_staff_cannot_register_people(viewer: User) -> None:
    with pytest.raises(NotAllowed):
        person(viewer)


def test_identity_numbers_are_encrypted_at_rest_and_revealed_only_with_an_audit_line(head: User, viewer: User) -> None:
    someone = person(head)
    document = people.add_identity_document(actor=head, person=someone, kind="cin", number="jb 123 456")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM cases_identitydocument WHERE id = %s", [document.pk])
        row = " ".join(map(str, cursor.fetchone()))
    assert "JB123456" not in row
    assert "123456" not in row
    assert document.number_hint == "456"

    assert people.reveal_identity_number(actor=head, document=document) == "JB123456"
    assert AuditEntry.objects.filter(action="reveal", target_id=someone.pk, actor=head).count() == 1
    with pytest.raises(NotAllowed):
        people.reveal_identity_number(actor=viewer, document=document)


def test_the_same_document_twice_is_refused(head: User) -> None:
    someone = person(head)
    people.add_identity_document(actor=head, person=someone, kind="passport", number="AB1234567")
    with pytest.raises(CaseError):
        people.add_identity_document(actor=head, person=someone, kind="passport", number="ab 123 4567")


def test_identity_numbers_survive_a_key_rotation(head: User, settings) -> None:  # type: ignore[no-untyped-def]
    someone = person(head)
    document = people.add_identity_document(actor=head, person=someone, kind="cin", number="J123456")
    old_key_id = document.key_id

    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.FIELD_ENCRYPTION_KEYS]
    crypto.clear_cache()
    try:
        assert crypto.decrypt(document.number_encrypted) == "J123456"  # old rows still open
        token, new_key_id = crypto.reencrypt(document.number_encrypted)
        assert new_key_id != old_key_id
        settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[:1]  # the old key retired
        crypto.clear_cache()
        assert crypto.decrypt(token) == "J123456"
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt(document.number_encrypted)
    finally:
        crypto.clear_cache()


def test_consent_is_recorded_with_who_and_how_and_can_be_withdrawn(head: User) -> None:
    someone = person(head)
    consent = people.record_consent(
        actor=head, person=someone, purpose=Consent.Purpose.SHARE_WITH_SERVICES, channel="visit"
    )
    assert consent.recorded_by == head
    assert people.has_consent(someone, Consent.Purpose.SHARE_WITH_SERVICES)
    people.withdraw_consent(actor=head, consent=consent)
    assert not people.has_consent(someone, Consent.Purpose.SHARE_WITH_SERVICES)
    with pytest.raises(CaseError):
        people.record_consent(actor=head, person=someone, purpose="marketing", channel="visit")


def test_a_widow_is_linked_to_the_pensioner(head: User) -> None:
    widow = person(head, first_name_latin="Aicha")
    pensioner = person(head, first_name_latin="Ahmed", sex="male")
    link = people.link_people(actor=head, person=widow, kind=PersonLink.Kind.WIDOW_OF, other=pensioner)
    assert list(widow.links.values_list("other", flat=True)) == [pensioner.pk]
    assert people.link_people(actor=head, person=widow, kind=PersonLink.Kind.WIDOW_OF, other=pensioner) == link
    with pytest.raises(CaseError):
        people.link_people(actor=head, person=widow, kind=PersonLink.Kind.CHILD_OF, other=widow)


def test_updating_a_person_records_what_changed(head: User) -> None:
    someone = person(head)
    data = people.PersonInput.from_data(
        {"first_name_latin": "Fatima", "last_name_latin": "Ouali", "residence_city": "Lyon"}
    )
    people.update_person(actor=head, person=someone, data=data)
    entry = AuditEntry.objects.filter(action="update", target_id=someone.pk).latest("at")
    assert "residence_city" in entry.detail
    assert IdentityDocument.objects.count() == 0
