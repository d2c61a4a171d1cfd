"""Shapes of the API: what comes in (checked for types and sizes only) and what goes out.

The rules (which statuses follow which, consent before a referral, valid
phone numbers, ...) are the services'; an input serializer only makes sure
the service receives values of the right type, that fit their columns.
Identity numbers never leave the office through the API: a document shows
its kind and last characters only.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from dataclasses import fields
from typing import Any, TypeVar

from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases import dates, selectors, workflow
from cases.models import (
    LANGUAGES,
    Attachment,
    Campaign,
    Case,
    CaseEvent,
    Category,
    Consent,
    IdentityDocument,
    IncomingTransfer,
    LocalService,
    OutgoingTransfer,
    Person,
    PersonLink,
    Referral,
)
from cases.services import transfers
from cases.services.people import PersonInput
from jisr.accounts.models import User
from jisr.wording import in_language
from network.models import ExternalService

# --- Fields ----------------------------------------------------------------


class CodeField(serializers.CharField):
    """A code the service checks against its choices (and explains when wrong); the schema lists them."""

    def __init__(self, choices: Iterable[tuple[str, Any]], **kwargs: Any) -> None:
        self.choices = list(choices)
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)


class CodeFieldSchema(OpenApiSerializerFieldExtension):
    target_class = CodeField

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        target: CodeField = self.target
        as_choices = serializers.ChoiceField(
            choices=target.choices, allow_blank=target.allow_blank, allow_null=target.allow_null
        )
        return auto_schema._map_serializer_field(as_choices, direction)


def _id_field(queryset: Any, **kwargs: Any) -> serializers.PrimaryKeyRelatedField[Any]:
    return serializers.PrimaryKeyRelatedField(queryset=queryset, **kwargs)


def _refuse_dates(problems: list[dates.Problem]) -> None:
    """The plausible-dates rules (cases.dates) at the API's edge: a 400 naming each field, never a 500 later."""
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.field, []).append(problem.message)
    if errors:
        raise serializers.ValidationError(errors)


# --- References to other objects --------------------------------------------


_M = TypeVar("_M", bound=Model)


class OfficeModelSerializer(serializers.ModelSerializer[_M]):
    """A model serializer whose schema says what an answer may really hold: a read-only field of a model field
    that may be blank keeps "" among its values (DRF drops `allow_blank` from read-only fields, and the schema
    would then promise a choice, or an e-mail address, that an empty field does not give). Found by fuzzing
    the API against its own schema (tests/security/test_api_fuzz.py)."""

    def build_standard_field(
        self, field_name: str, model_field: Any
    ) -> tuple[type[serializers.Field[Any, Any, Any, Any]], dict[str, Any]]:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if getattr(model_field, "blank", False) and issubclass(field_class, serializers.EmailField):
            field_class = serializers.CharField  # "" is no e-mail address: a text that holds one, or nothing
        return field_class, kwargs

    def include_extra_kwargs(
        self, kwargs: MutableMapping[str, Any], extra_kwargs: MutableMapping[str, Any]
    ) -> MutableMapping[str, Any]:
        blank = kwargs.get("allow_blank", False)
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if blank and kwargs.get("read_only"):
            kwargs["allow_blank"] = True
        return kwargs


class PersonRefSerializer(OfficeModelSerializer[Person]):
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = Person
        fields = ["id", "display_name"]


class StaffRefSerializer(OfficeModelSerializer[User]):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = User
        fields = ["id", "name"]


class CategorySerializer(OfficeModelSerializer[Category]):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Category
        fields = ["code", "name", "name_fr", "name_ar", "name_en", "sla_business_days"]
        read_only_fields = fields


class CategoryRefSerializer(OfficeModelSerializer[Category]):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Category
        fields = ["code", "name"]


class CaseRefSerializer(OfficeModelSerializer[Case]):
    class Meta:
        model = Case
        fields = ["id", "reference"]


class ServiceRefSerializer(serializers.Serializer[Any]):
    scope = serializers.ChoiceField(choices=["regional", "local"])
    id = serializers.IntegerField()
    name = serializers.CharField()


# --- People ----------------------------------------------------------------


