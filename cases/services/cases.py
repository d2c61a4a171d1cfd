"""Cases from intake to answer: opening, moving through the workflow, assigning, notes, documents."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases import calendar, dates, timeline, uploads, workflow
from cases.errors import CaseError, Conflict
from cases.models import (
    Attachment,
    AuditEntry,
    Campaign,
    Case,
    CaseEvent,
    Category,
    OutgoingTransfer,
    Person,
    ReferenceCounter,
)
from cases.permissions import Action, authorize
from cases.services import audit
from cases.services.people import refuse_erased
from jisr.accounts.models import Role, User
from jisr.outbox.services import enqueue_templated_email
from tenants.selectors import current_commune, site_url

ASSIGNABLE_ROLES = (Role.OFFICE_HEAD, Role.AGENT)


def next_reference(year: int) -> str:
    """AITM-2026-00042: the commune's code, the year, a number that never repeats.

    The code is unique in the country (tenants.codes), so a reference names one case wherever it travels:
    a transfer, a slip, the portal's tracker. Older references began with the slug's first three letters
    (AIT-2025-00007); they stay as stored, and are found as they are.

    One statement takes the next number: the upsert locks the year's row until the transaction ends, so
    two cases opened at once wait for each other instead of sharing a number.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ReferenceCounter._meta.db_table} (year, last) VALUES (%s, 1) "
            f"ON CONFLICT (year) DO UPDATE SET last = {ReferenceCounter._meta.db_table}.last + 1 RETURNING last",
            [year],
        )
        (number,) = cursor.fetchone()
    commune = current_commune()
    if commune is None or not commune.code:
        raise RuntimeError("Cases are numbered in a commune's schema, and the commune has a code.")
    return f"{commune.code}-{year}-{number:05d}"


def _check_assignee(assignee: User | None) -> None:
    if assignee is not None and (not assignee.is_active or assignee.role not in ASSIGNABLE_ROLES):
        raise CaseError({"assigned_to": [_("Cases go to the office head or an agent of this office.")]})


def _check_choices(kind: str, channel: str) -> None:
    errors = {}
    if kind not in Case.Kind.values:
        errors["kind"] = [_("Unknown kind of case.")]
    if channel not in Case.Channel.values:
        errors["channel"] = [_("Unknown channel.")]
    if errors:
        raise CaseError(errors)


def _refuse_transferred_channel(channel: str, *, was: str = "") -> None:
    """Only a transfer brings a case "transferred from another office" (cases.services.transfers): a case
    received so keeps that channel, and no other case takes it."""
    if (channel == Case.Channel.TRANSFERRED) != (was == Case.Channel.TRANSFERRED):
        raise CaseError({"channel": [_("Only a case received from another office comes through a transfer.")]})


def refuse_frozen(case: Case) -> None:
    """A transferred case accepts no edits, and neither does one waiting for another office's answer, until
    the transfer is declined or cancelled (cases.services.transfers). Raises Conflict."""
    if case.status == Case.Status.TRANSFERRED:
        raise Conflict(_("This case was transferred to another office: it can no longer be changed here."))
    if OutgoingTransfer.objects.filter(case_id=case.pk, status=OutgoingTransfer.Status.PENDING).exists():
        raise Conflict(_("This case waits for another office to accept it: cancel the transfer to change it."))


