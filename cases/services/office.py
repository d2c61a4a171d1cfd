"""The office's own settings: categories, lunar holidays, campaigns, activities, its directory."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cases.errors import CaseError
from cases.models import Activity, AuditEntry, Campaign, Category, Holiday, LocalService
from cases.permissions import Action, authorize
from cases.services import audit
from jisr.accounts.models import User
from tenants import services as tenants
from tenants.models import Commune
from tenants.selectors import current_commune


def save_category(
    *, actor: User, category: Category | None, name_fr: str, name_ar: str, name_en: str = "",
    sla_business_days: int, active: bool = True,
) -> Category:  # fmt: skip
    authorize(actor, Action.MANAGE_OFFICE)
    errors = {}
    if not name_fr.strip():
        errors["name_fr"] = [_("The French name is required.")]
    if not name_ar.strip():
        errors["name_ar"] = [_("The Arabic name is required.")]
    if not 1 <= sla_business_days <= 365:
        errors["sla_business_days"] = [_("Between 1 and 365 business days.")]
    if errors:
        raise CaseError(errors)
    category = category or Category(code=_unique_code(name_fr))
    category.name_fr, category.name_ar, category.name_en = name_fr.strip(), name_ar.strip(), name_en.strip()
    category.sla_business_days, category.active = sla_business_days, active
    category.save()
    return category


def _unique_code(name: str) -> str:
    base = slugify(name)[:30] or "category"
    code, n = base, 1
    while Category.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


def add_holiday(*, actor: User, day: date, name_fr: str, name_ar: str) -> Holiday:
    """A local closure of the office (the national holidays need no entry: cases.calendar)."""
    authorize(actor, Action.MANAGE_OFFICE)
    if not name_fr.strip() or not name_ar.strip():
        raise CaseError({"name_fr": [_("Name the holiday in French and Arabic.")]})
    try:
        with transaction.atomic():
            return Holiday.objects.create(day=day, name_fr=name_fr.strip(), name_ar=name_ar.strip())
    except IntegrityError as error:
        raise CaseError({"day": [_("There is already a holiday on this day.")]}) from error


def remove_holiday(*, actor: User, holiday: Holiday) -> None:
    authorize(actor, Action.MANAGE_OFFICE)
    holiday.delete()


def save_campaign(
    *, actor: User, campaign: Campaign | None, name: str, kind: str, starts_on: date, ends_on: date,
    description: str = "",
) -> Campaign:  # fmt: skip
    authorize(actor, Action.MANAGE_OFFICE)
    errors = {}
    if not name.strip():
        errors["name"] = [_("Name the campaign.")]
    if kind not in Campaign.Kind.values:
        errors["kind"] = [_("Unknown kind.")]
    if ends_on < starts_on:
        errors["ends_on"] = [_("The campaign ends before it starts.")]
    if errors:
        raise CaseError(errors)
    campaign = campaign or Campaign()
    campaign.name, campaign.kind = name.strip(), kind
    campaign.starts_on, campaign.ends_on, campaign.description = starts_on, ends_on, description.strip()
    campaign.save()
    return campaign


def log_activity(*, actor: User, kind: str, subject: str, place: str, day: date, notes: str = "") -> Activity:
    """A line of the activity log: a meeting, a training, a radio programme, an open day."""
    authorize(actor, Action.EDIT_CASES)
    errors = {}
    if kind not in Activity.Kind.values:
        errors["kind"] = [_("Unknown kind.")]
    if not subject.strip():
        errors["subject"] = [_("Say what the activity was about.")]
    if errors:
        raise CaseError(errors)
    return Activity.objects.create(
        kind=kind, subject=subject.strip(), place=place.strip(), day=day, notes=notes.strip(), recorded_by=actor
    )


def save_local_service(
    *, actor: User, service: LocalService | None, name_fr: str, name_ar: str = "", kind: str, address: str = "",
    phone: str = "", email: str = "", contact_person: str = "", active: bool = True,
) -> LocalService:  # fmt: skip
    authorize(actor, Action.MANAGE_OFFICE)
    from cases.services.people import normalize_phone

    errors = {}
    if not name_fr.strip():
        errors["name_fr"] = [_("The French name is required.")]
    try:
        phone = normalize_phone(phone)
    except ValueError:
        errors["phone"] = [_("This is not a valid phone number.")]
    if errors:
        raise CaseError(errors)
    service = service or LocalService()
    for name, value in {
        "name_fr": name_fr.strip(), "name_ar": name_ar.strip(), "kind": kind.strip() or "other",
        "address": address.strip(), "phone": phone, "email": email.strip().lower(),
        "contact_person": contact_person.strip(), "active": active,
    }.items():  # fmt: skip
        setattr(service, name, value)
    service.save()
    return service


def save_office_contacts(*, actor: User, contacts: tenants.OfficeContacts) -> Commune:
    """The office's public page: its name, address and opening hours in each language, its phone, WhatsApp,
    e-mail and map link. Always the office of the request's host."""
    authorize(actor, Action.MANAGE_OFFICE)
    from cases.services.people import normalize_phone

    commune = current_commune()
    if commune is None:  # pragma: no cover - an office page always has its commune
        raise CaseError(_("This page belongs to a commune's office."))
    numbers, errors = {}, {}
    for name in ("phone", "whatsapp"):
        try:
            numbers[name] = normalize_phone(getattr(contacts, name))
        except ValueError:
            errors[name] = [_("This is not a valid phone number.")]
    if errors:
        raise CaseError(errors)
    with transaction.atomic():
        try:
            commune = tenants.update_office_contacts(commune=commune, contacts=replace(contacts, **numbers))
        except tenants.ProvisioningError as error:
            raise CaseError(error.message_dict) from error
        audit.record(actor=actor, action=AuditEntry.Action.UPDATE, target=commune, detail="office contacts")
    return commune