class PersonInputSerializer(serializers.Serializer[Any]):
    """What may be said about a person; the service normalises and checks it (cases.services.people)."""

    first_name_latin = serializers.CharField(required=False, allow_blank=True, max_length=100)
    last_name_latin = serializers.CharField(required=False, allow_blank=True, max_length=100)
    first_name_ar = serializers.CharField(required=False, allow_blank=True, max_length=100)
    last_name_ar = serializers.CharField(required=False, allow_blank=True, max_length=100)
    sex = CodeField(Person.Sex.choices, required=False, allow_blank=True)
    birth_year = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=9999)
    generation = CodeField(Person.Generation.choices, required=False, allow_blank=True)
    status = CodeField(Person.Status.choices, required=False)
    residence_country = serializers.CharField(
        required=False, allow_blank=True, max_length=10, help_text=_("ISO 3166 country code, e.g. FR")
    )
    residence_city = serializers.CharField(required=False, allow_blank=True, max_length=100)
    nationalities = serializers.ListField(
        child=serializers.CharField(max_length=10), required=False, max_length=20, help_text=_("ISO country codes")
    )
    phone = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text=_("with its country code, e.g. +33 6 12 34 56 78")
    )
    whatsapp = serializers.CharField(required=False, allow_blank=True, max_length=40)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    preferred_language = CodeField(LANGUAGES, required=False)


def person_input(data: dict[str, Any], *, current: Person | None = None) -> PersonInput:
    """The service's input: the values sent, over the person's current ones for a partial update."""
    values: dict[str, Any] = {}
    if current is not None:
        values = {item.name: getattr(current, item.name) for item in fields(PersonInput)}
        values["residence_country"] = str(current.residence_country or "")
        values["nationalities"] = [str(country) for country in current.nationalities]
    values.update(data)
    return PersonInput.from_data(values)


class PersonSerializer(OfficeModelSerializer[Person]):
    display_name = serializers.CharField(read_only=True)
    age_band = serializers.CharField(read_only=True)
    residence_country = serializers.CharField(read_only=True)
    nationalities = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Person
        fields = [
            "id", "display_name", "first_name_latin", "last_name_latin", "first_name_ar", "last_name_ar",
            "sex", "birth_year", "age_band", "generation", "status", "residence_country", "residence_city",
            "nationalities", "phone", "whatsapp", "email", "preferred_language", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class DocumentSerializer(OfficeModelSerializer[IdentityDocument]):
    """An identity document, masked: its kind and the last characters of its number."""

    hint = serializers.CharField(source="number_hint", read_only=True)

    class Meta:
        model = IdentityDocument
        fields = ["id", "kind", "hint", "created_at"]
        read_only_fields = fields


class DocumentInputSerializer(serializers.Serializer[Any]):
    kind = CodeField(IdentityDocument.Kind.choices)
    number = serializers.CharField(max_length=40, help_text=_("stored encrypted; never shown again in full"))


class ConsentSerializer(OfficeModelSerializer[Consent]):
    in_force = serializers.BooleanField(read_only=True)

    class Meta:
        model = Consent
        fields = ["id", "purpose", "channel", "given_on", "withdrawn_on", "in_force", "recorded_at"]
        read_only_fields = fields


class ConsentInputSerializer(serializers.Serializer[Any]):
    purpose = CodeField(Consent.Purpose.choices)
    channel = CodeField(Consent.Channel.choices)
    given_on = serializers.DateField(
        required=False, allow_null=True, help_text=_("default: today; from 2000-01-01 to today")
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _refuse_dates(dates.happened(attrs.get("given_on"), "given_on"))
        return attrs


class LinkSerializer(OfficeModelSerializer[PersonLink]):
    other = PersonRefSerializer(read_only=True)

    class Meta:
        model = PersonLink
        fields = ["id", "kind", "other", "created_at"]
        read_only_fields = fields


class LinkedFromSerializer(OfficeModelSerializer[PersonLink]):
    person = PersonRefSerializer(read_only=True)

    class Meta:
        model = PersonLink
        fields = ["id", "kind", "person", "created_at"]
        read_only_fields = fields


class LinkInputSerializer(serializers.Serializer[Any]):
    kind = CodeField(PersonLink.Kind.choices)
    other = _id_field(Person.objects.all(), help_text=_("id of the other person"))


class PersonDetailSerializer(PersonSerializer):
    documents = DocumentSerializer(many=True, read_only=True)
    consents = ConsentSerializer(many=True, read_only=True)
    links = LinkSerializer(many=True, read_only=True)
    linked_from = LinkedFromSerializer(many=True, read_only=True)

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "documents", "consents", "links", "linked_from"]
        read_only_fields = fields


# --- Cases -----------------------------------------------------------------


class CaseSerializer(OfficeModelSerializer[Case]):
    person = PersonRefSerializer(read_only=True)
    category = CategoryRefSerializer(read_only=True)
    assigned_to = StaffRefSerializer(read_only=True, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Case
        fields = [
            "id", "reference", "person", "kind", "category", "channel", "subject", "status", "assigned_to",
            "opened_on", "due_on", "is_overdue", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class AttachmentSerializer(OfficeModelSerializer[Attachment]):
    download = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "uploaded_at", "download"]
        read_only_fields = fields

    def get_download(self, attachment: Attachment) -> str:
        return reverse("api:case-attachment", kwargs={"pk": attachment.case_id, "attachment_id": attachment.pk})


class ReferralSerializer(OfficeModelSerializer[Referral]):
    case = CaseRefSerializer(read_only=True)
    service = serializers.SerializerMethodField()
    consent_overridden = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "id", "case", "service", "purpose", "verification_code", "outcome", "outcome_note", "sent_on",
            "outcome_on", "remind_after_days", "last_reminder_on", "consent_overridden", "consent_override_reason",
            "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(ServiceRefSerializer)
    def get_service(self, referral: Referral) -> dict[str, Any]:
        if referral.regional_service is not None:
            return {"scope": "regional", "id": referral.regional_service_id, "name": referral.service_name}
        return {"scope": "local", "id": referral.local_service_id, "name": referral.service_name}

    def get_consent_overridden(self, referral: Referral) -> bool:
        return referral.consent_override_by_id is not None


class CaseDetailSerializer(CaseSerializer):
    campaigns: serializers.PrimaryKeyRelatedField[Campaign] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )
    next_statuses = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)
    referrals = ReferralSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields, "description", "campaigns", "answered_at", "closed_at", "next_statuses",
            "attachments", "referrals",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=CodeField(Case.Status.choices)))
    def get_next_statuses(self, case: Case) -> list[str]:
        return workflow.next_statuses(case.status)


