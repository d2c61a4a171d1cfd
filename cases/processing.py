"""The office's register of processing (Law 09.08, art. 12 and 15: what the CNDP declaration asks).

For each processing: what it is for, on what basis, which personal data it holds (named field by field,
from the models themselves), how long it keeps them, and who sees them. The page the office head and the
auditor read (`/audit/processing/`) is generated from this list and from the commune's own settings (its
retention). A test checks that every field of the models that hold people's data is either declared here
or listed as holding none: a new personal field cannot land without saying why it is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

FieldRef = tuple[str, str]  # ("cases.Person", "phone")


@dataclass(frozen=True)
class Processing:
    code: str
    name: Promise
    purpose: Promise
    basis: Promise
    fields: tuple[FieldRef, ...]
    retention: Promise  # may name {years}, the commune's retention
    recipients: Promise


REGISTER: tuple[Processing, ...] = (
    Processing(
        code="reception",
        name=_("Receiving and guiding people"),
        purpose=_("Register the people received and follow their requests and complaints to an answer."),
        basis=_("The person's consent (handling their requests), recorded with how and when it was given."),
        fields=(
            ("cases.Person", "first_name_latin"),
            ("cases.Person", "last_name_latin"),
            ("cases.Person", "first_name_ar"),
            ("cases.Person", "last_name_ar"),
            ("cases.Person", "sex"),
            ("cases.Person", "birth_year"),
            ("cases.Person", "generation"),
            ("cases.Person", "status"),
            ("cases.Person", "residence_country"),
            ("cases.Person", "residence_city"),
            ("cases.Person", "nationalities"),
            ("cases.Person", "preferred_language"),
            ("cases.Person", "search_names"),
            ("cases.Person", "search_keys"),
            ("cases.Case", "subject"),
            ("cases.Case", "description"),
            ("cases.CaseEvent", "body"),
            ("cases.Attachment", "file"),
            ("cases.Attachment", "original_name"),
        ),
        retention=_(
            "Closed cases: {years} years, then their text and files are erased; a person with nothing newer is"
            " erased then too. Sex, year of birth, generation and country stay, for the statistics."
        ),
        recipients=_(
            "The office's staff, by role (office head, agents, read-only, auditor). The regional layer receives"
            " only anonymised counts per month, never a person's data."
        ),
    ),
    Processing(
        code="identity",
        name=_("Identity documents"),
        purpose=_("Tell people apart and find a person by the number of their document."),
        basis=_("The person's consent (handling their requests)."),
        fields=(
            ("cases.IdentityDocument", "kind"),
            ("cases.IdentityDocument", "number_encrypted"),
            ("cases.IdentityDocument", "number_index"),
            ("cases.IdentityDocument", "number_hint"),
        ),
        retention=_("As long as the person's record: deleted when it is erased."),
        recipients=_(
            "Numbers are encrypted at rest; staff who may see one ask for it, and each showing is in the audit log."
        ),
    ),
    Processing(
        code="family",
        name=_("Family links"),
        purpose=_("Follow files that concern relatives: a widow and the pensioner, heirs, a proxy."),
        basis=_("The person's consent (handling their requests)."),
        fields=(("cases.PersonLink", "kind"),),
        retention=_("As long as both records: deleted when either person is erased."),
        recipients=_("The office's staff."),
    ),
    Processing(
        code="referrals",
        name=_("Referrals to services"),
        purpose=_("Send a person's file to the service that can answer it, and follow the answer."),
        basis=_(
            "The person's consent to sharing with services; without it, the office head's written reason, kept"
            " with the referral."
        ),
        fields=(
            ("cases.Referral", "purpose"),
            ("cases.Referral", "outcome_note"),
            ("cases.Referral", "consent_override_reason"),
        ),
        retention=_("As the case: {years} years after it is closed."),
        recipients=_("The service referred to (the network's directory, or a local service), by the printed slip."),
    ),
    Processing(
        code="transfers",
        name=_("Transfers to other communes' offices"),
        purpose=_(
            "Hand a person's case to the office of the commune where the matter belongs, and receive the cases"
            " other offices hand to this one."
        ),
        basis=_(
            "The person's consent to having their data sent to that office (communication to another"
            " controller), recorded with the transfer."
        ),
        fields=(
            ("cases.OutgoingTransfer", "reason"),
            ("cases.OutgoingTransfer", "note"),
            ("cases.OutgoingTransfer", "decline_reason"),
            ("cases.IncomingTransfer", "subject"),
            ("cases.IncomingTransfer", "reason"),
            ("cases.IncomingTransfer", "note"),
            ("cases.IncomingTransfer", "person_name_latin"),
            ("cases.IncomingTransfer", "person_name_ar"),
        ),
        retention=_(
            "As the case: {years} years after it is closed or transferred. A transfer declined or cancelled"
            " leaves nothing of the person in the office it was sent to."
        ),
        recipients=_(
            "The receiving office: before it accepts, the case's category and subject, the reason, the note and"
            " the person's name; once it accepts, the person's record, the case, its shareable notes and its"
            " documents."
        ),
    ),
    Processing(
        code="contact",
        name=_("Contacting people, appointments"),
        purpose=_("Tell people where their file stands, remind them of appointments, ask how it went."),
        basis=_("The person's consent to be contacted; booking an appointment asks for it on the form."),
        fields=(
            ("cases.Person", "phone"),
            ("cases.Person", "whatsapp"),
            ("cases.Person", "email"),
            ("cases.Person", "search_phones"),
            ("cases.Person", "notify_by"),
            ("outbox.Message", "recipient"),
            ("outbox.Message", "subject"),
            ("outbox.Message", "body"),
            ("outbox.Message", "html_body"),
            ("outbox.Message", "attachments"),
            ("appointments.Booking", "name"),
            ("appointments.Booking", "phone"),
            ("appointments.Booking", "email"),
            ("appointments.Booking", "preferred_language"),
            ("appointments.Booking", "notify_by"),
            ("portal.Survey", "score"),
            ("portal.Survey", "comment"),
            ("portal.Tracking", "code_hash"),
            ("portal.Tracking", "one_time_hash"),
        ),
        retention=_("Messages and bookings: erased with the person; survey answers lose their comment with the case."),
        recipients=_("The office's staff; the e-mail, SMS or WhatsApp provider that carries a message."),
    ),
    Processing(
        code="consents",
        name=_("Consents"),
        purpose=_("Keep the proof of what each person agreed to, and when they withdrew it."),
        basis=_("The law's own requirement (proof of consent)."),
        fields=(
            ("cases.Consent", "purpose"),
            ("cases.Consent", "channel"),
            ("cases.Consent", "given_on"),
            ("cases.Consent", "withdrawn_on"),
        ),
        retention=_("Kept when the person is erased: the proof that the processing was lawful."),
        recipients=_("The office head and the auditor (consent register)."),
    ),
    Processing(
        code="register_imports",
        name=_("Importing the office's earlier registers"),
        purpose=_(
            "Bring the people and cases of the registers the office kept before (Excel, CSV) into the workspace,"
            " once: a row already imported is recognised and never imported again."
        ),
        basis=_("The same as receiving people: the consents the office recorded when it received them."),
        fields=(
            ("imports.ImportRun", "file"),
            ("imports.ImportRun", "original_name"),
            ("imports.ImportRun", "samples"),
            ("imports.ImportRun", "report"),
            ("imports.ImportedRow", "fingerprint"),
        ),
        retention=_(
            "The uploaded file, its examples and the values quoted in the report: deleted once the register is"
            " imported, and at most 7 days after the upload. The fingerprints of imported rows (keyed hashes,"
            " no names) stay, so that a register is never imported twice."
        ),
        recipients=_("The office head."),
    ),
    Processing(
        code="audit",
        name=_("Audit log"),
        purpose=_("Know who created, changed, viewed, printed, exported or erased whose data."),
        basis=_("The office's accountability for the data it holds."),
        fields=(
            ("cases.AuditEntry", "actor"),
            ("cases.AuditEntry", "target_id"),
            ("cases.AuditEntry", "detail"),
        ),
        retention=_("Kept; it names people and cases by their number only."),
        recipients=_("The office head and the auditor."),
    ),
)

# Fields of those models that hold no one's personal data: keys, dates of the records themselves, states,
# codes and counters. Everything else must be in REGISTER (tests/cases/test_processing_register.py).
NOT_PERSONAL: dict[str, set[str]] = {
    "cases.Person": {"id", "created_at", "updated_at", "created_by", "erased_at"},
    "cases.IdentityDocument": {"id", "person", "key_id", "created_at"},
    "cases.PersonLink": {"id", "person", "other", "created_at"},
    "cases.Consent": {"id", "person", "recorded_by", "recorded_at"},
    "cases.Case": {
        "id",
        "reference",
        "person",
        "kind",
        "category",
        "channel",
        "status",
        "assigned_to",
        "campaigns",
        "opened_on",
        "due_on",
        "answered_at",
        "closed_at",
        "created_at",
        "updated_at",
        "created_by",
        "record_key",  # the cell key method's random key (analytics.disclosure): never shown or sent
    },
    # note_key, note_params: what the platform noted (a service's name, an outcome, a day), nothing of the person
    "cases.CaseEvent": {
        "id",
        "case",
        "kind",
        "from_status",
        "to_status",
        "note_key",
        "note_params",
        "shareable",
        "actor",
        "at",
    },
    "cases.Attachment": {"id", "case", "content_type", "size", "uploaded_by", "uploaded_at"},
    "cases.Referral": {
        "id",
        "case",
        "regional_service",
        "local_service",
        "verification_code",
        "outcome",
        "sent_on",
        "outcome_on",
        "remind_after_days",
        "last_reminder_on",
        "consent_override_by",
        "created_at",
        "updated_at",
        "created_by",
        "record_key",
    },
    "cases.AuditEntry": {"id", "action", "target_type", "target_label", "at"},
    # The other commune's id and names, the other office's reference, states and dates of the transfer.
    "cases.OutgoingTransfer": {
        "id",
        "case",
        "to_commune_id",
        "to_commune_name",
        "consent_given",
        "consent_recorded_at",
        "consent_recorded_by",
        "status",
        "created_by",
        "created_at",
        "decided_at",
        "cancelled_by",
        "received_reference",
    },
    "cases.IncomingTransfer": {
        "id",
        "from_commune_id",
        "from_commune_name",
        "outgoing_id",
        "from_reference",
        "category_code",
        "category_name",
        "kind",
        "sent_at",
        "status",
        "decided_by",
        "decided_at",
        "case",
    },
    "outbox.Message": {
        "id",
        "channel",
        "language",
        "kind",
        "dedupe_key",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    },
    "appointments.Booking": {
        "id",
        "occurrence",
        "day",
        "start",
        "duration_minutes",
        "category",
        "status",
        "cancel_token_hash",
        "consent_given_at",
        "reminder_sent_at",
        "cancelled_at",
        "created_at",
    },
    "portal.Survey": {"id", "case", "token_hash", "invited_at", "answered_at", "record_key"},
    "portal.Tracking": {"id", "case", "code_reference", "one_time_expires_at", "one_time_attempts", "created_at"},
    "imports.ImportRun": {
        "id",
        "state",
        "error",
        "requested_by",
        "created_at",
        "started_at",
        "finished_at",
        "stage",
        "size",
        "file_format",
        "encoding",
        "delimiter",
        "sheet",
        "heading_row",
        "headings",
        "row_count",
        "mapping",
        "default_category",
        "default_kind",
        "default_channel",
        "only_valid",
        "open_rows",
        "people_created",
        "cases_created",
        "file_deleted_at",
    },
    "imports.ImportedRow": {"id", "run", "row_number", "person", "case", "imported_at"},
}


# The other models of the commune's apps: what they hold is the office's own (its categories, timetable,
# procedures, services, campaigns, activities and counters), not the people it receives.
WITHOUT_PEOPLE_DATA = {
    "cases.Category",
    "cases.Holiday",
    "cases.Campaign",
    "cases.Activity",
    "cases.LocalService",
    "cases.ReferenceCounter",
    "cases.SavedView",
    "appointments.WeeklySlot",
    "appointments.SlotException",
    "appointments.Closure",
    "appointments.SlotOccurrence",
    "guide.Procedure",
    "guide.DutyShift",
    "reports.Report",  # counts of the office's work, and who asked for them
    "reports.ReportFile",
    "imports.ColumnMapping",
}


@dataclass(frozen=True)
class Line:
    """One processing as the page shows it."""

    processing: Processing
    data: list[str]  # the fields' names, as the forms call them
    retention: str


# What the fields no form shows are called on the page.
LABELS: dict[FieldRef, Promise] = {
    ("cases.Person", "search_names"): _("names, as written for search"),
    ("cases.Person", "search_keys"): _("names, as pronounced for search"),
    ("cases.Person", "search_phones"): _("phones, as written for search"),
    ("cases.Attachment", "file"): _("the file"),
    ("cases.IdentityDocument", "number_encrypted"): _("number (encrypted)"),
    ("cases.IdentityDocument", "number_index"): _("number (keyed hash, to find it)"),
    ("cases.IdentityDocument", "number_hint"): _("last characters of the number"),
    ("cases.Referral", "consent_override_reason"): _("reason for sharing without consent"),
    ("portal.Tracking", "code_hash"): _("tracking code (hashed)"),
    ("portal.Tracking", "one_time_hash"): _("one-time code (hashed)"),
    ("cases.AuditEntry", "target_id"): _("number of the person or case"),
    ("cases.IncomingTransfer", "person_name_latin"): _("the person's name (Latin script)"),
    ("cases.IncomingTransfer", "person_name_ar"): _("the person's name (Arabic script)"),
}


def field_label(ref: FieldRef) -> str:
    model = apps.get_model(ref[0])
    field = model._meta.get_field(ref[1])
    name = LABELS[ref] if ref in LABELS else getattr(field, "verbose_name", None) or ref[1]
    return f"{capfirst(model._meta.verbose_name)}: {name}"


def lines(retention_years: int) -> list[Line]:
    return [
        Line(
            processing=item,
            data=[field_label(ref) for ref in item.fields],
            retention=str(item.retention).replace("{years}", str(retention_years)),
        )
        for item in REGISTER
    ]