def lock_for_edit(case: Case) -> Case:
    """The case, locked until the transaction ends, if it may still be changed (refuse_frozen): a transfer
    proposed or accepted meanwhile waits for the lock, then sees the change, and the other way round."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    refuse_frozen(locked)
    return locked


def open_case(
    *,
    actor: User,
    person: Person,
    kind: str,
    category: Category,
    channel: str,
    subject: str,
    description: str = "",
    assigned_to: User | None = None,
    campaigns: Iterable[Campaign] | None = None,
    opened_on: date | None = None,
    answered_on: date | None = None,
    closed_on: date | None = None,
) -> Case:
    """Open a case for a person; its answer is due after the category's business days.

    A case of the office's history (an API client back-filling its register) may come with the days it was
    answered and closed: it is recorded answered or closed on those days (`back_fill`). Closing answers a case
    on the same day, as in the workflow, unless it was answered earlier.
    """
    authorize(actor, Action.EDIT_CASES)
    _refuse_transferred_channel(channel)
    if closed_on is not None and answered_on is None:
        answered_on = closed_on
    dates.check(
        dates.case_dates(opened_on=opened_on or timezone.localdate(), answered_on=answered_on, closed_on=closed_on)
    )
    with transaction.atomic():
        case = _create_case(
            actor=actor,
            person=person,
            kind=kind,
            category=category,
            channel=channel,
            subject=subject,
            description=description,
            assigned_to=assigned_to,
            campaigns=campaigns,
            opened_on=opened_on,
        )
        if answered_on is not None or closed_on is not None:
            case = back_fill(
                actor=actor, case=case, answered_on=answered_on, closed_on=closed_on, note_key=timeline.BACK_FILLED
            )
    return case


def open_case_from_portal(*, person: Person, category: Category, subject: str, description: str) -> Case:
    """A request written on the office's public portal: unassigned, in the office's queue.

    No staff member is behind it: the portal (cases.portal) checks its visitors itself.
    """
    return _create_case(
        actor=None,
        person=person,
        kind=Case.Kind.REQUEST,
        category=category,
        channel=Case.Channel.WEB,
        subject=subject,
        description=description,
    )


def open_received_case(
    *,
    actor: User,
    person: Person,
    kind: str,
    category: Category,
    subject: str,
    description: str,
    opened_on: date,
) -> Case:
    """A case another commune's office transferred to this one, as it is accepted (cases.services.transfers,
    which writes the rest): numbered by this office, "transferred from another office", opened on the day it
    was accepted, which is when this office received it."""
    authorize(actor, Action.TRANSFER_CASES)
    return _create_case(
        actor=actor,
        person=person,
        kind=kind,
        category=category,
        channel=Case.Channel.TRANSFERRED,
        subject=subject,
        description=description,
        opened_on=opened_on,
    )


def _create_case(
    *,
    actor: User | None,
    person: Person,
    kind: str,
    category: Category,
    channel: str,
    subject: str,
    description: str = "",
    assigned_to: User | None = None,
    campaigns: Iterable[Campaign] | None = None,
    opened_on: date | None = None,
) -> Case:
    _check_choices(kind, channel)
    refuse_erased(person)
    subject = " ".join(subject.split())
    if not subject:
        raise CaseError({"subject": [_("Say in a few words what the case is about.")]})
    if not category.active:
        raise CaseError({"category": [_("This category is no longer in use.")]})
    _check_assignee(assigned_to)
    opened_on = opened_on or timezone.localdate()
    with transaction.atomic():
        case = Case.objects.create(
            reference=next_reference(opened_on.year),
            person=person,
            kind=kind,
            category=category,
            channel=channel,
            subject=subject,
            description=description.strip(),
            assigned_to=assigned_to,
            opened_on=opened_on,
            due_on=calendar.add_business_days(opened_on, category.sla_business_days),
            created_by=actor,
        )
        running = Campaign.objects.filter(starts_on__lte=opened_on, ends_on__gte=opened_on)
        case.campaigns.set(list(campaigns) if campaigns is not None else running)
        CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.CREATED, to_status=case.status, actor=actor)
        audit.record(actor=actor, action=AuditEntry.Action.CREATE, target=case)
        if assigned_to is not None and actor is not None:
            _notify_assignee(case, assigned_to, actor)
    return case


def update_case(
    *,
    actor: User,
    case: Case,
    kind: str,
    category: Category,
    channel: str,
    subject: str,
    description: str,
    campaigns: Iterable[Campaign],
) -> Case:
    authorize(actor, Action.EDIT_CASES)
    _check_choices(kind, channel)
    subject = " ".join(subject.split())
    if not subject:
        raise CaseError({"subject": [_("Say in a few words what the case is about.")]})
    with transaction.atomic():
        case = lock_for_edit(case)
        _refuse_transferred_channel(channel, was=case.channel)
        if category.pk != case.category_id:
            if not category.active:
                raise CaseError({"category": [_("This category is no longer in use.")]})
            if case.is_open:  # a new subject brings its own time to answer
                case.due_on = calendar.add_business_days(case.opened_on, category.sla_business_days)
        changed = [
            name
            for name, value in (
                ("kind", kind),
                ("category", category.pk),
                ("channel", channel),
                ("subject", subject),
                ("description", description.strip()),
            )
            if getattr(case, "category_id" if name == "category" else name) != value
        ]
        case.kind, case.category, case.channel = kind, category, channel
        case.subject, case.description = subject, description.strip()
        case.save()
        case.campaigns.set(list(campaigns))
        if changed:
            CaseEvent.objects.create(
                case=case,
                kind=CaseEvent.Kind.EDITED,
                note_key=timeline.DETAILS_CHANGED,
                note_params={"fields": changed},
                actor=actor,
            )
            audit.record(actor=actor, action=AuditEntry.Action.UPDATE, target=case, detail=", ".join(changed))
    return case


def transition_case(
    *, actor: User, case: Case, to_status: str, note: str = "", expected_status: str | None = None
) -> Case:
    """Move a case along the workflow (cases.workflow); each move is a timeline event.

    `expected_status` is the status the person saw when they chose the move:
    if someone else moved the case meanwhile, nothing happens (Conflict).
    """
    authorize(actor, Action.EDIT_CASES)
    if to_status not in Case.Status.values:
        raise CaseError({"status": [_("Unknown status.")]})
    with transaction.atomic():
        case = lock_for_edit(case)
        if expected_status is not None and case.status != expected_status:
            raise Conflict(
                _("Someone changed this case meanwhile: it is now “%(status)s”.")
                % {"status": case.get_status_display()}
            )
        if not workflow.allowed(case.status, to_status):
            raise Conflict(
                _("A case that is “%(current)s” cannot become “%(target)s”.")
                % {"current": case.get_status_display(), "target": Case.Status(to_status).label}
            )
        from_status = case.status
        now = timezone.now()
        if workflow.is_reopening(from_status, to_status):
            case.answered_at = None
            case.closed_at = None
        if to_status == Case.Status.ANSWERED:
            case.answered_at = now
        if to_status == Case.Status.CLOSED:
            case.closed_at = now
            case.answered_at = case.answered_at or now
        case.status = to_status
        case.save(update_fields=["status", "answered_at", "closed_at", "updated_at"])
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.STATUS,
            from_status=from_status,
            to_status=to_status,
            body=note.strip(),
            actor=actor,
            at=now,
        )
        audit.record(actor=actor, action=AuditEntry.Action.UPDATE, target=case, detail=f"{from_status} → {to_status}")
    return case


def answer_and_close(*, actor: User, case: Case, note: str = "", expected_status: str | None = None) -> Case:
    """Answer a case and close it in one step, where the workflow allows both moves from its status
    (cases.workflow.answers_and_closes): the two moves, each on the timeline and in the audit log as when
    made one after the other; the note goes with the answer. Both or neither."""
    authorize(actor, Action.EDIT_CASES)
    with transaction.atomic():
        status = Case.objects.select_for_update().values_list("status", flat=True).get(pk=case.pk)
        if (expected_status is None or status == expected_status) and not workflow.answers_and_closes(status):
            raise Conflict(
                _("A case that is “%(current)s” cannot be answered and closed in one step.")
                % {"current": Case.Status(status).label}
            )
        case = transition_case(
            actor=actor, case=case, to_status=Case.Status.ANSWERED, note=note, expected_status=expected_status
        )
        return transition_case(
            actor=actor, case=case, to_status=Case.Status.CLOSED, expected_status=Case.Status.ANSWERED
        )


def back_fill(
    *,
    actor: User,
    case: Case,
    answered_on: date | None = None,
    closed_on: date | None = None,
    note_key: str = "",
) -> Case:
    """A new case of the office's history (a register imported, a client of the API) recorded answered and
    closed on the days it was: the statistics count its real time to answer, not the day it was recorded.

    The moves are dated those days on the timeline, the case's first line the day it was received. Closed
    without a day answered (an import that closes the open rows of an old register) it is not counted as
    answered. `note_key` says on the timeline where the days come from (cases.timeline).
    """
    authorize(actor, Action.EDIT_CASES)
    with transaction.atomic():
        case = lock_for_edit(case)
        if case.status != Case.Status.NEW or case.answered_at is not None or case.closed_at is not None:
            raise Conflict(_("Only a case just opened takes the days of its history."))
        dates.check(dates.case_dates(opened_on=case.opened_on, answered_on=answered_on, closed_on=closed_on))
        steps = [(Case.Status.ANSWERED, answered_on), (Case.Status.CLOSED, closed_on)]
        moves = [(status, dates.moment(day)) for status, day in steps if day is not None]
        if not moves:
            return case
        case.events.filter(kind=CaseEvent.Kind.CREATED).update(at=min(dates.moment(case.opened_on), moves[0][1]))
        from_status = case.status
        for to_status, at in moves:
            if to_status == Case.Status.ANSWERED:
                case.answered_at = at
            else:
                case.closed_at = at
            CaseEvent.objects.create(
                case=case,
                kind=CaseEvent.Kind.STATUS,
                from_status=from_status,
                to_status=to_status,
                note_key=note_key,
                actor=actor,
                at=at,
            )
            from_status = to_status
        case.status = from_status
        case.save(update_fields=["status", "answered_at", "closed_at", "updated_at"])
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            target=case,
            detail=f"{Case.Status.NEW} → {case.status}: " + ", ".join(f"{s} {at:%Y-%m-%d}" for s, at in moves),
        )
    return case


def assign_case(*, actor: User, case: Case, assignee: User | None) -> Case:
    authorize(actor, Action.ASSIGN_CASES)
    _check_assignee(assignee)
    with transaction.atomic():
        case = lock_for_edit(case)
        if case.assigned_to_id == (assignee.pk if assignee else None):
            return case
        case.assigned_to = assignee
        case.save(update_fields=["assigned_to", "updated_at"])
        CaseEvent.objects.create(
            case=case, kind=CaseEvent.Kind.ASSIGNED, body=str(assignee) if assignee else "", actor=actor
        )
        audit.record(actor=actor, action=AuditEntry.Action.UPDATE, target=case, detail="assigned")
        if assignee is not None:
            _notify_assignee(case, assignee, actor)
    return case


def _notify_assignee(case: Case, assignee: User, actor: User) -> None:
    if assignee.pk == actor.pk:
        return
    with translation.override(assignee.preferred_language):
        enqueue_templated_email(
            kind="case_assigned",
            recipient=assignee.email,
            template="cases/email/assigned",
            context={"case": case, "assignee": assignee, "url": site_url(f"/cases/{case.pk}/")},
            language=assignee.preferred_language,
        )


def add_note(*, actor: User, case: Case, body: str, shareable: bool = False) -> CaseEvent:
    """A note on the timeline: internal, or shareable with the person (shown when they track the case)."""
    authorize(actor, Action.EDIT_CASES)
    body = body.strip()
    if not body:
        raise CaseError({"body": [_("The note is empty.")]})
    with transaction.atomic():
        case = lock_for_edit(case)
        event = CaseEvent.objects.create(
            case=case, kind=CaseEvent.Kind.NOTE, body=body, shareable=shareable, actor=actor
        )
        audit.record(actor=actor, action=AuditEntry.Action.UPDATE, target=case, detail="note")
    return event


def add_attachment(*, actor: User, case: Case, upload: UploadedFile) -> Attachment:
    """A document of the case, checked by its content (not its name) and kept in the commune's folder."""
    authorize(actor, Action.EDIT_CASES)
    return _store_attachment(actor=actor, case=case, upload=upload)


