"""Forms of the office's settings pages and of its audit log.

They check shapes only (a date is a date, an e-mail an e-mail); the rules
(days to answer, one holiday a day, a campaign's dates in order, who may
do it) are the services'. Labels come from the models, translated once there.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cases.forms import DateInput
from cases.models import Activity, AuditEntry, Campaign, Category, Consent, Holiday, LocalService
from jisr.accounts.models import Invitation, Role, User
from network.models import ExternalService
from tenants.models import Commune
from tenants.services import OfficeContacts


def model_field(model: type[models.Model], name: str, **kwargs: Any) -> forms.Field:
    """The form field a model field asks for: its label, its limits, its choices."""
    field = model._meta.get_field(name).formfield(**kwargs)  # type: ignore[union-attr]
    if field is None:  # pragma: no cover - only for fields that are not editable
        raise ValueError(f"{model.__name__}.{name} has no form field")
    return field


def label_of(model: type[models.Model], name: str) -> str:
    return capfirst(model._meta.get_field(name).verbose_name)  # type: ignore[union-attr, return-value]


class CategoryForm(forms.Form):
    name_fr = model_field(Category, "name_fr")
    name_ar = model_field(Category, "name_ar", widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}))
    name_en = model_field(Category, "name_en")
    sla_business_days = model_field(
        Category,
        "sla_business_days",
        help_text=_("Business days: weekends and public holidays do not count."),
        min_value=None,  # the service says what is allowed (1 to 365), in its words
        widget=forms.NumberInput(attrs={"min": 1, "max": 365}),
    )
    active = model_field(Category, "active", help_text=_("Categories no longer in use stay on their past cases."))

    @classmethod
    def of(cls, category: Category) -> CategoryForm:
        return cls(initial={name: getattr(category, name) for name in cls.base_fields})


class HolidayForm(forms.Form):
    day = model_field(Holiday, "day", widget=DateInput())
    name_fr = model_field(Holiday, "name_fr")
    name_ar = model_field(Holiday, "name_ar", widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}))


class CampaignForm(forms.Form):
    name = model_field(Campaign, "name")
    kind = model_field(Campaign, "kind")
    starts_on = model_field(Campaign, "starts_on", widget=DateInput())
    ends_on = model_field(Campaign, "ends_on", widget=DateInput())
    description = model_field(Campaign, "description", widget=forms.Textarea(attrs={"rows": 4}))

    @classmethod
    def of(cls, campaign: Campaign) -> CampaignForm:
        return cls(initial={name: getattr(campaign, name) for name in cls.base_fields})


class ActivityForm(forms.Form):
    kind = model_field(Activity, "kind")
    subject = model_field(Activity, "subject")
    place = model_field(Activity, "place")
    day = model_field(Activity, "day", widget=DateInput())
    notes = model_field(Activity, "notes", widget=forms.Textarea(attrs={"rows": 3}))


def service_kinds(current: str = "") -> list[tuple[str, str]]:
    """The kinds of the network's directory, so both directories speak alike; an old free-text kind is kept."""
    choices = [(value, str(label)) for value, label in ExternalService.Kind.choices]
    if current and current not in dict(choices):
        choices.append((current, current))
    return choices


def kind_label(kind: str) -> str:
    return dict(service_kinds(kind))[kind] if kind else ""


