"""Pages of appointments: the public books and cancels; the office sees its agenda and sets the timetable."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cases import ratelimit
from cases.appointments import selectors, services
from cases.appointments.forms import BookingForm, ClosureForm, DayForm, SlotExceptionForm, WeeklySlotForm
from cases.appointments.models import Booking
from cases.errors import CaseError
from cases.forms import service_errors
from cases.permissions import Action, authorize, can
from cases.views.common import office_view, staff
from jisr.languages import public_page

# Bookings one address may ask for in an hour, counted in the commune's cache.
BOOKINGS_PER_HOUR = 10
WINDOW_SECONDS = 60 * 60
SESSION_KEY = "appointments:booked"


# --- The public --------------------------------------------------------------


@public_page
@require_safe
def book(request: HttpRequest) -> HttpResponse:
    """One week of times at a time, by day, with links to the week before and after (four weeks open);
    full ones are shown as full. `?week=<any date of it>`; a week that has passed or is not open yet
    gives the nearest one that is, and says so."""
    asked = _date_or_none(request.GET.get("week", ""))
    week = selectors.bookable_week(asked)
    notice = ""
    if asked is not None and asked < week.monday:
        notice = _("That week has passed. Here are the times you can still book.")
    elif asked is not None and asked > week.sunday:
        notice = _("Appointments open four weeks ahead. Choose an earlier date.")
    context = {"section": "appointments", "week": week, "notice": notice}
    return render(request, "appointments/book.html", context)


def _date_or_none(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _slot_from_url(day: str, start: str) -> tuple[date, time]:
    try:
        return date.fromisoformat(day), datetime.strptime(start, "%H%M").time()
    except ValueError as error:
        raise Http404 from error


def _client_key(request: HttpRequest) -> str:
    return f"appointments:book:{ratelimit.client_address(request)}"


def _over_limit(request: HttpRequest) -> bool:
    return ratelimit.count(_client_key(request), WINDOW_SECONDS) > BOOKINGS_PER_HOUR


def _refusal_on_form(form: forms.Form, error: ValidationError) -> None:
    """The service's refusal next to its field; what is about the slot goes on top of the form."""
    if hasattr(error, "error_dict") and "slot" in error.error_dict:
        for message in ValidationError(error.error_dict.pop("slot")).messages:
            form.add_error(None, message)
        if not error.error_dict:
            return
    service_errors(form, error)


@public_page
@require_http_methods(["GET", "HEAD", "POST"])
def book_slot(request: HttpRequest, day: str, start: str) -> HttpResponse:
    when_day, when_start = _slot_from_url(day, start)
    slot = selectors.slot_at(when_day, when_start)
    form = BookingForm(request.POST if request.method == "POST" else None)
    status = 200
    notice = ""
    if request.method == "POST":
        if _over_limit(request):
            form.is_valid()
            form.add_error(None, _("Too many bookings from your connection. Please try again in an hour."))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                booking, token = services.book(
                    data=services.BookingInput(
                        day=when_day,
                        start=when_start,
                        name=data["name"],
                        phone=data["phone"],
                        email=data["email"],
                        preferred_language=data["preferred_language"],
                        category=data["category"],
                        consent=data["consent"],
                        notify_by=data["notify_by"],
                    )
                )
            except CaseError as error:
                _refusal_on_form(form, error)
                slot = selectors.slot_at(when_day, when_start)
            else:
                request.session[SESSION_KEY] = {"id": booking.pk, "token": token}
                return redirect("appointments:booked")
        if not form.is_valid():
            status = status if status != 200 else 400
    elif slot is None:
        notice = _unavailable_message(when_day, when_start)
    elif slot.full:
        notice = _("This time is full. Choose another one.")
    context = {
        "section": "appointments",
        "form": form,
        "notice": notice,
        "slot": slot,
        "day": when_day,
        "start": when_start,
    }
    return render(request, "appointments/form.html", context, status=status)


def _unavailable_message(day: date, start: time) -> str:
    if selectors.starts_at(day, start) <= timezone.now():
        return _("This time has passed. Choose another one.")
    if day in selectors.closed_days(day, day):
        return _("The office is closed that day. Choose another day.")
    return _("The office offers no appointment at this time. Choose one from the list.")


@public_page
@require_safe
def booked(request: HttpRequest) -> HttpResponse:
    """What was booked from this browser just now, with its cancellation link."""
    held = request.session.get(SESSION_KEY) or {}
    booking_id = held.get("id")
    booking = Booking.objects.filter(pk=booking_id).select_related("category").first() if booking_id else None
    if booking is None:
        return redirect("appointments:book")
    cancel_link = reverse("appointments:cancel", args=[held["token"]])
    return render(
        request, "appointments/booked.html", {"section": "appointments", "booking": booking, "cancel_link": cancel_link}
    )


