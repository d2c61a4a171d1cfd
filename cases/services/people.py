"""The visitor register: registering people, their identity documents, links and consents."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from cases import names
from cases.errors import CaseError
from cases.models import LANGUAGES, AuditEntry, Consent, IdentityDocument, Person, PersonLink
from cases.permissions import Action, authorize
from cases.services import audit
from jisr import crypto
from jisr.accounts.models import User

# The office is in Morocco: a number typed without its country code is Moroccan.
DEFAULT_REGION = "MA"
IDENTITY_NUMBER = re.compile(r"^[A-Z0-9]{4,20}$")


@dataclass
class PersonInput:
    """What a form or the API may say about a person."""

    first_name_latin: str = ""
    last_name_latin: str = ""
    first_name_ar: str = ""
    last_name_ar: str = ""
    sex: str = ""
    birth_year: int | None = None
    generation: str = ""
    status: str = Person.Status.MRE
    residence_country: str = ""
    residence_city: str = ""
    nationalities: list[str] = field(default_factory=list)
    phone: str = ""
    whatsapp: str = ""
    email: str = ""
    preferred_language: str = "fr"

    @classmethod
    def from_data(cls, data: dict[str, object]) -> PersonInput:
        known = {item.name for item in fields(cls)}
        values = {key: value for key, value in data.items() if key in known and value is not None}
        return cls(**values)  # type: ignore[arg-type]


def normalize_phone(raw: str) -> str:
    """+E.164 for any way a number is written (06..., 0033..., +33 6 ...); raises ValueError."""
    text = raw.strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException as error:
        raise ValueError(str(error)) from error
    if not phonenumbers.is_valid_number(number):
        raise ValueError(text)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _clean(data: PersonInput) -> PersonInput:
    errors: dict[str, list[str]] = {}
    for name in ("first_name_latin", "last_name_latin", "first_name_ar", "last_name_ar", "residence_city"):
        setattr(data, name, " ".join(str(getattr(data, name) or "").split()))
    if not any((data.first_name_latin, data.last_name_latin, data.first_name_ar, data.last_name_ar)):
        errors["last_name_latin"] = [_("Give the person's name, in Latin or Arabic script.")]
    for name in ("first_name_ar", "last_name_ar"):
        value = getattr(data, name)
        if value and not names.is_arabic(value):
            errors[name] = [_("Write this name in Arabic script, or use the Latin-script field.")]
    if data.birth_year is not None:
        this_year = timezone.localdate().year
        if not 1900 <= int(data.birth_year) <= this_year:
            errors["birth_year"] = [_("A year of birth between 1900 and %(year)s.") % {"year": this_year}]
    for name, choices in (
        ("sex", Person.Sex.values),
        ("generation", Person.Generation.values),
        ("status", Person.Status.values),
        ("preferred_language", [code for code, _label in LANGUAGES]),
    ):
        value = getattr(data, name)
        if value and value not in choices:
            errors[name] = [_("“%(value)s” is not one of the choices.") % {"value": value}]
    country_codes = {code for code, _name in countries if code}
    data.residence_country = (data.residence_country or "").upper()
    if data.residence_country and data.residence_country not in country_codes:
        errors["residence_country"] = [_("Unknown country.")]
    data.nationalities = sorted({code.upper() for code in data.nationalities or []})
    if any(code not in country_codes for code in data.nationalities):
        errors["nationalities"] = [_("Unknown country.")]
    for name in ("phone", "whatsapp"):
        try:
            setattr(data, name, normalize_phone(getattr(data, name) or ""))
        except ValueError:
            errors[name] = [
                _("This is not a valid phone number. Write it with its country code, e.g. +33 6 12 34 56 78.")
            ]
    data.email = (data.email or "").strip().lower()
    if data.email:
        try:
            validate_email(data.email)
        except ValidationError:
            errors["email"] = [_("This is not a valid e-mail address.")]
    if errors:
        raise CaseError(errors)
    return data


def _apply(person: Person, data: PersonInput) -> None:
    for item in fields(PersonInput):
        setattr(person, item.name, getattr(data, item.name))
    full_names = " ".join((data.first_name_latin, data.last_name_latin, data.first_name_ar, data.last_name_ar)).strip()
    person.search_names = names.normalize(full_names)
    person.search_keys = names.keys(full_names)
    person.search_phones = " ".join(filter(None, (names.phone_digits(data.phone), names.phone_digits(data.whatsapp))))


def register_person(*, actor: User, data: PersonInput) -> Person:
    """A new person in the visitor register."""
    authorize(actor, Action.EDIT_PEOPLE)
    data = _clean(data)
    with transaction.atomic():
        person = Person(created_by=actor)
        _apply(person, data)
        person.save()
        audit.record(actor=actor, action=AuditEntry.Action.CREATE, target=person)
    return person


def register_person_from_portal(*, data: PersonInput) -> Person:
    """A person who wrote through the office's public portal: same checks, no staff member behind it.

    The public path has its own validation and rate limits (cases.portal); the audit log says "portal".
    """
    data = _clean(data)
    with transaction.atomic():
        person = Person(created_by=None)
        _apply(person, data)
        person.save()
        audit.record(actor=None, action=AuditEntry.Action.CREATE, target=person, detail="portal")
    return person


def refuse_erased(*persons: Person) -> None:
    """Nothing is added to a person whose personal data was erased (cases.services.erasure)."""
    if any(person.erased_at is not None for person in persons):
        raise CaseError(_("This person's personal data was erased: if they come back, register them again."))


def update_person(*, actor: User, person: Person, data: PersonInput) -> Person:
    authorize(actor, Action.EDIT_PEOPLE)
    data = _clean(data)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        refuse_erased(person)
        before = {item.name: getattr(person, item.name) for item in fields(PersonInput)}
        _apply(person, data)
        person.save()
        changed = sorted(name for name, value in before.items() if getattr(person, name) != value)
        audit.record(actor=actor, action=AuditEntry.Action.UPDATE, target=person, detail=", ".join(changed))
    return person


def normalize_identity_number(number: str) -> str:
    return re.sub(r"[\s\-./]", "", number).upper()


def add_identity_document(*, actor: User, person: Person, kind: str, number: str) -> IdentityDocument:
    """Record an identity number, encrypted; the clear number is never stored."""
    authorize(actor, Action.EDIT_PEOPLE)
    refuse_erased(person)
    if kind not in IdentityDocument.Kind.values:
        raise CaseError({"kind": [_("Unknown kind of document.")]})
    clean = normalize_identity_number(number)
    if not IDENTITY_NUMBER.match(clean):
        raise CaseError({"number": [_("4 to 20 letters and digits.")]})
    encrypted, key_id = crypto.encrypt(clean)
    try:
        with transaction.atomic():
            document = IdentityDocument.objects.create(
                person=person,
                kind=kind,
                number_encrypted=encrypted,
                number_index=crypto.blind_index("identity", clean),
                number_hint=clean[-3:],
                key_id=key_id,
            )
            audit.record(actor=actor, action=AuditEntry.Action.UPDATE, target=person, detail=f"document {kind}")
    except IntegrityError as error:
        raise CaseError({"number": [_("This document is already recorded for this person.")]}) from error
    return document


def reveal_identity_number(*, actor: User, document: IdentityDocument) -> str:
    """The clear number, for whoever may see it; every reveal is in the audit log."""
    authorize(actor, Action.REVEAL_IDENTITY)
    audit.record(
        actor=actor, action=AuditEntry.Action.REVEAL, target=document.person, detail=f"document {document.kind}"
    )
    return crypto.decrypt(document.number_encrypted)


def link_people(*, actor: User, person: Person, kind: str, other: Person) -> PersonLink:
    authorize(actor, Action.EDIT_PEOPLE)
    refuse_erased(person, other)
    if kind not in PersonLink.Kind.values:
        raise CaseError({"kind": [_("Unknown relation.")]})
    if person.pk == other.pk:
        raise CaseError({"other": [_("A person cannot be linked to themself.")]})
    with transaction.atomic():
        link, created = PersonLink.objects.get_or_create(person=person, kind=kind, other=other)
        if created:
            audit.record(actor=actor, action=AuditEntry.Action.UPDATE, target=person, detail=f"link {kind}")
    return link


def record_consent(*, actor: User, person: Person, purpose: str, channel: str, given_on: date | None = None) -> Consent:
    """Consent under Law 09.08, with who recorded it."""
    authorize(actor, Action.EDIT_PEOPLE)
    errors = {}
    if purpose not in Consent.Purpose.values:
        errors["purpose"] = [_("Unknown purpose.")]
    if channel not in Consent.Channel.values:
        errors["channel"] = [_("Unknown channel.")]
    given_on = given_on or timezone.localdate()
    if given_on > timezone.localdate():
        errors["given_on"] = [_("Consent cannot be given in the future.")]
    if errors:
        raise CaseError(errors)
    with transaction.atomic():
        consent = Consent.objects.create(
            person=person, purpose=purpose, channel=channel, given_on=given_on, recorded_by=actor
        )
        audit.record(actor=actor, action=AuditEntry.Action.UPDATE, target=person, detail=f"consent {purpose}")
    return consent


def withdraw_consent(*, actor: User, consent: Consent, on: date | None = None) -> Consent:
    authorize(actor, Action.EDIT_PEOPLE)
    with transaction.atomic():
        consent.withdrawn_on = on or timezone.localdate()
        consent.save(update_fields=["withdrawn_on"])
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            target=consent.person,
            detail=f"consent {consent.purpose} withdrawn",
        )
    return consent


def has_consent(person: Person, purpose: str) -> bool:
    return person.consents.filter(purpose=purpose, withdrawn_on__isnull=True).exists()
