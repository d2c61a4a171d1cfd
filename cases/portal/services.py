"""The public portal's writes: a request from abroad, its tracking codes, status messages, the survey.

Nobody is signed in here: these functions check their input themselves
(the same normalisation as the office's register, cases.services.people)
and the views add per-address rate limits. Every message goes through the
outbox by the way the person chose (Person.notify_by: e-mail, WhatsApp or
SMS), in their preferred language, and leaves only if the change that
caused it commits. The acknowledgement also goes by e-mail when the person
chose WhatsApp or SMS and gave an address: it is the message worth keeping.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import names, uploads
from cases.errors import CaseError
from cases.models import Attachment, Case, CaseEvent, Category, Consent, NotifyBy, Person
from cases.portal.models import Survey, Tracking
from cases.services import cases as case_services
from cases.services import people, transfers
from jisr import crypto
from jisr.digits import western_digits
from jisr.outbox.services import notify, routes
from tenants.selectors import current_commune, site_url

MAX_FILES = 3
MAX_TOTAL_BYTES = 25 * 1024 * 1024
DESCRIPTION_MIN = 10
DESCRIPTION_MAX = 5000
# A case's title in the office's lists: the category and the first words of the request.
SUBJECT_LENGTH = 80
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
ONE_TIME_VALIDITY = timedelta(minutes=15)
ONE_TIME_ATTEMPTS = 5
TRACK_PATH = "/portal/track/"
SURVEY_PATH = "/portal/survey/"
# Status changes the person is told about.
NOTIFIED_STATUSES = (Case.Status.WAITING_EXTERNAL, Case.Status.ANSWERED, Case.Status.CLOSED, Case.Status.CANCELLED)
# The person's fields on the portal's form, for the register's field names.
PERSON_FIELDS = {
    "first_name_latin": "first_name",
    "first_name_ar": "first_name",
    "last_name_latin": "last_name",
    "last_name_ar": "last_name",
    "phone": "phone",
    "email": "email",
    "residence_country": "residence_country",
    "preferred_language": "preferred_language",
}


@dataclass
class RequestInput:
    """What a visitor of the portal says about themself and their request."""

    category: Category
    description: str
    first_name: str
    last_name: str
    email: str
    phone: str = ""
    residence_country: str = ""
    preferred_language: str = "fr"
    consent: bool = False
    notify_by: str = NotifyBy.EMAIL


@dataclass(frozen=True)
class Submitted:
    case: Case
    code: str  # in clear, shown once and sent once; only its hash is kept


@dataclass(frozen=True)
class TrackedRequest:
    """What the tracking page may show: no names, no description, no internal notes."""

    reference: str
    status: str
    status_label: str
    opened_on: date
    answered_at: datetime | None
    closed_at: datetime | None
    notes: list[tuple[datetime, str]]
    # The office of another commune the request is being handed to, or was, and where it stands there.
    moved: transfers.FollowedCase | None = None

    @property
    def transferred(self) -> bool:
        return self.status == Case.Status.TRANSFERRED


# --- Codes -------------------------------------------------------------------


def normalize_code(code: str) -> str:
    return "".join(char for char in code.upper() if char.isalnum())


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def _code_hash(reference: str, code: str) -> str:
    return crypto.blind_index("portal-tracking", f"{reference}:{normalize_code(code)}")


def _one_time_hash(reference: str, code: str) -> str:
    return crypto.blind_index("portal-one-time", f"{reference}:{code.strip()}")


def _survey_hash(token: str) -> str:
    return crypto.blind_index("portal-survey", token)


# --- Submitting a request ----------------------------------------------------


def check_uploads(files: Sequence[UploadedFile]) -> list[str]:
    """Each file's real type, before anything is saved; errors are on the "attachments" field."""
    if len(files) > MAX_FILES:
        raise CaseError({"attachments": [_("At most %(n)s files.") % {"n": MAX_FILES}]})
    total = sum(upload.size or 0 for upload in files)
    if total > MAX_TOTAL_BYTES:
        raise CaseError(
            {
                "attachments": [
                    _("The files come to %(size)s; the limit is %(limit)s in all.")
                    % {"size": filesizeformat(total), "limit": filesizeformat(MAX_TOTAL_BYTES)}
                ]
            }
        )
    kinds = []
    for upload in files:
        try:
            kinds.append(uploads.check(upload))
        except CaseError as error:
            messages = [f"{uploads.safe_name(upload.name or '')}: {message}" for message in error.messages]
            raise CaseError({"attachments": messages}) from error
    return kinds


