"""A person's access request (Law 09.08, art. 7): what the office holds about them, in one JSON document,
and the same content as a readable PDF (cases.person_pdf).

Everything about the person: particulars, identity numbers in clear (their own), consents, how they are
related to others (the relation only: the other person's data is not theirs), their cases with timeline,
documents (names and sizes), referrals, transfers to or from another commune's office and survey,
appointments and messages sent with their phone or e-mail, and who in the office read or changed their
record (the audit log). Each export, JSON or PDF, is in the audit log too. Only the office head answers
access requests.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone

from cases import person_pdf, selectors, timeline
from cases.models import AuditEntry, Case, CaseEvent, Category, IncomingTransfer, OutgoingTransfer, Person
from cases.permissions import Action, authorize
from cases.portal.models import Survey
from cases.services import audit
from jisr import crypto
from jisr.accounts.models import User
from tenants.selectors import current_commune

FORMAT = "jisr.person-export/1"


def _when(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def person_export(*, actor: User, person: Person) -> dict[str, Any]:
    """The document to hand to the person; its making is recorded in the audit log."""
    authorize(actor, Action.ANSWER_ACCESS_REQUESTS)
    document = _document(person)
    audit.record(actor=actor, action=AuditEntry.Action.EXPORT, target=person, detail="access request")
    return document


def person_export_pdf(*, actor: User, person: Person) -> bytes:
    """The same document as a PDF the person can read, in French and Arabic; recorded in the audit log."""
    authorize(actor, Action.ANSWER_ACCESS_REQUESTS)
    document = _document(person)
    codes = {case["category"] for case in document["cases"]}
    categories = {
        category.code: (category.name_fr, category.name_ar) for category in Category.objects.filter(code__in=codes)
    }
    pdf = person_pdf.render_person_data(document, commune=current_commune(), categories=categories)
    audit.record(actor=actor, action=AuditEntry.Action.EXPORT, target=person, detail="access request, PDF")
    return pdf


def _document(person: Person) -> dict[str, Any]:
    person = Person.objects.prefetch_related("documents", "consents", "links", "linked_from").get(pk=person.pk)
    commune = current_commune()
    return {
        "format": FORMAT,
        "office": commune.name_fr if commune else "",
        "exported_at": _when(timezone.now()),
        "person": {
            "id": person.pk,
            "first_name_latin": person.first_name_latin,
            "last_name_latin": person.last_name_latin,
            "first_name_ar": person.first_name_ar,
            "last_name_ar": person.last_name_ar,
            "sex": person.sex,
            "birth_year": person.birth_year,
            "generation": person.generation,
            "status": person.status,
            "residence_country": str(person.residence_country),
            "residence_city": person.residence_city,
            "nationalities": [str(country) for country in person.nationalities],
            "phone": person.phone,
            "whatsapp": person.whatsapp,
            "email": person.email,
            "preferred_language": person.preferred_language,
            "notify_by": person.notify_by,
            "registered_at": _when(person.created_at),
            "updated_at": _when(person.updated_at),
            "personal_data_erased_at": _when(person.erased_at),
        },
        "identity_documents": [
            {"kind": item.kind, "number": crypto.decrypt(item.number_encrypted), "recorded_at": _when(item.created_at)}
            for item in person.documents.order_by("created_at")
        ],
        "consents": [
            {
                "purpose": item.purpose,
                "channel": item.channel,
                "given_on": _when(item.given_on),
                "withdrawn_on": _when(item.withdrawn_on),
            }
            for item in person.consents.order_by("given_on", "pk")
        ],
        "relations": [{"relation": link.kind, "to_person": link.other_id} for link in person.links.all()]
        + [{"relation": link.kind, "from_person": link.person_id} for link in person.linked_from.all()],
        "cases": [_case(case) for case in _cases(person)],
        "appointments": _appointments(person),
        "messages": _messages(person),
        "access_log": [
            {"at": _when(entry.at), "action": entry.action, "by": str(entry.actor) if entry.actor else None}
            for entry in AuditEntry.objects.filter(target_type="person", target_id=person.pk)
            .select_related("actor")
            .order_by("at", "pk")
        ],
    }


def _cases(person: Person) -> list[Case]:
    return list(
        Case.objects.filter(person=person)
        .select_related("category", "transfer_in")
        .prefetch_related(
            "events", "attachments", "referrals__regional_service", "referrals__local_service", "transfers_out"
        )
        .order_by("opened_on", "pk")
    )


def _case(case: Case) -> dict[str, Any]:
    survey = Survey.objects.filter(case=case).first()
    return {
        "reference": case.reference,
        "kind": case.kind,
        "category": case.category.code,
        "channel": case.channel,
        "subject": case.subject,
        "description": case.description,
        "status": case.status,
        "opened_on": _when(case.opened_on),
        "due_on": _when(case.due_on),
        "answered_at": _when(case.answered_at),
        "closed_at": _when(case.closed_at),
        "timeline": [
            {
                "at": _when(event.at),
                "kind": event.kind,
                "from_status": event.from_status,
                "to_status": event.to_status,
                "platform_note": _platform_note(event),
                "text": event.body,
            }
            for event in sorted(case.events.all(), key=lambda event: (event.at, event.pk))
        ],
        "documents": [
            {"name": item.original_name, "type": item.content_type, "size": item.size, "at": _when(item.uploaded_at)}
            for item in case.attachments.all()
        ],
        "referrals": [
            {
                "service": str(referral.regional_service or referral.local_service or ""),
                "purpose": referral.purpose,
                "sent_on": _when(referral.sent_on),
                "outcome": referral.outcome,
                "outcome_on": _when(referral.outcome_on),
                "answer": referral.outcome_note,
            }
            for referral in case.referrals.all()
        ],
        "transfers": [_transfer_out(item) for item in case.transfers_out.all()],
        "received_from": _transfer_in(getattr(case, "transfer_in", None)),
        "survey": {"score": survey.score, "comment": survey.comment, "answered_at": _when(survey.answered_at)}
        if survey is not None and survey.answered_at is not None
        else None,
    }


def _transfer_out(transfer: OutgoingTransfer) -> dict[str, Any]:
    """A transfer of the case to another commune's office (cases.services.transfers)."""
    return {
        "to_office": transfer.to_commune_name,
        "reason": transfer.reason,
        "note_for_that_office": transfer.note,
        "consent_recorded_at": _when(transfer.consent_recorded_at),
        "sent_at": _when(transfer.created_at),
        "status": transfer.status,
        "answered_at": _when(transfer.decided_at),
        "declined_because": transfer.decline_reason,
        "reference_there": transfer.received_reference,
    }


