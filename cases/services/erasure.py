"""Erasure of a person's personal data on their request (Law 09.08, art. 8: the right to have it erased).

What identifies the person goes: names, phones, e-mail, city, nationalities, identity documents, family
links, the free text of their cases (subjects, descriptions, notes, what services were asked and
answered, survey comments), attached files, the portal's tracking code, appointment bookings made with
their phone or e-mail, and the messages sent to them. What the office's statistics count stays, so that
figures already reported, the facts (analytics) and the network's comparisons do not move: sex, year of
birth, generation, country of residence, and each case's kind, category, channel, status and dates. The
consents stay too (purpose, channel, dates: the proof that the processing was lawful), and so does the
audit log, which never held names. An erased person is shown as "Erased person #id".

It cannot be undone; only the office head may do it, with the reason written down (the audit log keeps it).

Transfers between offices (cases.services.transfers): a person with a case waiting for another office to
accept it is not erased; the office cancels the transfer first, knowingly, since the transfer is the
person's own request. The texts of a transfer (why, the notes, the summary a receiving office kept) go with
the case's. Each office is its own controller: an erasure here reaches the other office's copy only when
the person asks that office too.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import selectors
from cases.appointments.models import Booking
from cases.errors import CaseError, Conflict
from cases.imports.models import ImportedRow
from cases.models import (
    Attachment,
    AuditEntry,
    Case,
    CaseEvent,
    IdentityDocument,
    IncomingTransfer,
    OutgoingTransfer,
    Person,
    PersonLink,
    Referral,
)
from cases.permissions import Action, authorize
from cases.portal.models import Survey, Tracking
from cases.services import audit
from jisr.accounts.models import User
from jisr.outbox.models import Message

ERASED = "—"  # in the text fields that may not be empty


@dataclass(frozen=True)
class Erased:
    """How much of each kind was erased or deleted."""

    cases: int
    documents: int
    links: int
    attachments: int
    bookings: int
    messages: int


def erase_person(*, actor: User, person: Person, reason: str) -> Erased:
    """Erase what identifies `person`, keep what the statistics count. One transaction; files go after it."""
    authorize(actor, Action.ERASE_PEOPLE)
    return erase_unchecked(actor=actor, person=person, reason=reason)


def erase_unchecked(*, actor: User | None, person: Person, reason: str) -> Erased:
    """`erase_person` without the role check: for the retention task (no one), or after it."""
    reason = reason.strip()
    if not reason:
        raise CaseError({"reason": [_("Say why (e.g. the person's written request and its date).")]})
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.erased_at is not None:
            raise CaseError(_("This person's personal data was already erased."))
        if OutgoingTransfer.objects.filter(case__person=person, status=OutgoingTransfer.Status.PENDING).exists():
            raise Conflict(_("A case of this person waits for another office to accept it: cancel the transfer first."))
        cases = Case.objects.filter(person=person)
        erased = Erased(
            cases=cases.count(),
            documents=IdentityDocument.objects.filter(person=person).delete()[0],
            links=PersonLink.objects.filter(Q(person=person) | Q(other=person)).delete()[0],
            attachments=erase_case_texts(cases),
            bookings=_erase_bookings(person),
            messages=_erase_messages(person),
        )
        # The rows of an imported register stay known by their keyed hash, so that importing the register
        # again cannot bring the person back; the hash no longer leads to them.
        ImportedRow.objects.filter(person=person).update(person=None)
        # Only what identifies: the columns the facts read (sex, birth_year, generation, residence_country)
        # are not written, so the facts' triggers see no change.
        Person.objects.filter(pk=person.pk).update(
            first_name_latin="",
            last_name_latin="",
            first_name_ar="",
            last_name_ar="",
            residence_city="",
            nationalities="",
            phone="",
            whatsapp="",
            email="",
            search_names="",
            search_keys="",
            search_phones="",
            erased_at=timezone.now(),
            updated_at=timezone.now(),
        )
        audit.record(actor=actor, action=AuditEntry.Action.ERASE, target=person, detail=reason)
    return erased


def erase_case_texts(cases: QuerySet[Case]) -> int:
    """The free text of these cases (subject, description, notes, referrals, transfers, survey comments), their
    portal tracking code and attached files; what they count stays. Returns the files deleted (from disk once the
    transaction commits)."""
    ids = list(cases.values_list("pk", flat=True))  # once: the filter may read the fields about to change
    files = list(Attachment.objects.filter(case__in=ids).values_list("file", flat=True))
    Case.objects.filter(pk__in=ids).update(subject=ERASED, description="")
    CaseEvent.objects.filter(case__in=ids).update(body="")
    Referral.objects.filter(case__in=ids).update(purpose=ERASED, outcome_note="", consent_override_reason="")
    Survey.objects.filter(case__in=ids).update(comment="")
    OutgoingTransfer.objects.filter(case__in=ids).update(reason=ERASED, note="")
    OutgoingTransfer.objects.filter(case__in=ids).exclude(decline_reason="").update(decline_reason=ERASED)
    IncomingTransfer.objects.filter(case__in=ids).update(
        subject=ERASED, reason=ERASED, note="", person_name_latin="", person_name_ar=""
    )
    Tracking.objects.filter(case__in=ids).delete()
    deleted = Attachment.objects.filter(case__in=ids).delete()[0]
    transaction.on_commit(lambda: _delete_files(files))
    return deleted


def _delete_files(names: list[str]) -> None:
    """The attached files, once their rows are gone for good."""
    storage = Attachment._meta.get_field("file").storage
    for name in names:
        if name:
            storage.delete(name)


def _erase_bookings(person: Person) -> int:
    """Bookings made with the person's phone or e-mail: anonymised, and those still to come cancelled."""
    bookings = selectors.bookings_made_by(person)
    now = timezone.now()
    bookings.filter(status=Booking.Status.BOOKED, day__gte=timezone.localdate()).update(
        status=Booking.Status.CANCELLED, cancelled_at=now
    )
    return bookings.update(name=ERASED, phone="", email="")


def _erase_messages(person: Person) -> int:
    """Messages to the person: their text and address emptied; those not sent yet will not be."""
    messages = selectors.messages_sent_to(person)
    messages.filter(state=Message.State.PENDING).update(state=Message.State.FAILED, last_error="personal data erased")
    return messages.update(recipient=ERASED, subject="", body="", html_body="")