def _person_input(data: RequestInput) -> people.PersonInput:
    first, last = " ".join(data.first_name.split()), " ".join(data.last_name.split())
    values: dict[str, object] = {
        "email": data.email,
        "phone": data.phone,
        "residence_country": data.residence_country,
        "preferred_language": data.preferred_language,
    }
    values["first_name_ar" if names.is_arabic(first) else "first_name_latin"] = first
    values["last_name_ar" if names.is_arabic(last) else "last_name_latin"] = last
    return people.PersonInput.from_data(values)


def contact_errors(*, notify_by: str, email: str, phone: str) -> dict[str, list[str]]:
    """What is missing or wrong for the chosen way to be told, by field (also used by the form).

    E-mail needs an address; WhatsApp and SMS need a mobile number in
    international form (normalised like the register's, cases.services.people).
    """
    errors: dict[str, list[str]] = {}
    if notify_by not in NotifyBy.values:
        errors["notify_by"] = [_("Choose e-mail, WhatsApp or SMS.")]
    elif notify_by == NotifyBy.EMAIL:
        if not email.strip():
            errors["email"] = [_("We need an e-mail address to send you the reference of your request.")]
    elif not phone.strip():
        errors["phone"] = [
            _("We need your mobile number, with its country code, to send you WhatsApp or SMS messages.")
        ]
    else:
        try:
            number = phonenumbers.parse(people.normalize_phone(phone))
        except (ValueError, phonenumbers.NumberParseException):
            errors["phone"] = [
                _("This is not a valid phone number. Write it with its country code, e.g. +33 6 12 34 56 78.")
            ]
        else:
            mobile = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
            if phonenumbers.number_type(number) not in mobile:
                errors["phone"] = [_("This number cannot receive WhatsApp or SMS messages. Give a mobile number.")]
    return errors


def _check(data: RequestInput) -> None:
    errors: dict[str, list[str]] = contact_errors(notify_by=data.notify_by, email=data.email, phone=data.phone)
    description = data.description.strip()
    if len(description) < DESCRIPTION_MIN:
        errors["description"] = [_("Describe your request in a few sentences.")]
    elif len(description) > DESCRIPTION_MAX:
        errors["description"] = [_("At most %(n)s characters.") % {"n": DESCRIPTION_MAX}]
    if not data.category.active:
        errors["category"] = [_("This category is no longer in use.")]
    if not data.first_name.strip() and not data.last_name.strip():
        errors["last_name"] = [_("Give your name.")]
    if not data.consent:
        errors["consent"] = [_("Your request can only be handled with your consent.")]
    if errors:
        raise CaseError(errors)


def _remapped(error: ValidationError) -> CaseError:
    if not hasattr(error, "error_dict"):
        return CaseError(error.messages)
    errors: dict[str, list[str]] = {}
    for field, items in error.error_dict.items():
        target = PERSON_FIELDS.get(field, field)
        errors.setdefault(target, []).extend(message for item in items for message in item.messages)
    return CaseError(errors)


def case_title(*, category: Category, description: str) -> str:
    """A short title for the office's lists: "<category>: <first words>…", at most SUBJECT_LENGTH characters.

    The category is named in the description's script (Arabic, or else French: the office's two
    working languages); the description is cut after a whole word, with an ellipsis when shortened.
    """
    name = (category.name_ar if names.is_arabic(description) else category.name_fr) or category.name_fr
    title = f"{name}: {' '.join(description.split())}"
    if len(title) <= SUBJECT_LENGTH:
        return title
    head = title[: SUBJECT_LENGTH - 1]  # one character left for the ellipsis
    if title[SUBJECT_LENGTH - 1] != " " and " " in head[len(name) + 2 :]:
        head = head[: head.rfind(" ")]  # the last word did not fit whole
    return head.rstrip(" ,;:.-–—،") + "…"


