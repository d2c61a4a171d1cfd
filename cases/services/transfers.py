"""Crosses schemas: the one place where two communes' offices meet, to hand a case from one to the other.

A person often comes to the office of the commune where the family lives while the matter belongs to
another commune (the land, the permit, the civil-status record is there). The sending office proposes a
transfer, with the person's consent (Law 09.08: their data communicated to another controller); the
receiving office sees a summary only, and accepts or declines. Only this module reads one commune's schema
and writes another's for that (DESIGN.md); pages, the API and tasks call these functions and never switch
schemas themselves.

Where each function runs. In the schema of the office that acts, as the host or the task header set it:
`propose_transfer` and `cancel_transfer` in the sending commune's, `accept_transfer` and `decline_transfer`
in the receiving commune's. The other commune is read from the transfer's own records, which name each
other (OutgoingTransfer.to_commune_id, IncomingTransfer.from_commune_id and outgoing_id), never taken from
an argument that could be wrong; `by` must be a staff member of the acting office, found in its schema with
a role that may transfer (the office head or an agent).

All or nothing. Each function is one transaction of the one database, in both schemas. Rows are locked
in one order everywhere, so that two answers at once wait for each other instead of both winning or
deadlocking: the sending person (FOR SHARE: erasure takes it FOR UPDATE), the sending case, the
OutgoingTransfer, the IncomingTransfer, then the receiving commune's matched person. Edits of a case lock
it too (cases.services.cases.lock_for_edit) and are refused while a transfer waits and once it is accepted.

Files. The attachments are copied into the receiving commune's storage inside the transaction (same bytes,
checked by their SHA-256) and deleted again if the transaction fails: writing them after the commit could
leave a committed document whose file never came, which is worse than a file no row names. A process killed
in the middle, or a caller's enclosing transaction rolled back after this one returned, can still leave
such files; no page can reach them (files are only served through their rows).

The person follows the case too. A request made on the portal keeps its tracking code in the receiving
office (its hash, bound to the reference it was issued with), so the same code works there with the new
reference; and the sending office's tracker, asked with the old reference, says where the case went and
where it stands there (`followed`), without anything of either office that the tracker does not already show.

Declined or cancelled, the copy in the receiving schema is deleted rather than kept marked declined: an
office that never took the case keeps nothing of the person (its audit log says who answered, without
names). A person with a transfer waiting cannot be erased (cases.services.erasure refuses): erasure cannot
be undone while the transfer is the person's own request, so the office cancels it first, knowingly.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases import timeline, uploads
from cases.errors import CaseError, Conflict
from cases.models import (
    Attachment,
    AuditEntry,
    Case,
    CaseEvent,
    Category,
    IdentityDocument,
    IncomingTransfer,
    OutgoingTransfer,
    Person,
)
from cases.permissions import Action, NotAllowed, authorize
from cases.portal.models import Tracking
from cases.services import audit, people
from cases.services.cases import open_received_case
from jisr import crypto
from jisr.accounts.models import Role, User
from jisr.outbox.services import enqueue_templated_email
from jisr.wording import TEXT_LANGUAGES, in_language, of_place
from tenants.context import current_schema
from tenants.cross_schema import quote, schema_context
from tenants.models import Commune
from tenants.selectors import current_commune, site_url, site_url_for_commune

# Where the receiving office answers its incoming transfers: the link of the e-mail to its office head.
INCOMING_PATH = "/transfers/incoming/"


# --- Selectors ---------------------------------------------------------------------------------------------


def incoming_pending() -> QuerySet[IncomingTransfer]:
    """The transfers other offices sent to the current one that wait for its answer, oldest first."""
    return IncomingTransfer.objects.filter(status=IncomingTransfer.Status.PENDING).order_by("sent_at", "pk")


def outgoing_for(case: Case) -> QuerySet[OutgoingTransfer]:
    """The transfers of a case of the current office, newest first (at most one pending)."""
    return OutgoingTransfer.objects.filter(case_id=case.pk).order_by("-created_at", "-pk")


def received_from(case: Case) -> IncomingTransfer | None:
    """The transfer that brought a case of the current office, if one did."""
    return IncomingTransfer.objects.filter(case_id=case.pk).first()


@dataclass(frozen=True)
class Outcome:
    """Where an accepted case stands in the office that received it: what the sending office may see."""

    office: dict[str, str]
    reference: str
    status: str
    answered_on: date | None
    closed_on: date | None

    @property
    def status_label(self) -> str:
        return str(Case.Status(self.status).label)

    @property
    def is_closed(self) -> bool:
        return self.status == Case.Status.CLOSED


def outcome_of(outgoing: OutgoingTransfer) -> Outcome | None:
    """How the receiving office stands with a case the current office transferred to it: read there, when
    asked, so the sending case shows the outcome once that office closes it (and a reopening too). None until
    it is accepted, or when that office or the case is gone."""
    if outgoing.status != OutgoingTransfer.Status.ACCEPTED:
        return None
    here = _here()
    receiving = _commune(outgoing.to_commune_id)
    if receiving is None:
        return None
    with schema_context(receiving.schema_name):
        row = (
            Case.objects.filter(transfer_in__from_commune_id=here.pk, transfer_in__outgoing_id=outgoing.pk)
            .values("reference", "status", "answered_at", "closed_at")
            .first()
        )
    if row is None:
        return None
    return Outcome(
        office=_names(receiving),
        reference=row["reference"],
        status=row["status"],
        answered_on=_local_day(row["answered_at"]),
        closed_on=_local_day(row["closed_at"]),
    )


@dataclass(frozen=True)
class FollowedCase:
    """Where a case of the current office went, for the person's tracker (cases.portal): the office it is
    handed to and, once that office accepted it, where the case stands there. Nothing else of either office:
    no names of people, no notes, no assignee."""

    office: dict[str, str]
    # The receiving office's site (scheme, host and port), for links to its public pages; "" when it has none.
    site: str
    # None while the transfer waits for that office's answer.
    there: Outcome | None

    @property
    def office_name(self) -> str:
        return in_language(self.office)

    @property
    def of_office(self) -> str:
        """The office's commune as the complement of « reception office » in the reader's language."""
        return of_place(self.office_name)


def followed(case: Case) -> FollowedCase | None:
    """The office a case of the current office is being handed to, or was: read in the receiving schema
    through the transfer's own ids (outcome_of), never by the person's data. None when no transfer waits or
    was accepted (a declined or cancelled one left the case here), or when the receiving office or the case
    is no longer on the platform."""
    outgoing = (
        OutgoingTransfer.objects.filter(
            case_id=case.pk, status__in=(OutgoingTransfer.Status.PENDING, OutgoingTransfer.Status.ACCEPTED)
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if outgoing is None:
        return None
    receiving = _commune(outgoing.to_commune_id)
    if receiving is None:
        return None
    site = site_url_for_commune(receiving, "")
    if outgoing.is_pending:
        return FollowedCase(office=outgoing.to_commune_name, site=site, there=None)
    there = outcome_of(outgoing)
    if there is None:
        return None
    return FollowedCase(office=there.office, site=site, there=there)


# --- Proposing and cancelling, in the sending office ---------------------------------------------------------


def propose_transfer(
    *, case: Case, to_commune: Commune, reason: str, consent: bool, note: str = "", by: User
) -> OutgoingTransfer:
    """Offer a case of the current office to another commune's office, with the person's consent.

    Refused (CaseError with field messages, or Conflict for the case's state; nothing changed) without
    consent or a reason, to this same commune, to a commune that is unknown or not active, for a case that
    is not open (closed, cancelled, transferred) or whose person was erased, or while another transfer of it
    waits. Writes the summary into the receiving commune's schema, a line on the case's timeline, the audit
    log of both offices, and an e-mail to the receiving office head (sent once the transaction commits).
    """
    _check_staff(by)
    here = _here()
    reason, note = reason.strip(), note.strip()
    receiving = _commune(getattr(to_commune, "pk", None))
    errors: dict[str, list[str]] = {}
    if not consent:
        errors["consent"] = [
            _("Record the person's consent to have their data sent to that office: without it, no transfer.")
        ]
    if not reason:
        errors["reason"] = [_("Say why the case goes to that office.")]
    if receiving is None or not receiving.is_active:
        errors["to_commune"] = [_("Choose a commune whose office works on the platform.")]
    elif receiving.pk == here.pk:
        errors["to_commune"] = [_("The case is already in this office.")]
    if errors:
        raise CaseError(errors)
    assert receiving is not None
    now = timezone.now()
    with transaction.atomic():
        case = _lock_sending_case(case.pk)
        person = case.person
        if person.erased_at is not None:
            raise Conflict(_("This person's personal data was erased: the case cannot be transferred."))
        if case.status not in Case.OPEN_STATUSES:
            raise Conflict(
                _("Only an open case can be transferred: this one is “%(status)s”.")
                % {"status": case.get_status_display()}
            )
        if OutgoingTransfer.objects.filter(case=case, status=OutgoingTransfer.Status.PENDING).exists():
            raise Conflict(_("A transfer of this case already waits for an answer."))
        outgoing = OutgoingTransfer.objects.create(
            case=case,
            to_commune_id=receiving.pk,
            to_commune_name=_names(receiving),
            reason=reason,
            consent_given=True,
            consent_recorded_at=now,
            consent_recorded_by=by,
            note=note,
            created_by=by,
            created_at=now,
        )
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.TRANSFER,
            note_key=timeline.TRANSFER_PROPOSED,
            note_params={"office": _names(receiving)},
            body=reason,
            actor=by,
            at=now,
        )
        audit.record(
            actor=by,
            action=AuditEntry.Action.TRANSFER,
            target=case,
            detail=f"proposed to {receiving.slug} (transfer {outgoing.pk})",
        )
        summary = {
            "from_commune_id": here.pk,
            "from_commune_name": _names(here),
            "outgoing_id": outgoing.pk,
            "from_reference": case.reference,
            "category_code": case.category.code,
            "category_name": {code: getattr(case.category, f"name_{code}") for code in TEXT_LANGUAGES},
            "kind": case.kind,
            "subject": case.subject,
            "reason": reason,
            "note": note,
            "person_name_latin": person.latin_name,
            "person_name_ar": person.arabic_name,
            "sent_at": now,
        }
        with schema_context(receiving.schema_name):
            incoming = IncomingTransfer.objects.create(**summary)
            audit.record(
                actor=None,
                action=AuditEntry.Action.TRANSFER,
                target=incoming,
                detail=f"received from {here.slug}, case {case.reference}, sent by staff #{by.pk}",
            )
            _tell_office_heads(incoming)
    return outgoing


def cancel_transfer(*, outgoing: OutgoingTransfer, by: User) -> OutgoingTransfer:
    """The sending office takes back a transfer still waiting: the case is its own again, as it was, and the
    summary in the receiving office is deleted."""
    _check_staff(by)
    here = _here()
    with transaction.atomic():
        _lock_sending_case(_sending_case_id(outgoing.pk))
        outgoing = _lock_pending_outgoing(outgoing.pk)
        receiving = _commune(outgoing.to_commune_id)
        if receiving is not None:
            with schema_context(receiving.schema_name):
                incoming = (
                    IncomingTransfer.objects.select_for_update()
                    .filter(from_commune_id=here.pk, outgoing_id=outgoing.pk)
                    .first()
                )
                if incoming is not None:
                    _delete_summary(incoming, actor=None, detail=f"cancelled by {here.slug}")
        _answered(
            outgoing,
            status=OutgoingTransfer.Status.CANCELLED,
            note_key=timeline.TRANSFER_CANCELLED,
            office=outgoing.to_commune_name,
            actor=by,
            detail=f"cancelled (transfer {outgoing.pk})",
            cancelled_by=by,
        )
    return outgoing


# --- Answering, in the receiving office ----------------------------------------------------------------------


def accept_transfer(*, incoming: IncomingTransfer, by: User, category: Category | None = None) -> Case:
    """The receiving office takes the case: returns it, written in the current (receiving) commune's schema.

    The person is the one this office already knows by an identity number (its keyed hash) or, failing
    that, by the one person with the same phone; otherwise a new record with what a person record holds
    (names, sex, year of birth, generation, status, residence, nationalities, contacts, identity documents;
    not the sending office's consents, links or notes). The case gets this office's next reference, the
    channel "transferred from another office", the day of acceptance as its opening day, the category of the
    same code (or `category`, the office's choice when it has none of that code), its description, its
    shareable notes, a line summing up where it comes from, and copies of its documents. A request made on
    the sending office's portal keeps its tracking code: the code's hash, bound to the reference it was issued
    with, is copied, so that the person follows the case here with its new reference and the code they have.
    The sending case becomes "transferred", with this office's name and reference on its timeline.
    """
    _check_staff(by)
    here = _here()
    with _copies_deleted_on_failure() as written, transaction.atomic():
        incoming = _incoming_here(incoming)
        sending = _sending_commune(incoming)
        with schema_context(sending.schema_name):
            source = _lock_sending_case(_sending_case_id(incoming.outgoing_id))
            outgoing = _lock_pending_outgoing(incoming.outgoing_id, to=here)
            if source.person.erased_at is not None:
                raise Conflict(_("This person's personal data was erased: the case cannot be transferred."))
            copied = _what_goes(source)
        incoming = _lock_pending_incoming(incoming.pk)
        chosen = _category_for(incoming, category)
        today = timezone.localdate()
        person = _matched_person(copied) or _new_person(copied, by)
        case = open_received_case(
            actor=by,
            person=person,
            kind=copied.kind,
            category=chosen,
            subject=copied.subject,
            description=copied.description,
            opened_on=today,
        )
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.TRANSFER,
            note_key=timeline.TRANSFER_RECEIVED,
            note_params={
                "office": incoming.from_commune_name,
                "reference": incoming.from_reference,
                "date": copied.opened_on.isoformat(),
                "status": copied.status,
            },
            body="\n\n".join(text for text in (incoming.reason, incoming.note) if text),
            actor=by,
        )
        CaseEvent.objects.bulk_create(
            CaseEvent(case=case, kind=CaseEvent.Kind.NOTE, body=body, shareable=True, at=at)
            for body, at in copied.shareable_notes
        )
        for document in copied.documents:
            _copy_document(document, to=case, by=by, schemas=(sending.schema_name, here.schema_name), written=written)
        if copied.tracking is not None:
            code_hash, code_reference = copied.tracking
            Tracking.objects.create(case=case, code_hash=code_hash, code_reference=code_reference)
        now = timezone.now()
        incoming.status, incoming.decided_by, incoming.decided_at, incoming.case = (
            IncomingTransfer.Status.ACCEPTED,
            by,
            now,
            case,
        )
        incoming.save(update_fields=["status", "decided_by", "decided_at", "case"])
        audit.record(
            actor=by,
            action=AuditEntry.Action.TRANSFER,
            target=case,
            detail=f"accepted from {sending.slug}, case {incoming.from_reference} (transfer {incoming.pk})",
        )
        with schema_context(sending.schema_name):
            _mark_transferred(outgoing, source, case.reference, here=here, at=now)
    return case


def decline_transfer(*, incoming: IncomingTransfer, reason: str, by: User) -> None:
    """The receiving office does not take the case: the reason goes back to the sending office (on the
    case's timeline and its transfer), the case is that office's again as it was, and the summary here is
    deleted."""
    _check_staff(by)
    reason = reason.strip()
    if not reason:
        raise CaseError({"reason": [_("Say why, for the office that sent the case.")]})
    here = _here()
    with transaction.atomic():
        incoming = _incoming_here(incoming)
        sending = _sending_commune(incoming)
        with schema_context(sending.schema_name):
            _lock_sending_case(_sending_case_id(incoming.outgoing_id))
            outgoing = _lock_pending_outgoing(incoming.outgoing_id, to=here)
        _delete_summary(_lock_pending_incoming(incoming.pk), actor=by, detail=f"declined, from {sending.slug}")
        with schema_context(sending.schema_name):
            _answered(
                outgoing,
                status=OutgoingTransfer.Status.DECLINED,
                note_key=timeline.TRANSFER_DECLINED,
                office=_names(here),
                actor=None,
                detail=f"declined by {here.slug} (transfer {outgoing.pk}), staff #{by.pk}",
                body=reason,
                decline_reason=reason,
            )


# --- The steps ----------------------------------------------------------------------------------------------


def _here() -> Commune:
    commune = current_commune()
    if commune is None:
        raise RuntimeError("Transfers run in a commune's schema.")
    return commune


def _commune(pk: int | None) -> Commune | None:
    """A commune of the platform (not a spare schema of the pool), fresh from the public schema."""
    if pk is None:
        return None
    return Commune.objects.exclude(status=Commune.Status.POOLED).filter(pk=pk).first()


def _names(commune: Commune) -> dict[str, str]:
    return {code: name for code in TEXT_LANGUAGES if (name := getattr(commune, f"name_{code}", ""))}


def _local_day(moment: datetime | None) -> date | None:
    return timezone.localtime(moment).date() if moment is not None else None


def _check_staff(by: User) -> None:
    """`by` may transfer (office head or agent) and is a staff member of the current office: the same
    account in its schema, not one of another commune's that happens to have the same id."""
    authorize(by, Action.TRANSFER_CASES)
    if not User.objects.filter(pk=by.pk, email=by.email, role=by.role, is_active=True).exists():
        raise NotAllowed(_("Only this office's head and agents may do this."))


def _share_lock(model: type[Person], pk: int) -> None:
    """FOR SHARE, which Django's select_for_update cannot say: an erasure (FOR UPDATE) waits, a transfer of
    another of the person's cases does not."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {quote(model._meta.db_table)} WHERE id = %s FOR SHARE", [pk])


def _lock_sending_case(case_id: int) -> Case:
    """In the sending schema: the person (shared) then the case (exclusive), the order every path keeps."""
    person_id = Case.objects.values_list("person_id", flat=True).get(pk=case_id)
    _share_lock(Person, person_id)
    return Case.objects.select_for_update(of=("self",)).select_related("person", "category").get(pk=case_id)


def _sending_case_id(outgoing_id: int) -> int:
    case_id = OutgoingTransfer.objects.filter(pk=outgoing_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise Conflict(_("This transfer no longer exists."))
    return case_id


def _lock_pending_outgoing(outgoing_id: int, *, to: Commune | None = None) -> OutgoingTransfer:
    outgoing = OutgoingTransfer.objects.select_for_update(of=("self",)).select_related("case").get(pk=outgoing_id)
    if to is not None and outgoing.to_commune_id != to.pk:
        raise NotAllowed(_("This transfer was sent to another office."))
    if outgoing.status != OutgoingTransfer.Status.PENDING:
        raise Conflict(
            _("This transfer was already answered: it is “%(status)s”.") % {"status": outgoing.get_status_display()}
        )
    return outgoing


def _incoming_here(incoming: IncomingTransfer) -> IncomingTransfer:
    """The transfer as the current office holds it: the same id, sending commune and sending transfer, so
    that a transfer object of another commune's schema matches nothing here."""
    found = IncomingTransfer.objects.filter(
        pk=incoming.pk, from_commune_id=incoming.from_commune_id, outgoing_id=incoming.outgoing_id
    ).first()
    if found is None:
        raise Conflict(_("This transfer no longer waits for an answer: it was cancelled or answered meanwhile."))
    return found


def _lock_pending_incoming(pk: int) -> IncomingTransfer:
    incoming = IncomingTransfer.objects.select_for_update().filter(pk=pk).first()
    if incoming is None or incoming.status != IncomingTransfer.Status.PENDING:
        raise Conflict(_("This transfer no longer waits for an answer: it was cancelled or answered meanwhile."))
    return incoming


def _sending_commune(incoming: IncomingTransfer) -> Commune:
    sending = _commune(incoming.from_commune_id)
    if sending is None:
        raise Conflict(_("The office that sent this case is no longer on the platform."))
    return sending


@dataclass(frozen=True)
class _Document:
    name: str  # in the sending commune's storage
    original_name: str
    content_type: str


@dataclass(frozen=True)
class _Copied:
    """What an accepted transfer takes from the sending schema, read there once."""

    person: dict[str, Any]
    notify_by: str
    identity: list[tuple[str, str]]  # (kind, clear number)
    identity_indexes: list[str]
    kind: str
    subject: str
    description: str
    opened_on: date
    status: str
    shareable_notes: list[tuple[str, datetime]]
    documents: list[_Document]
    # The person's portal tracking code (its hash, and the reference it was issued with), when the case has one.
    tracking: tuple[str, str] | None


# What a person record of the receiving office takes: cases.services.people.PersonInput's fields.
PERSON_FIELDS = (
    "first_name_latin",
    "last_name_latin",
    "first_name_ar",
    "last_name_ar",
    "sex",
    "birth_year",
    "generation",
    "status",
    "residence_country",
    "residence_city",
    "nationalities",
    "phone",
    "whatsapp",
    "email",
    "preferred_language",
)


def _what_goes(case: Case) -> _Copied:
    """Read in the sending schema (the case and its person locked)."""
    person = case.person
    documents = list(IdentityDocument.objects.filter(person=person).order_by("pk"))
    values = {name: getattr(person, name) for name in PERSON_FIELDS}
    values["residence_country"] = str(person.residence_country or "")
    values["nationalities"] = [str(country) for country in person.nationalities]
    tracking = Tracking.objects.filter(case=case).first()
    return _Copied(
        person=values,
        notify_by=person.notify_by,
        identity=[(document.kind, crypto.decrypt(document.number_encrypted)) for document in documents],
        identity_indexes=[document.number_index for document in documents],
        kind=case.kind,
        subject=case.subject,
        description=case.description,
        opened_on=case.opened_on,
        status=case.status,
        shareable_notes=list(
            CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.NOTE, shareable=True)
            .exclude(body="")
            .order_by("at", "pk")
            .values_list("body", "at")
        ),
        documents=[
            _Document(name=item.file.name, original_name=item.original_name, content_type=item.content_type)
            for item in Attachment.objects.filter(case=case).order_by("uploaded_at", "pk")
        ],
        tracking=(tracking.code_hash, tracking.code_reference or case.reference) if tracking is not None else None,
    )


def _category_for(incoming: IncomingTransfer, chosen: Category | None) -> Category:
    category = Category.objects.filter(pk=chosen.pk).first() if chosen is not None else None
    category = category or Category.objects.filter(code=incoming.category_code).first()
    if category is None or not category.active:
        raise CaseError({"category": [_("This office has no category in use of that code: choose one.")]})
    return category


def _matched_person(copied: _Copied) -> Person | None:
    """This office's record of the person: by an identity number's keyed hash (the same key everywhere on
    the platform), else by the phone when exactly one person has it (a family may share one: two or more
    match nobody, and a new record is made). Erased people match nothing. Locked, so that an erasure here
    waits for the acceptance."""
    found = None
    if copied.identity_indexes:
        found = (
            Person.objects.filter(erased_at__isnull=True, documents__number_index__in=copied.identity_indexes)
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)
            .first()
        )
    phone = copied.person["phone"]
    if found is None and phone:
        same_phone = list(Person.objects.filter(erased_at__isnull=True, phone=phone).values_list("pk", flat=True)[:2])
        found = same_phone[0] if len(same_phone) == 1 else None
    if found is None:
        return None
    return Person.objects.select_for_update().filter(pk=found, erased_at__isnull=True).first()


def _new_person(copied: _Copied, by: User) -> Person:
    person = people.register_person(actor=by, data=people.PersonInput(**copied.person))
    Person.objects.filter(pk=person.pk).update(notify_by=copied.notify_by)
    for kind, number in copied.identity:
        people.add_identity_document(actor=by, person=person, kind=kind, number=number)
    return person


@contextmanager
def _copies_deleted_on_failure() -> Iterator[list[str]]:
    """The names of the files copied into the current schema's storage, deleted if what follows fails."""
    written: list[str] = []
    schema = current_schema()
    try:
        yield written
    except BaseException:
        storage = Attachment._meta.get_field("file").storage
        with schema_context(schema):
            for name in written:
                storage.delete(name)
        raise


def _copy_document(
    document: _Document, *, to: Case, by: User, schemas: tuple[str, str], written: list[str]
) -> Attachment:
    """One document, read in the sending commune's storage, written in the receiving one's, the bytes
    checked equal by their SHA-256 as stored."""
    sending, receiving = schemas
    storage = Attachment._meta.get_field("file").storage
    with schema_context(sending), storage.open(document.name, "rb") as source:
        content = source.read()
    attachment = Attachment(
        case=to,
        original_name=document.original_name,
        content_type=document.content_type,
        size=len(content),
        uploaded_by=by,
    )
    with schema_context(receiving):
        attachment.file.save(uploads.storage_name(document.content_type), ContentFile(content), save=False)
        written.append(attachment.file.name)
        with storage.open(attachment.file.name, "rb") as stored:
            if hashlib.sha256(stored.read()).digest() != hashlib.sha256(content).digest():
                raise OSError(f"The copy of {document.name} differs from its original.")
        attachment.save()
    return attachment


def _delete_summary(incoming: IncomingTransfer, *, actor: User | None, detail: str) -> None:
    """In the receiving schema: a transfer that will not be accepted leaves nothing of the person there, only
    the audit log's line (without names)."""
    audit.record(
        actor=actor,
        action=AuditEntry.Action.TRANSFER,
        target=incoming,
        detail=f"{detail}, case {incoming.from_reference}",
    )
    incoming.delete()


def _answered(
    outgoing: OutgoingTransfer,
    *,
    status: str,
    note_key: str,
    office: dict[str, str],
    actor: User | None,
    detail: str,
    body: str = "",
    **fields: Any,
) -> None:
    """In the sending schema: a transfer declined or cancelled, on the case's timeline and in the audit log.
    `actor` is a staff member of this office, or None when the other office answered."""
    now = timezone.now()
    for name, value in {"status": status, "decided_at": now, **fields}.items():
        setattr(outgoing, name, value)
    outgoing.save(update_fields=["status", "decided_at", *fields])
    CaseEvent.objects.create(
        case_id=outgoing.case_id,
        kind=CaseEvent.Kind.TRANSFER,
        note_key=note_key,
        note_params={"office": office},
        body=body,
        actor=actor,
        at=now,
    )
    audit.record(actor=actor, action=AuditEntry.Action.TRANSFER, target=outgoing.case, detail=detail)


def _mark_transferred(outgoing: OutgoingTransfer, case: Case, reference: str, *, here: Commune, at: datetime) -> None:
    """In the sending schema: the transfer accepted, the case transferred (final, from `at`)."""
    outgoing.status, outgoing.decided_at, outgoing.received_reference = (
        OutgoingTransfer.Status.ACCEPTED,
        at,
        reference,
    )
    outgoing.save(update_fields=["status", "decided_at", "received_reference"])
    from_status = case.status
    Case.objects.filter(pk=case.pk).update(status=Case.Status.TRANSFERRED, closed_at=at, updated_at=at)
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.STATUS,
        from_status=from_status,
        to_status=Case.Status.TRANSFERRED,
        note_key=timeline.TRANSFERRED,
        note_params={"office": _names(here), "reference": reference},
        at=at,
    )
    audit.record(
        actor=None,
        action=AuditEntry.Action.TRANSFER,
        target=case,
        detail=f"accepted by {here.slug} as {reference} (transfer {outgoing.pk})",
    )
    audit.record(
        actor=None,
        action=AuditEntry.Action.EXPORT,
        target=case.person,
        detail=f"sent to {here.slug} with case {case.reference} (transfer {outgoing.pk})",
    )


def _tell_office_heads(incoming: IncomingTransfer) -> None:
    """An e-mail to each office head of the receiving office (its schema current), in their language; no
    personal data in it, only where the case comes from and its category."""
    for head in User.objects.filter(role=Role.OFFICE_HEAD, is_active=True):
        with translation.override(head.preferred_language):
            enqueue_templated_email(
                kind="transfer_incoming",
                recipient=head.email,
                template="cases/email/transfer_incoming",
                context={
                    "incoming": incoming,
                    "of_commune": of_place(incoming.from_office),
                    "head": head,
                    "url": site_url(INCOMING_PATH),
                },
                language=head.preferred_language,
                dedupe_key=f"transfer-incoming:{incoming.from_commune_id}:{incoming.outgoing_id}:{head.pk}",
            )