def _transfer_in(transfer: IncomingTransfer | None) -> dict[str, Any] | None:
    """Where the case came from, when another commune's office transferred it here."""
    if transfer is None:
        return None
    return {
        "from_office": transfer.from_commune_name,
        "reference_there": transfer.from_reference,
        "reason": transfer.reason,
        "note_from_that_office": transfer.note,
        "sent_at": _when(transfer.sent_at),
        "accepted_at": _when(transfer.decided_at),
    }


def _platform_note(event: CaseEvent) -> dict[str, str] | None:
    """What the platform noted on a line of the timeline, in the two languages of the document."""
    if not event.note_key:
        return None
    return {language: timeline.note_text(event, language) for language in ("fr", "ar")}


def _appointments(person: Person) -> list[dict[str, Any]]:
    bookings = selectors.bookings_made_by(person).order_by("day", "start")
    return [
        {"day": _when(item.day), "start": item.start.isoformat(), "name": item.name, "status": item.status}
        for item in bookings
    ]


def _messages(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "channel": item.channel,
            "to": item.recipient,
            "subject": item.subject,
            "text": item.body,
            "state": item.state,
            "written_at": _when(item.created_at),
            "sent_at": _when(item.sent_at),
        }
        for item in selectors.messages_sent_to(person).order_by("created_at")
    ]