class EventSerializer(OfficeModelSerializer[CaseEvent]):
    actor = StaffRefSerializer(read_only=True, allow_null=True)
    platform_note = serializers.CharField(
        source="note_text",
        read_only=True,
        help_text=_("What the platform noted (an import, a reminder, a referral), in the request's language."),
    )

    class Meta:
        model = CaseEvent
        fields = ["id", "kind", "from_status", "to_status", "platform_note", "body", "shareable", "actor", "at"]
        read_only_fields = fields


class CaseInputSerializer(serializers.Serializer[Any]):
    """The details of a case an agent may change (cases.services.cases.update_case)."""

    kind = CodeField(Case.Kind.choices)
    category = serializers.SlugRelatedField(
        slug_field="code", queryset=Category.objects.all(), help_text=_("category code (see /api/categories/)")
    )
    channel = CodeField(Case.Channel.choices)
    subject = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=20000, default="")
    campaigns = _id_field(Campaign.objects.all(), many=True, required=False, help_text=_("campaign ids"))


class CaseCreateSerializer(CaseInputSerializer):
    """A new case (cases.services.cases.open_case); campaigns running on `opened_on` by default.

    A case of the office's history may come with the days it was answered and closed (back-filling a register):
    each from 2000-01-01 to today, answered on or after the day received, closed on or after the day answered.
    """

    person = _id_field(Person.objects.all(), help_text=_("id of the person"))
    assigned_to = _id_field(User.objects.all(), required=False, allow_null=True, help_text=_("staff member's id"))
    opened_on = serializers.DateField(required=False, help_text=_("default: today; from 2000-01-01 to today"))
    answered_on = serializers.DateField(
        required=False, allow_null=True, help_text=_("history: the day the case was answered (it is then answered)")
    )
    closed_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("history: the day the case was closed (it is then closed; answered that day if not earlier)"),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _refuse_dates(
            dates.case_dates(
                opened_on=attrs.get("opened_on") or timezone.localdate(),
                answered_on=attrs.get("answered_on"),
                closed_on=attrs.get("closed_on"),
            )
        )
        return attrs


class TransitionSerializer(serializers.Serializer[Any]):
    to_status = CodeField(Case.Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    expected_status = CodeField(
        Case.Status.choices,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("the status you saw; if the case moved meanwhile, nothing happens (409)"),
    )


class AnswerAndCloseSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    expected_status = CodeField(
        Case.Status.choices,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("the status you saw; if the case moved meanwhile, nothing happens (409)"),
    )


class AssignSerializer(serializers.Serializer[Any]):
    assigned_to = _id_field(User.objects.all(), allow_null=True, help_text=_("staff member's id, or null"))


class NoteSerializer(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=20000)
    shareable = serializers.BooleanField(
        required=False, default=False, help_text=_("shown to the person when they track their case")
    )


class AttachmentInputSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text=_("PDF, JPEG, PNG, WebP, Word, Excel or OpenDocument; at most 10 MB"))


# --- Referrals and the directory -------------------------------------------


