"""The portal's forms: shapes at the edge; cases.portal.services decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cases.models import LANGUAGES, Category
from cases.portal.services import DESCRIPTION_MAX, MAX_FILES


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
        help_text=_("Up to %(n)s files of 10 MB each: PDF, photos (JPEG, PNG, WebP), Word, Excel, OpenDocument.")
        % {"n": MAX_FILES},
    )
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(
        label=_("E-mail"), max_length=254, help_text=_("The reference of your request and its news are sent here.")
    )
    phone = forms.CharField(
        label=_("Phone or WhatsApp (optional)"),
        max_length=30,
        required=False,
        help_text=_("With its country code, e.g. +33 6 12 34 56 78."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    residence_country = forms.ChoiceField(label=_("Country where you live"), required=False, choices=[])
    preferred_language = forms.ChoiceField(label=_("Language for our messages"), choices=LANGUAGES, initial="fr")
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
        country.choices = [("", "—"), *countries]
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"


class TrackForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference of the request"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "dir": "ltr"}),
    )
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("The code in the acknowledgement e-mail, or a one-time code we sent you."),
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
