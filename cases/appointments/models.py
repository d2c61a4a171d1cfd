"""Appointments at the office: the weekly timetable, the days it is closed, and the bookings.

A slot is a start time on a day. The weekly timetable (`WeeklySlot`) repeats;
`SlotException` changes one date (another capacity, 0 to drop it, or an extra
slot); `Closure` and the public holidays (cases.calendar) close whole days.
`SlotOccurrence` is the one row per day and time that bookings lock, so two
people can never take the last place at the same time.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import LANGUAGES, Category, NotifyBy

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class WeeklySlot(models.Model):
    weekday = models.PositiveSmallIntegerField(_("day of the week"), choices=WEEKDAYS)
    start = models.TimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=30)
    capacity = models.PositiveSmallIntegerField(_("places"), default=1)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("weekly slot")
        verbose_name_plural = _("weekly slots")
        ordering = ["weekday", "start"]
        constraints = [
            models.UniqueConstraint(fields=["weekday", "start"], name="appointments_weekly_slot_unique"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="appointments_weekly_slot_weekday"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="appointments_weekly_slot_capacity"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=480), name="appointments_weekly_slot_length"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}"


class SlotException(models.Model):
    """One date differs from the timetable: another number of places (0: no slot that day), or an extra slot."""

    day = models.DateField(_("date"))
    start = models.TimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=30)
    capacity = models.PositiveSmallIntegerField(_("places"), help_text=_("0 removes this slot on that date."))

    class Meta:
        verbose_name = _("slot exception")
        verbose_name_plural = _("slot exceptions")
        ordering = ["day", "start"]
        constraints = [
            models.UniqueConstraint(fields=["day", "start"], name="appointments_exception_unique"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=480), name="appointments_exception_length"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.start:%H:%M}: {self.capacity}"


class Closure(models.Model):
    """Days the office receives nobody by appointment (works, training, ...)."""

    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to (included)"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="appointments_closure_order")
        ]

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on}: {self.reason}"


class SlotOccurrence(models.Model):
    """A slot on a given day: the row a booking locks (SELECT ... FOR UPDATE) while it counts the places."""

    day = models.DateField()
    start = models.TimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "start"], name="appointments_occurrence_unique")]

    def __str__(self) -> str:
        return f"{self.day} {self.start:%H:%M}"


class Booking(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("booked")
        CANCELLED = "cancelled", _("cancelled")
        ATTENDED = "attended", _("came")
        NO_SHOW = "no_show", _("did not come")

    occurrence = models.ForeignKey(SlotOccurrence, on_delete=models.PROTECT, related_name="bookings")
    day = models.DateField(_("date"))
    start = models.TimeField(_("time"))
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"))
    name = models.CharField(_("name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=20)
    email = models.EmailField(_("e-mail"), blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=3, choices=LANGUAGES, default="fr")
    notify_by = models.CharField(_("told by"), max_length=10, choices=NotifyBy.choices, default=NotifyBy.EMAIL)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("subject")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.BOOKED)
    # sha256 of the cancellation token sent to the person; the token itself is never stored.
    cancel_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    consent_given_at = models.DateTimeField(editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["day", "start", "created_at"]
        indexes = [models.Index(fields=["day", "status"], name="appointments_booking_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.start:%H:%M} {self.name}"