class ReferralInputSerializer(serializers.Serializer[Any]):
    """One of the two services: the network's (`regional_service`) or the office's own (`local_service`)."""

    regional_service = _id_field(
        ExternalService.objects.all(), required=False, allow_null=True, help_text=_("id in the network's directory")
    )
    local_service = _id_field(
        LocalService.objects.all(), required=False, allow_null=True, help_text=_("id in the office's directory")
    )
    purpose = serializers.CharField(max_length=5000)
    consent_override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        default="",
        help_text=_("office head only: why the case is referred without the person's consent"),
    )
    remind_after_days = serializers.IntegerField(required=False, default=10, min_value=0, max_value=1000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The network's directory as this commune sees it, looked up at each request.
        self.fields["regional_service"].queryset = selectors.regional_services()  # type: ignore[attr-defined]


class ReferralCreateSerializer(ReferralInputSerializer):
    case = _id_field(Case.objects.all(), help_text=_("id of the case"))


class OutcomeSerializer(serializers.Serializer[Any]):
    outcome = CodeField(Referral.Outcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("default: today; not before the day the case was sent to the service, not in the future"),
    )
    close_case = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("a final answer that settles the case: the case is answered and closed in the same step"),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _refuse_dates(dates.happened(attrs.get("on"), "on"))
        return attrs


class DirectoryEntrySerializer(serializers.Serializer[Any]):
    scope = serializers.ChoiceField(choices=["regional", "local"])
    id = serializers.IntegerField()
    name = serializers.CharField()
    name_fr = serializers.CharField()
    name_ar = serializers.CharField()
    kind = serializers.CharField()
    address = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    website = serializers.CharField()
    contact_person = serializers.CharField()


# --- Transfers between offices ------------------------------------------------


class TransferInputSerializer(serializers.Serializer[Any]):
    """A case sent to another commune's office (cases.services.transfers.propose_transfer)."""

    to_commune = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        help_text=_("id of the receiving commune, among GET /api/transfers/communes/"),
    )
    reason = serializers.CharField(max_length=2000, allow_blank=True, help_text=_("why the case goes to that office"))
    consent = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("the person agrees that their data be sent to that office (Law 09.08): without it, a 400"),
    )
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, default="", help_text=_("note for the receiving office")
    )


class ReceivingCommuneSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    in_network = serializers.BooleanField(help_text=_("a member of one of this office's networks"))


class TransferOutcomeSerializer(serializers.Serializer[Any]):
    """How the receiving office stands with a case it accepted (cases.services.transfers.Outcome)."""

    office = serializers.SerializerMethodField()
    reference = serializers.CharField()
    status = CodeField(Case.Status.choices)
    answered_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)

    def get_office(self, outcome: transfers.Outcome) -> str:
        return in_language(outcome.office)


class OutgoingTransferSerializer(OfficeModelSerializer[OutgoingTransfer]):
    case = CaseRefSerializer(read_only=True)
    to_commune = serializers.IntegerField(source="to_commune_id", read_only=True)
    to_office = serializers.CharField(read_only=True, help_text=_("the receiving office, in the request's language"))
    outcome = serializers.SerializerMethodField(help_text=_("once accepted: how that office stands with the case"))

    class Meta:
        model = OutgoingTransfer
        fields = [
            "id", "case", "to_commune", "to_office", "status", "reason", "note", "consent_recorded_at",
            "created_at", "decided_at", "decline_reason", "received_reference", "outcome",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(TransferOutcomeSerializer(allow_null=True))
    def get_outcome(self, outgoing: OutgoingTransfer) -> dict[str, Any] | None:
        outcome = transfers.outcome_of(outgoing)
        return TransferOutcomeSerializer(outcome).data if outcome is not None else None


class IncomingTransferSerializer(OfficeModelSerializer[IncomingTransfer]):
    """The summary a receiving office sees before it answers: nothing more of the person or the case."""

    from_commune = serializers.IntegerField(source="from_commune_id", read_only=True)
    from_office = serializers.CharField(read_only=True, help_text=_("the sending office, in the request's language"))
    category = serializers.SerializerMethodField()
    person_name = serializers.CharField(read_only=True)
    needs_category = serializers.SerializerMethodField(
        help_text=_("this office has no category in use of that code: accepting needs `category`")
    )

    class Meta:
        model = IncomingTransfer
        fields = [
            "id", "from_commune", "from_office", "from_reference", "category", "needs_category", "kind", "subject",
            "reason", "note", "person_name", "sent_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(CategoryRefSerializer)
    def get_category(self, incoming: IncomingTransfer) -> dict[str, str]:
        return {"code": incoming.category_code, "name": incoming.category_label}

    def get_needs_category(self, incoming: IncomingTransfer) -> bool:
        return selectors.same_category(incoming) is None


class AcceptInputSerializer(serializers.Serializer[Any]):
    category = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Category.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("code of this office's category, needed only when `needs_category`"),
    )


class DeclineInputSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(
        max_length=2000, allow_blank=True, help_text=_("why, for the office that sent the case")
    )