def add_attachment_from_portal(*, case: Case, upload: UploadedFile) -> Attachment:
    """A document sent with a request on the public portal (cases.portal), checked the same way."""
    return _store_attachment(actor=None, case=case, upload=upload)


def _store_attachment(*, actor: User | None, case: Case, upload: UploadedFile) -> Attachment:
    content_type = uploads.check(upload)
    attachment = Attachment(
        case=case,
        original_name=uploads.safe_name(upload.name or "document"),
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=actor,
    )
    try:
        with transaction.atomic():
            attachment.case = lock_for_edit(case)
            attachment.file.save(uploads.storage_name(content_type), upload, save=False)
            attachment.save()
            CaseEvent.objects.create(
                case=case, kind=CaseEvent.Kind.ATTACHMENT, body=attachment.original_name, actor=actor
            )
            audit.record(actor=actor, action=AuditEntry.Action.UPDATE, target=case, detail="document")
    except BaseException:
        # Nothing half-saved: no row without its file, no file without its row.
        if attachment.file.name:
            attachment.file.delete(save=False)
        raise
    return attachment


def record_download(*, actor: User, attachment: Attachment) -> None:
    """Who took a copy of a case's document: in the audit log."""
    authorize(actor, Action.VIEW_CASES)
    audit.record(
        actor=actor, action=AuditEntry.Action.EXPORT, target=attachment.case, detail=f"document {attachment.pk}"
    )