class LocalServiceForm(forms.Form):
    name_fr = model_field(LocalService, "name_fr")
    name_ar = model_field(LocalService, "name_ar", widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}))
    kind = forms.ChoiceField(label=label_of(LocalService, "kind"))
    address = model_field(LocalService, "address")
    # Typed as people write it (spaces, dashes, a leading 0); the service keeps the international form.
    phone = forms.CharField(
        label=label_of(LocalService, "phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel", "autocomplete": "off"}),
    )
    email = model_field(LocalService, "email", widget=forms.EmailInput(attrs={"dir": "ltr"}))
    contact_person = model_field(LocalService, "contact_person")
    active = model_field(
        LocalService,
        "active",
        help_text=_("A service is never deleted: untick this and it leaves the choices, past referrals keep it."),
    )

    def __init__(self, *args: Any, current_kind: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = service_kinds(current_kind)  # type: ignore[attr-defined]

    @classmethod
    def of(cls, service: LocalService) -> LocalServiceForm:
        return cls(
            initial={name: getattr(service, name) for name in cls.base_fields},
            current_kind=service.kind,
        )


def _in(language: str) -> dict[str, str]:
    """The attributes of an input for text in `language`: its direction and language for the browser."""
    return {"dir": "rtl" if language == "ar" else "ltr", "lang": language}


class OfficeContactsForm(forms.Form):
    """The office's public page (tenants.services.OfficeContacts): each text in each language, then contacts."""

    office_name_ar = model_field(Commune, "office_name_ar", widget=forms.TextInput(attrs=_in("ar")))
    office_name_fr = model_field(Commune, "office_name_fr", widget=forms.TextInput(attrs=_in("fr")))
    office_name_en = model_field(Commune, "office_name_en", widget=forms.TextInput(attrs=_in("en")))
    address_ar = model_field(Commune, "address_ar", widget=forms.TextInput(attrs=_in("ar")))
    address_fr = model_field(Commune, "address_fr", widget=forms.TextInput(attrs=_in("fr")))
    address_en = model_field(Commune, "address_en", widget=forms.TextInput(attrs=_in("en")))
    opening_hours_ar = model_field(Commune, "opening_hours_ar", widget=forms.TextInput(attrs=_in("ar")))
    opening_hours_fr = model_field(Commune, "opening_hours_fr", widget=forms.TextInput(attrs=_in("fr")))
    opening_hours_en = model_field(Commune, "opening_hours_en", widget=forms.TextInput(attrs=_in("en")))
    # Typed as people write them; the service keeps the international form.
    phone = forms.CharField(
        label=label_of(Commune, "phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel", "autocomplete": "off"}),
    )
    whatsapp = forms.CharField(
        label=label_of(Commune, "whatsapp"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel", "autocomplete": "off"}),
    )
    email = model_field(Commune, "email", widget=forms.EmailInput(attrs={"dir": "ltr"}))
    map_url = model_field(Commune, "map_url", assume_scheme="https", widget=forms.URLInput(attrs={"dir": "ltr"}))

    @classmethod
    def of(cls, commune: Commune) -> OfficeContactsForm:
        return cls(initial={name: getattr(commune, name) for name in cls.base_fields})

    def contacts(self) -> OfficeContacts:
        return OfficeContacts(**{name: self.cleaned_data[name] or "" for name in self.base_fields})


OFFICE_ROLE_CHOICES = [(role.value, role.label) for role in (Role.AGENT, Role.OFFICE_HEAD, Role.VIEWER, Role.AUDITOR)]


class InvitationForm(forms.Form):
    email = model_field(Invitation, "email", widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "off"}))
    full_name = model_field(Invitation, "full_name")
    role = forms.ChoiceField(label=label_of(Invitation, "role"), choices=OFFICE_ROLE_CHOICES)
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=settings.LANGUAGES,
        initial="fr",
        help_text=_("The invitation e-mail is written in this language."),
    )


class DateRangeForm(forms.Form):
    """Filters with a period (`date_from`, `date_to`): a period that ends before it starts is an error."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("This date is before the first one."))
        return data


class ConsentFilterForm(DateRangeForm):
    """The consent register's filters. A filter that does not parse is reported and left out."""

    purpose = forms.ChoiceField(label=_("purpose"), required=False, choices=[("", _("any")), *Consent.Purpose.choices])
    state = forms.ChoiceField(
        label=_("state"),
        required=False,
        choices=[("", _("any")), ("in_force", _("in force")), ("withdrawn", _("withdrawn"))],
    )
    date_from = forms.DateField(label=_("Given from"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Given until"), required=False, widget=DateInput())


class AuditFilterForm(DateRangeForm):
    """The audit log's filters. A filter that does not parse is reported and left out."""

    who = forms.ChoiceField(label=label_of(AuditEntry, "actor"), required=False)
    action = forms.ChoiceField(
        label=label_of(AuditEntry, "action"),
        required=False,
        choices=[("", _("any")), *AuditEntry.Action.choices],
    )
    target_type = forms.ChoiceField(label=label_of(AuditEntry, "target_type"), required=False)
    target_id = forms.IntegerField(label=_("Number"), required=False, min_value=1, max_value=2**63 - 1)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args: Any, staff: list[User], target_types: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["who"].choices = [("", _("anyone")), *((str(user.pk), str(user)) for user in staff)]  # type: ignore[attr-defined]
        self.fields["target_type"].choices = [("", _("anything")), *target_types]  # type: ignore[attr-defined]
