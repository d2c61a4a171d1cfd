"""Forms of appointments: shapes at the edge; the services decide the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cases.appointments.models import WEEKDAYS
from cases.forms import DateInput, notify_by_field
from cases.models import Category, NotifyBy


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class BookingForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    notify_by = notify_by_field(
        _("How should we send you the confirmation and the reminder?"),
        help_text=_("WhatsApp and SMS go to the phone number below."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        help_text=_("With the country code if it is not a Moroccan number, e.g. +33 6 12 34 56 78."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "dir": "ltr"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        help_text=_(
            "Needed if you choose e-mail. If you give it with WhatsApp or SMS, the confirmation is sent here too."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    preferred_language = forms.ChoiceField(label=_("Language of our messages"), choices=settings.LANGUAGES)
    category = forms.ModelChoiceField(
        label=_("Subject (optional)"), queryset=Category.objects.none(), required=False, empty_label=_("—")
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the office records these details to manage my appointment "
            "(Law 09-08 on the protection of personal data)."
        ),
        required=True,
        error_messages={"required": _("We need your agreement to record your appointment.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Category.objects.filter(active=True)
        language = (get_language() or "fr")[:2]
        if language in dict(settings.LANGUAGES):
            self.fields["preferred_language"].initial = language

    def clean_notify_by(self) -> str:
        return str(self.cleaned_data.get("notify_by") or NotifyBy.EMAIL)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("notify_by") == NotifyBy.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Give an e-mail address, or choose WhatsApp or SMS."))
        return data


class CancelForm(forms.Form):
    confirm = forms.BooleanField(widget=forms.HiddenInput, initial=True)


class DayForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput())


class WeeklySlotForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Day of the week"), choices=WEEKDAYS[:5], coerce=int)
    start = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    duration_minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=5, max_value=480, initial=30)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=100, initial=1)


class SlotExceptionForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput())
    start = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    duration_minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=5, max_value=480, initial=30)
    capacity = forms.IntegerField(
        label=_("Places"), min_value=0, max_value=100, help_text=_("0 removes this slot on that date.")
    )


class ClosureForm(forms.Form):
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("To (included)"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=200)
