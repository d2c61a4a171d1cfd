"""Changes to appointments: the public books and cancels; the office sets the timetable and marks visits.

Public actions check their input here (rate limits are the views'); staff actions
check the role through cases.permissions. The confirmation and the reminder go
through the outbox by the way the person chose (Booking.notify_by); the
confirmation, which carries the cancellation link, also goes by e-mail when an
address was given.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.appointments import selectors
from cases.appointments.models import Booking, Closure, SlotException, SlotOccurrence, WeeklySlot
from cases.errors import CaseError
from cases.models import Category, NotifyBy
from cases.permissions import Action, authorize
from cases.services.people import normalize_phone
from jisr.accounts.models import User
from jisr.outbox.services import notify
from tenants.selectors import current_commune, site_url


@dataclass
class BookingInput:
    day: date
    start: time
    name: str
    phone: str
    email: str
    preferred_language: str
    category: Category | None = None
    consent: bool = False
    notify_by: str = NotifyBy.EMAIL


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def cancel_url(token: str) -> str:
    return site_url(reverse("appointments:cancel", args=[token]))


def book(*, data: BookingInput) -> tuple[Booking, str]:
    """Take a place in a slot; returns the booking and its cancellation token (sent, never stored).

    The slot's occurrence row is locked while the places are counted: of two people
    asking for the last place at once, the second waits, then finds it taken.
    """
    errors: dict[str, list[str]] = {}
    name = " ".join(data.name.split())
    if not name:
        errors["name"] = [_("Give your name.")]
    try:
        phone = normalize_phone(data.phone)
    except ValueError:
        phone = ""
        errors["phone"] = [_("This is not a phone number we can call, e.g. +33 6 12 34 56 78 or 06 12 34 56 78.")]
    else:
        if not phone:
            errors["phone"] = [_("Give a phone number where we can reach you.")]
    if data.notify_by not in NotifyBy.values:
        errors["notify_by"] = [_("Choose e-mail, WhatsApp or SMS.")]
    elif data.notify_by == NotifyBy.EMAIL and not data.email.strip():
        errors["email"] = [_("Give an e-mail address, or choose WhatsApp or SMS.")]
    if not data.consent:
        errors["consent"] = [_("We need your agreement to record your appointment.")]
    if data.category is not None and not data.category.active:
        errors["category"] = [_("Choose a subject from the list.")]
    slot = selectors.slot_at(data.day, data.start)
    if slot is None:
        if selectors.starts_at(data.day, data.start) <= timezone.now():
            errors["slot"] = [_("This time has passed. Choose another one.")]
        elif data.day in selectors.closed_days(data.day, data.day):
            errors["slot"] = [_("The office is closed that day. Choose another day.")]
        else:
            errors["slot"] = [_("The office offers no appointment at this time. Choose one from the list.")]
    elif data.day > timezone.localdate() + timedelta(days=selectors.DAYS_AHEAD):
        errors["slot"] = [_("Appointments open four weeks ahead. Choose an earlier date.")]
    if errors:
        raise CaseError(errors)
    assert slot is not None
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        SlotOccurrence.objects.bulk_create([SlotOccurrence(day=data.day, start=data.start)], ignore_conflicts=True)
        occurrence = SlotOccurrence.objects.select_for_update().get(day=data.day, start=data.start)
        holding = occurrence.bookings.filter(status__in=selectors.HOLDING)
        if holding.count() >= slot.capacity:
            raise CaseError({"slot": [_("This time is full. Choose another one.")]})
        if holding.filter(phone=phone).exists():
            raise CaseError({"slot": [_("You already have an appointment at this time.")]})
        booking = Booking.objects.create(
            occurrence=occurrence,
            day=data.day,
            start=data.start,
            duration_minutes=slot.duration_minutes,
            name=name,
            phone=phone,
            email=data.email.strip(),
            preferred_language=data.preferred_language,
            notify_by=data.notify_by,
            category=data.category,
            cancel_token_hash=hash_token(token),
            consent_given_at=timezone.now(),
        )
        notify(
            booking,
            kind="appointment_confirmation",
            template="appointments/email/confirmation",
            context={"booking": booking, "cancel_url": cancel_url(token), "commune": current_commune()},
            dedupe_key=f"appointment-confirmation:{booking.pk}",
            also_email=True,
        )
    return booking, token


def booking_for_token(token: str) -> Booking | None:
    if not token or len(token) > 100:
        return None
    return Booking.objects.filter(cancel_token_hash=hash_token(token)).first()


def cancel(*, token: str) -> Booking:
    """Cancel by the link sent to the person; again is harmless. The place is free at once."""
    with transaction.atomic():
        booking = Booking.objects.select_for_update().filter(cancel_token_hash=hash_token(token)).first()
        if booking is None:
            raise CaseError(_("This cancellation link is not valid."))
        if booking.status == Booking.Status.CANCELLED:
            return booking
        if booking.status != Booking.Status.BOOKED or selectors.starts_at(booking.day, booking.start) <= timezone.now():
            raise CaseError(_("This appointment has passed; it can no longer be cancelled."))
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = timezone.now()
        booking.save(update_fields=["status", "cancelled_at"])
    return booking


def remind_tomorrow() -> int:
    """Remind tomorrow's appointments, once each (reminder_sent_at), by their channel; returns how many."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    sent = 0
    ids = list(
        Booking.objects.filter(day=tomorrow, status=Booking.Status.BOOKED, reminder_sent_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    for pk in ids:
        with transaction.atomic():
            booking = (
                Booking.objects.select_for_update()
                .filter(pk=pk, status=Booking.Status.BOOKED, reminder_sent_at__isnull=True)
                .first()
            )
            if booking is None:
                continue
            notify(
                booking,
                kind="appointment_reminder",
                template="appointments/email/reminder",
                context={
                    "booking": booking,
                    "commune": current_commune(),
                    "url": site_url(reverse("appointments:book")),
                },
                dedupe_key=f"appointment-reminder:{booking.pk}",
            )
            booking.reminder_sent_at = timezone.now()
            booking.save(update_fields=["reminder_sent_at"])
            sent += 1
    return sent


# --- The office --------------------------------------------------------------


def mark(*, actor: User, booking_id: int, status: str) -> Booking:
    """The person came, or did not: from the day of the appointment on."""
    authorize(actor, Action.EDIT_CASES)
    if status not in (Booking.Status.ATTENDED, Booking.Status.NO_SHOW, Booking.Status.BOOKED):
        raise CaseError({"status": [_("Choose came or did not come.")]})
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking_id)
        if booking.status == Booking.Status.CANCELLED:
            raise CaseError(_("This appointment was cancelled."))
        if booking.day > timezone.localdate():
            raise CaseError(_("This appointment is not yet due."))
        booking.status = status
        booking.save(update_fields=["status"])
    return booking


def add_weekly_slot(*, actor: User, weekday: int, start: time, duration_minutes: int, capacity: int) -> WeeklySlot:
    authorize(actor, Action.MANAGE_OFFICE)
    if WeeklySlot.objects.filter(weekday=weekday, start=start).exists():
        raise CaseError({"start": [_("There is already a slot at this time on that day.")]})
    return WeeklySlot.objects.create(weekday=weekday, start=start, duration_minutes=duration_minutes, capacity=capacity)


def set_weekly_slot_active(*, actor: User, slot_id: int, active: bool) -> WeeklySlot:
    authorize(actor, Action.MANAGE_OFFICE)
    slot = WeeklySlot.objects.get(pk=slot_id)
    slot.active = active
    slot.save(update_fields=["active"])
    return slot


def set_exception(*, actor: User, day: date, start: time, duration_minutes: int, capacity: int) -> SlotException:
    authorize(actor, Action.MANAGE_OFFICE)
    if day < timezone.localdate():
        raise CaseError({"day": [_("This date has passed.")]})
    exception, _created = SlotException.objects.update_or_create(
        day=day, start=start, defaults={"duration_minutes": duration_minutes, "capacity": capacity}
    )
    return exception


def delete_exception(*, actor: User, exception_id: int) -> None:
    authorize(actor, Action.MANAGE_OFFICE)
    SlotException.objects.get(pk=exception_id).delete()


def add_closure(*, actor: User, starts_on: date, ends_on: date, reason: str) -> Closure:
    authorize(actor, Action.MANAGE_OFFICE)
    reason = " ".join(reason.split())
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = [_("Say why the office is closed.")]
    if ends_on < starts_on:
        errors["ends_on"] = [_("The last day comes before the first.")]
    if errors:
        raise CaseError(errors)
    return Closure.objects.create(starts_on=starts_on, ends_on=ends_on, reason=reason)


def delete_closure(*, actor: User, closure_id: int) -> None:
    authorize(actor, Action.MANAGE_OFFICE)
    Closure.objects.get(pk=closure_id).delete()
