"""Forms of the daily work: people, intake, cases, referrals."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import dates, selectors, workflow
from cases.forms import DateInput, country_choices, date_problems
from cases.models import (
    CHOSEN_CHANNELS,
    LANGUAGES,
    Campaign,
    Case,
    Consent,
    IdentityDocument,
    LocalService,
    Person,
    PersonLink,
    Referral,
)
from network.models import ExternalService

BLANK = [("", "—")]


def _country_choices() -> list[Any]:
    return country_choices()


class PersonForm(forms.Form):
    """A person's particulars; cases.services.people checks and normalises them."""

    first_name_latin = forms.CharField(label=_("first name (Latin script)"), max_length=100, required=False)
    last_name_latin = forms.CharField(label=_("last name (Latin script)"), max_length=100, required=False)
    first_name_ar = forms.CharField(label=_("first name (Arabic script)"), max_length=100, required=False)
    last_name_ar = forms.CharField(label=_("last name (Arabic script)"), max_length=100, required=False)
    phone = forms.CharField(
        label=_("phone"),
        max_length=40,
        required=False,
        help_text=_("With the country code (+33 6…, 0034…); a number without one is Moroccan."),
    )
    whatsapp = forms.CharField(label=_("WhatsApp"), max_length=40, required=False)
    email = forms.CharField(label=_("e-mail"), max_length=254, required=False)
    sex = forms.ChoiceField(label=_("sex"), choices=BLANK + list(Person.Sex.choices), required=False)
    birth_year = forms.IntegerField(label=_("year of birth"), required=False, min_value=1900, max_value=2100)
    generation = forms.ChoiceField(
        label=_("generation"), choices=BLANK + list(Person.Generation.choices), required=False
    )
    status = forms.ChoiceField(label=_("status"), choices=Person.Status.choices, initial=Person.Status.MRE)
    residence_country = forms.ChoiceField(label=_("country of residence"), required=False)
    residence_city = forms.CharField(label=_("city of residence"), max_length=100, required=False)
    nationalities = forms.MultipleChoiceField(label=_("nationalities"), required=False)
    preferred_language = forms.ChoiceField(label=_("preferred language"), choices=LANGUAGES, initial="fr")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _country_choices()
        self.fields["residence_country"].choices = BLANK + choices  # type: ignore[attr-defined]
        self.fields["nationalities"].choices = choices  # type: ignore[attr-defined]
        self.fields["nationalities"].widget.attrs["size"] = 4
        for name in ("first_name_ar", "last_name_ar"):
            self.fields[name].widget.attrs.update({"dir": "rtl", "lang": "ar"})
        for name in ("phone", "whatsapp", "email"):
            self.fields[name].widget.attrs.update({"dir": "ltr", "inputmode": "email" if name == "email" else "tel"})
        for name in ("first_name_latin", "last_name_latin", "first_name_ar", "last_name_ar", "phone"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    @staticmethod
    def initial_for(person: Person) -> dict[str, object]:
        return {
            name: (list(person.nationalities) if name == "nationalities" else getattr(person, name))
            for name in PersonForm.base_fields
        } | {"residence_country": str(person.residence_country or "")}


class ErasureForm(forms.Form):
    """The erasure of a person's personal data: why, and that it cannot be undone."""

    reason = forms.CharField(
        label=_("reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the person's written request and its date. Kept in the audit log."),
    )
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone."))


class ConsentChoicesForm(forms.Form):
    """Consents asked at the counter, with how they were given."""

    consents = forms.MultipleChoiceField(
        label=_("The person agrees to"),
        choices=Consent.Purpose.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent_channel = forms.ChoiceField(
        label=_("consent given"), choices=Consent.Channel.choices, initial=Consent.Channel.VISIT
    )


class CaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Case.Kind.choices, initial=Case.Kind.REQUEST)
    category = forms.ModelChoiceField(label=_("category"), queryset=selectors.active_categories(), empty_label="—")
    channel = forms.ChoiceField(label=_("channel"), choices=CHOSEN_CHANNELS, initial=Case.Channel.VISIT)
    subject = forms.CharField(label=_("subject"), max_length=200)
    description = forms.CharField(label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    assigned_to = forms.ModelChoiceField(
        label=_("assigned to"), queryset=selectors.assignable_staff(), required=False, empty_label="—"
    )
    campaigns = forms.ModelMultipleChoiceField(
        label=_("campaigns"),
        queryset=Campaign.objects.none(),
        required=False,
        help_text=_("Left empty, the campaigns running today are tagged."),
    )

    def __init__(self, *args: Any, editing: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        recent = Q(ends_on__gte=timezone.localdate().replace(month=1, day=1))
        if editing is not None:
            # An existing case keeps its category even if it is no longer in use.
            self.fields["category"].queryset = selectors.active_categories() | type(editing.category).objects.filter(  # type: ignore[attr-defined]
                pk=editing.category_id
            )
            recent |= Q(pk__in=editing.campaigns.values("pk"))
            del self.fields["assigned_to"]
            if editing.channel == Case.Channel.TRANSFERRED:  # how a transfer brought it: it stays so
                self.fields["channel"].choices = [(editing.channel, editing.get_channel_display())]  # type: ignore[attr-defined]
        self.fields["campaigns"].queryset = Campaign.objects.filter(recent)  # type: ignore[attr-defined]


class TransitionForm(forms.Form):
    """A move of the workflow: the statuses the case may take from `status` (any, when not given), and
    "answered and closed" in one step where the workflow allows both moves (cases.workflow)."""

    to_status = forms.ChoiceField(label=_("new status"), choices=Case.Status.choices)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    expected_status = forms.ChoiceField(choices=Case.Status.choices, widget=forms.HiddenInput)

    def __init__(self, *args: Any, status: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        statuses = workflow.next_statuses(status) if status is not None else list(Case.Status.values)
        choices: list[tuple[str, Any]] = []
        for value in statuses:
            choices.append((value, Case.Status(value).label))
            if value == Case.Status.ANSWERED and (status is None or workflow.answers_and_closes(status)):
                choices.append((workflow.ANSWER_AND_CLOSE, _("answered and closed, in one step")))
        self.fields["to_status"].choices = choices  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    assigned_to = forms.ModelChoiceField(
        label=_("assigned to"), queryset=selectors.assignable_staff(), required=False, empty_label=_("nobody")
    )


class NoteForm(forms.Form):
    body = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    shareable = forms.BooleanField(
        label=_("the person may see this note"),
        required=False,
        help_text=_("Otherwise the note stays internal to the office."),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("document"), help_text=_("PDF, image, Word, Excel or OpenDocument; 10 MB at most."))


class ReferralForm(forms.Form):
    service = forms.ChoiceField(label=_("service"))
    purpose = forms.CharField(label=_("what the service is asked"), widget=forms.Textarea(attrs={"rows": 3}))
    remind_after_days = forms.IntegerField(
        label=_("remind after (business days)"), initial=10, min_value=1, max_value=90
    )
    consent_override_reason = forms.CharField(
        label=_("reason for referring without consent"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only the office head can refer without the person's consent, and must say why."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regional = [(f"r{s.pk}", s.name) for s in selectors.regional_services()]
        local = [(f"l{s.pk}", s.name) for s in LocalService.objects.filter(active=True)]
        self.fields["service"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            (_("Services of the office"), local),
            (_("Regional directory"), regional),
        ]

    def chosen_service(self) -> dict[str, object]:
        """{'regional_service': ...} or {'local_service': ...} for the services."""
        value: str = self.cleaned_data["service"]
        if value.startswith("r"):
            return {"regional_service": ExternalService.objects.get(pk=int(value[1:]))}
        return {"local_service": LocalService.objects.get(pk=int(value[1:]))}


class OutcomeForm(forms.Form):
    """What a service did about `referral`, on which day; and, in the same step, whether its answer settles
    the case (answered and closed)."""

    outcome = forms.ChoiceField(
        label=_("outcome"), choices=[c for c in Referral.Outcome.choices if c[0] != Referral.Outcome.SENT]
    )
    note = forms.CharField(label=_("answer of the service"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    on = forms.DateField(label=_("on"), required=False, widget=DateInput())
    close_case = forms.BooleanField(
        label=_("This answer settles the case: answer and close it"),
        required=False,
        help_text=_("Only when no other service is still awaited."),
    )

    def __init__(self, *args: Any, referral: Referral, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.referral = referral
        self.fields["on"].widget.attrs.update(
            {"min": referral.sent_on.isoformat(), "max": timezone.localdate().isoformat()}
        )
        if not workflow.answers_and_closes(referral.case.status):  # e.g. a case closed meanwhile
            del self.fields["close_case"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "on" in data:
            date_problems(self, dates.answer_date(sent_on=self.referral.sent_on, answered_on=data["on"]))
        return data


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=IdentityDocument.Kind.choices)
    number = forms.CharField(label=_("number"), max_length=40, widget=forms.TextInput(attrs={"autocomplete": "off"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Ids of its own: the person's page also shows the link form, whose "kind" would take the same id.
        kwargs.setdefault("auto_id", "id_document_%s")
        super().__init__(*args, **kwargs)


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("purpose"), choices=Consent.Purpose.choices)
    channel = forms.ChoiceField(label=_("how it was given"), choices=Consent.Channel.choices)
    given_on = forms.DateField(label=_("given on"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        date_problems(self, dates.happened(data.get("given_on"), "given_on"))
        return data


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("relation"), choices=PersonLink.Kind.choices)
    other = forms.IntegerField(widget=forms.HiddenInput, required=False)
    other_query = forms.CharField(label=_("of (name or phone)"), max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_link_%s")  # as DocumentForm's: both have a "kind"
        super().__init__(*args, **kwargs)


class CaseFilterForm(forms.Form):
    """The filters of the case list, read from the query string; bad values are dropped, not fatal."""

    q = forms.CharField(label=_("search"), required=False)
    status = forms.ChoiceField(
        label=_("status"), required=False, choices=[("", _("any")), ("open", _("open")), *list(Case.Status.choices)]
    )
    kind = forms.ChoiceField(label=_("kind"), required=False, choices=[("", _("any")), *list(Case.Kind.choices)])
    category = forms.ChoiceField(label=_("category"), required=False)
    channel = forms.ChoiceField(
        label=_("channel"), required=False, choices=[("", _("any")), *list(Case.Channel.choices)]
    )
    assigned = forms.ChoiceField(label=_("assigned to"), required=False)
    campaign = forms.ChoiceField(label=_("campaign"), required=False)
    overdue = forms.BooleanField(label=_("overdue only"), required=False)
    opened_from = forms.DateField(label=_("opened from"), required=False, widget=DateInput())
    opened_to = forms.DateField(label=_("opened until"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("any"))] + [  # type: ignore[attr-defined]
            (c.code, c.name) for c in selectors.all_categories()
        ]
        self.fields["assigned"].choices = [("", _("anyone")), ("me", _("me")), ("none", _("nobody"))] + [  # type: ignore[attr-defined]
            (str(u.pk), str(u)) for u in selectors.assignable_staff()
        ]
        self.fields["campaign"].choices = [("", _("any"))] + [  # type: ignore[attr-defined]
            (str(c.pk), c.name) for c in Campaign.objects.all()
        ]

    def filters(self) -> selectors.CaseFilters:
        data = self.cleaned_data if self.is_valid() else dict(getattr(self, "cleaned_data", {}).items())
        return selectors.CaseFilters(
            status=data.get("status") or "",
            category=data.get("category") or "",
            channel=data.get("channel") or "",
            kind=data.get("kind") or "",
            assigned=data.get("assigned") or "",
            overdue=bool(data.get("overdue")),
            campaign=data.get("campaign") or "",
            query=data.get("q") or "",
            opened_from=data.get("opened_from"),
            opened_to=data.get("opened_to"),
        )


class SavedViewForm(forms.Form):
    name = forms.CharField(label=_("name of the view"), max_length=80)
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)