@public_page
@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    """Confirm, then cancel; a second time says it is already cancelled."""
    booking = services.booking_for_token(token)
    if booking is None:
        return render(request, "appointments/cancel.html", {"section": "appointments", "invalid": True}, status=404)
    error = ""
    if request.method == "POST":
        try:
            booking = services.cancel(token=token)
        except CaseError as refusal:
            error = refusal.messages[0]
        else:
            request.session.pop(SESSION_KEY, None)
    context = {"section": "appointments", "booking": booking, "error": error}
    return render(request, "appointments/cancel.html", context, status=400 if error else 200)


# --- The office --------------------------------------------------------------


@office_view
@require_safe
def agenda(request: HttpRequest) -> HttpResponse:
    authorize(staff(request), Action.VIEW_CASES)
    form = DayForm(request.GET if "day" in request.GET else None)
    day = form.cleaned_data["day"] if form.is_bound and form.is_valid() else timezone.localdate()
    if not form.is_bound:
        form = DayForm(initial={"day": day})
    context = {
        "section": "agenda",
        "form": form,
        "day": day,
        "bookings": selectors.agenda(day),
        "next_days": selectors.days_with_bookings(day),
        "can_mark": can(staff(request), Action.EDIT_CASES) and day <= timezone.localdate(),
        "Status": Booking.Status,
    }
    return render(request, "appointments/agenda.html", context)


@office_view
@require_POST
def mark(request: HttpRequest, booking_id: int) -> HttpResponse:
    try:
        booking = services.mark(actor=staff(request), booking_id=booking_id, status=request.POST.get("status", ""))
    except CaseError as error:
        messages.error(request, " ".join(error.messages))
        booking = Booking.objects.get(pk=booking_id)
    return redirect(f"{reverse('appointments:agenda')}?day={booking.day.isoformat()}")


def _manage(request: HttpRequest) -> None:
    authorize(staff(request), Action.MANAGE_OFFICE)


@office_view
@require_http_methods(["GET", "HEAD", "POST"])
def slots(request: HttpRequest) -> HttpResponse:
    """The weekly timetable and the dates that differ from it."""
    _manage(request)
    slot_form = WeeklySlotForm(request.POST if request.POST.get("form") == "slot" else None, prefix="slot")
    exception_form = SlotExceptionForm(
        request.POST if request.POST.get("form") == "exception" else None, prefix="exception"
    )
    if request.method == "POST":
        bound: forms.Form = slot_form if slot_form.is_bound else exception_form
        if bound.is_bound and bound.is_valid():
            data = bound.cleaned_data
            try:
                if bound is slot_form:
                    services.add_weekly_slot(actor=staff(request), **data)
                else:
                    services.set_exception(actor=staff(request), **data)
            except CaseError as error:
                service_errors(bound, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("appointments:slots")
    context = {
        "section": "agenda",
        "weekly": selectors.weekly_slots(),
        "exceptions": selectors.exceptions_from(timezone.localdate()),
        "slot_form": slot_form,
        "exception_form": exception_form,
    }
    status = 400 if any(form.is_bound and form.errors for form in (slot_form, exception_form)) else 200
    return render(request, "appointments/slots.html", context, status=status)


@office_view
@require_POST
def slot_toggle(request: HttpRequest, slot_id: int) -> HttpResponse:
    services.set_weekly_slot_active(actor=staff(request), slot_id=slot_id, active=request.POST.get("active") == "1")
    return redirect("appointments:slots")


@office_view
@require_POST
def exception_delete(request: HttpRequest, exception_id: int) -> HttpResponse:
    services.delete_exception(actor=staff(request), exception_id=exception_id)
    return redirect("appointments:slots")


@office_view
@require_http_methods(["GET", "HEAD", "POST"])
def closures(request: HttpRequest) -> HttpResponse:
    _manage(request)
    form = ClosureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_closure(actor=staff(request), **form.cleaned_data)
        except CaseError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("appointments:closures")
    context: dict[str, Any] = {
        "section": "agenda",
        "form": form,
        "closures": selectors.closures_from(timezone.localdate()),
    }
    return render(request, "appointments/closures.html", context, status=400 if form.errors else 200)


@office_view
@require_POST
def closure_delete(request: HttpRequest, closure_id: int) -> HttpResponseBase:
    services.delete_closure(actor=staff(request), closure_id=closure_id)
    return redirect("appointments:closures")
