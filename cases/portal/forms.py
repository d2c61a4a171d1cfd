"""The portal's forms: shapes at the edge; cases.portal.services decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cases.forms import country_choices, notify_by_field
from cases.models import Category, NotifyBy
from cases.portal.services import DESCRIPTION_MAX, MAX_FILES, contact_errors


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class RequestForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("What is it about?"), queryset=Category.objects.filter(active=True), empty_label=_("Choose…")
    )
    description = forms.CharField(
        label=_("Your request"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happened, what you need, any reference numbers. No identity numbers, please."),
    )
    attachments = MultipleFileField(
        label=_("Documents (optional)"),
        required=False,
        # Formatted when shown, in the page's language (a % here would fix it in the language of the start-up).
        help_text=format_lazy(
            _("Up to {n} files of 10 MB each: PDF, photos (JPEG, PNG, WebP), Word, Excel, OpenDocument."), n=MAX_FILES
        ),
    )
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    notify_by = notify_by_field(_("How should we tell you about your request?"))
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        help_text=_(
            "Needed if you choose e-mail. If you give it with WhatsApp or SMS, the reference of your request "
            "is sent here too."
        ),
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=30,
        required=False,
        help_text=_("Needed for WhatsApp or SMS. With its country code, e.g. +33 6 12 34 56 78."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "dir": "ltr"}),
    )
    residence_country = forms.ChoiceField(label=_("Country where you live"), required=False, choices=[])
    # The languages the platform writes in: a person's register entry may say Italian or Tamazight,
    # but the messages of the portal exist in these.
    preferred_language = forms.ChoiceField(
        label=_("Language for our messages"), choices=settings.LANGUAGES, initial="fr"
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the reception office of the commune processes the data in this form to handle my request "
            "and to contact me about it, under Law 09-08 on the protection of personal data. I can ask to see, "
            "correct or delete my data at the office."
        ),
        required=True,
        error_messages={"required": _("Your request can only be handled with your consent.")},
    )
    # The honeypot: hidden from people, filled by robots.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.fields["residence_country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = [("", "—"), *country_choices()]
        # Our messages in the language the visitor reads this page in, unless they choose another.
        page_language = (get_language() or "fr").split("-")[0]
        if page_language in dict(settings.LANGUAGES):
            self.fields["preferred_language"].initial = page_language
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean_notify_by(self) -> str:
        return str(self.cleaned_data.get("notify_by") or NotifyBy.EMAIL)

    def clean(self) -> dict[str, Any]:
        """The e-mail or the phone, whichever the chosen way to be told needs, next to its field."""
        data = super().clean() or {}
        if "notify_by" in data and "email" not in self.errors and "phone" not in self.errors:
            errors = contact_errors(
                notify_by=data["notify_by"], email=data.get("email", ""), phone=data.get("phone", "")
            )
            for field, messages in errors.items():
                for message in messages:
                    self.add_error(field, message)
        return data


class TrackForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference of the request"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "dir": "ltr"}),
    )
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("The code in the message that acknowledged your request, or a one-time code we sent you."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "dir": "ltr"}),
    )


class OneTimeCodeForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference of the request"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "dir": "ltr"}),
    )


class SurveyForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with how your request was handled?"),
        choices=[(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1: not at all, 5: very satisfied."),
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