def submit_request(*, data: RequestInput, files: Sequence[UploadedFile] = ()) -> Submitted:
    """A request from abroad: the person, their consent, the case in the office's queue, its documents
    and its tracking code, in one transaction; the acknowledgement leaves once it commits."""
    _check(data)
    check_uploads(files)
    person_input = _person_input(data)
    description = data.description.strip()
    subject = case_title(category=data.category, description=description)
    stored: list[Attachment] = []
    code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
    try:
        with transaction.atomic():
            try:
                person = people.register_person_from_portal(data=person_input)
            except CaseError as error:
                raise _remapped(error) from error
            person.notify_by = data.notify_by
            person.save(update_fields=["notify_by"])
            for purpose in (Consent.Purpose.CASE_HANDLING, Consent.Purpose.CONTACT):
                Consent.objects.create(person=person, purpose=purpose, channel=Consent.Channel.WEB)
            case = case_services.open_case_from_portal(
                person=person, category=data.category, subject=subject, description=description
            )
            for upload in files:
                stored.append(case_services.add_attachment_from_portal(case=case, upload=upload))
            Tracking.objects.create(case=case, code_hash=_code_hash(case.reference, code))
            _send(
                person,
                kind="portal_acknowledgement",
                template="portal/email/acknowledgement",
                context={
                    "case": case,
                    "code": format_code(code),
                    "url": site_url(f"{TRACK_PATH}?reference={case.reference}"),
                },
                also_email=True,
            )
    except BaseException:
        # Nothing half-saved: the documents' files go with their rows.
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return Submitted(case=case, code=code)


def _send(
    person: Person,
    *,
    kind: str,
    template: str,
    context: Mapping[str, object],
    dedupe_key: str | None = None,
    also_email: bool = False,
) -> None:
    """By the person's chosen channel (`<template>_sms.txt` for WhatsApp and SMS), in their language."""
    notify(
        person,
        kind=kind,
        template=template,
        # The commune itself: its name is read when the message is rendered, in the person's language.
        context={**context, "office": current_commune()},
        dedupe_key=dedupe_key,
        also_email=also_email,
    )


def _reachable(person: Person) -> bool:
    return bool(routes(person))


# --- Tracking ----------------------------------------------------------------


def normalize_reference(reference: str) -> str:
    """A reference as it is looked up (and as the lock-outs count it), whatever script its digits were typed in."""
    return western_digits(reference).strip().upper()


def _tracking(reference: str) -> Tracking | None:
    reference = normalize_reference(reference)
    if not reference or len(reference) > 30:
        return None
    return Tracking.objects.select_related("case__person").filter(case__reference=reference).first()


def track(*, reference: str, code: str) -> TrackedRequest | None:
    """The request's progress for whoever holds its reference and a code; None says nothing more.

    A request handed to another commune's office is followed there (transfers.followed): its office, new
    reference and where it stands, once that office accepted it; while it waits, the office it goes to."""
    tracking = _tracking(reference)
    clean = western_digits(code).strip()
    if tracking is None or not clean or len(clean) > 40:
        return None
    case = tracking.case
    # A case transferred from another office keeps the code issued there, bound to its reference there.
    known = hmac.compare_digest(tracking.code_hash, _code_hash(tracking.code_reference or case.reference, clean))
    if not known and not _use_one_time_code(tracking, clean):
        return None
    notes = [
        (event.at, event.body)
        for event in case.events.filter(kind=CaseEvent.Kind.NOTE, shareable=True).order_by("at", "id")
    ]
    return TrackedRequest(
        reference=case.reference,
        status=case.status,
        status_label=str(Case.Status(case.status).label),
        opened_on=case.opened_on,
        answered_at=case.answered_at,
        closed_at=case.closed_at,
        notes=notes,
        moved=transfers.followed(case),
    )


def _use_one_time_code(tracking: Tracking, code: str) -> bool:
    with transaction.atomic():
        tracking = Tracking.objects.select_for_update().get(pk=tracking.pk)
        if (
            not tracking.one_time_hash
            or tracking.one_time_expires_at is None
            or tracking.one_time_expires_at < timezone.now()
            or tracking.one_time_attempts >= ONE_TIME_ATTEMPTS
        ):
            return False
        if hmac.compare_digest(tracking.one_time_hash, _one_time_hash(tracking.case.reference, code)):
            tracking.one_time_hash, tracking.one_time_expires_at, tracking.one_time_attempts = "", None, 0
            tracking.save(update_fields=["one_time_hash", "one_time_expires_at", "one_time_attempts"])
            return True
        tracking.one_time_attempts += 1
        tracking.save(update_fields=["one_time_attempts"])
        return False


def send_one_time_code(*, reference: str) -> None:
    """A 6-digit code by the person's channel, valid 15 minutes; says nothing about whether the reference exists."""
    tracking = _tracking(reference)
    if tracking is None or not _reachable(tracking.case.person):
        return
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        tracking.one_time_hash = _one_time_hash(tracking.case.reference, code)
        tracking.one_time_expires_at = timezone.now() + ONE_TIME_VALIDITY
        tracking.one_time_attempts = 0
        tracking.save(update_fields=["one_time_hash", "one_time_expires_at", "one_time_attempts"])
        _send(
            tracking.case.person,
            kind="portal_one_time_code",
            template="portal/email/one_time_code",
            context={"case": tracking.case, "code": code, "url": site_url(TRACK_PATH)},
        )


# --- Status messages and the survey -----------------------------------------


def notify_status_change(event: CaseEvent) -> None:
    """A portal request changed status: tell the person, and invite them to the survey once it is closed.

    Runs inside the transaction of the change (cases.portal.signals): the messages leave only if it commits.
    """
    if event.kind != CaseEvent.Kind.STATUS or event.to_status not in NOTIFIED_STATUSES:
        return
    if not Tracking.objects.filter(case_id=event.case_id).exists():
        return
    case = Case.objects.select_related("person").get(pk=event.case_id)
    _send(
        case.person,
        kind="portal_status",
        template="portal/email/status",
        context={
            "case": case,
            "status": Case.Status(event.to_status).label,
            "url": site_url(f"{TRACK_PATH}?reference={case.reference}"),
        },
    )
    if event.to_status == Case.Status.CLOSED:
        invite_to_survey(case)


def invite_to_survey(case: Case) -> None:
    """One survey per case: a case closed again after a reopening is not asked twice."""
    if Survey.objects.filter(case=case).exists() or not _reachable(case.person):
        return
    token = secrets.token_urlsafe(24)
    Survey.objects.create(case=case, token_hash=_survey_hash(token))
    _send(
        case.person,
        kind="portal_survey",
        template="portal/email/survey",
        context={"case": case, "url": site_url(f"{SURVEY_PATH}{token}/")},
        dedupe_key=f"portal-survey:{case.pk}",
    )


def survey_for_token(token: str) -> Survey | None:
    if not token or len(token) > 100:
        return None
    return Survey.objects.select_related("case").filter(token_hash=_survey_hash(token)).first()


def answer_survey(*, token: str, score: int, comment: str = "") -> Survey:
    """The person's satisfaction, 1 to 5, once."""
    errors: dict[str, list[str]] = {}
    if score not in range(1, 6):
        errors["score"] = [_("Choose a score from 1 to 5.")]
    comment = comment.strip()
    if len(comment) > 2000:
        errors["comment"] = [_("At most %(n)s characters.") % {"n": 2000}]
    if errors:
        raise CaseError(errors)
    with transaction.atomic():
        found = survey_for_token(token)
        if found is None:
            raise CaseError(_("This survey link is not valid."))
        survey = Survey.objects.select_for_update().get(pk=found.pk)
        if survey.answered_at is not None:
            raise CaseError(_("This survey was already answered. Thank you!"))
        survey.score, survey.comment, survey.answered_at = score, comment, timezone.now()
        survey.save(update_fields=["score", "comment", "answered_at"])
    return survey
