"""Provisioning communes: create, suspend, reactivate, delete; the pool of ready schemas.

Creating a commune must not make an operator wait while ~50 migrations run
(django-tenants' default, ~0.65 s) or a schema is cloned (~0.26 s, slower as
the catalog grows). A few migrated, empty schemas wait in a pool; creating a
commune renames one of them (`ALTER SCHEMA ... RENAME`, a catalog update
whose cost does not grow with the number of communes) and adds its rows,
in one transaction. The pool is refilled in the background.

A pooled schema is checked against the code's migrations before use: one
migrated before a new migration landed is brought up to date first, so a
stale schema is never handed out.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from jisr.accounts.models import Role
from network.models import Province
from tenants import codes, cross_schema
from tenants.models import RESERVED_SLUGS, Commune, Domain, code_validator, slug_validator

logger = logging.getLogger(__name__)

# Serialises pool refills across processes (pg_advisory_xact_lock key).
POOL_LOCK = 0x4A697372
# Serialises choosing commune codes, so two communes created at once never pick the same one.
CODE_LOCK = 0x4A697363


class ProvisioningError(ValidationError):
    """The commune cannot be created or changed as asked."""


@dataclass(frozen=True)
class OfficeContacts:
    """What the office's public page shows: its texts in each of jisr.wording.TEXT_LANGUAGES, its contacts."""

    office_name_ar: str = ""
    office_name_fr: str = ""
    office_name_en: str = ""
    address_ar: str = ""
    address_fr: str = ""
    address_en: str = ""
    opening_hours_ar: str = ""
    opening_hours_fr: str = ""
    opening_hours_en: str = ""
    phone: str = ""
    whatsapp: str = ""
    email: str = ""
    map_url: str = ""

    @classmethod
    def of(cls, commune: Commune) -> OfficeContacts:
        return cls(**{name: getattr(commune, name) for name in cls.__dataclass_fields__})


def commune_domain(slug: str) -> str:
    return f"{slug}.{settings.PLATFORM_DOMAIN}"


def validate_slug(slug: str) -> None:
    try:
        slug_validator(slug)
    except ValidationError as error:
        raise ProvisioningError({"slug": error.messages}) from error
    if slug in RESERVED_SLUGS:
        raise ProvisioningError({"slug": _("“%(slug)s” is reserved.") % {"slug": slug}})
    if Commune.objects.filter(slug=slug).exists() or Domain.objects.filter(domain=commune_domain(slug)).exists():
        raise ProvisioningError({"slug": _("A commune with the slug “%(slug)s” exists already.") % {"slug": slug}})


def validate_code(code: str) -> str:
    """An operator's code for a commune (its official one), upper-cased; refused if malformed or taken."""
    code = code.strip().upper()
    try:
        code_validator(code)
    except ValidationError as error:
        raise ProvisioningError({"code": error.messages}) from error
    holder = Commune.objects.filter(code=code).first()
    if holder is not None:
        raise ProvisioningError(
            {"code": _("The code “%(code)s” is already taken by %(commune)s.") % {"code": code, "commune": holder}}
        )
    return code


def choose_code(*, name_fr: str, slug: str, given: str = "", preferred: str = "") -> str:
    """The code of a commune being created: `given` by the operator (refused if malformed or taken), else
    `preferred` if it is free (an archive's, on a restore), else the one its French name gives (tenants.codes).

    Call it in the transaction that saves the commune: it holds a lock until then, so that a commune created
    at the same moment waits and sees this one's code taken.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CODE_LOCK])
    if given.strip():
        return validate_code(given)
    if codes.is_code(preferred) and not Commune.objects.filter(code=preferred).exists():
        return preferred
    base = codes.readable_code(name_fr, slug)
    taken = {str(code) for code in Commune.objects.filter(code__startswith=base[:3]).values_list("code", flat=True)}
    try:
        return codes.first_free(base, taken)
    except LookupError as error:
        raise ProvisioningError({"code": _("No code is free for this name; give the commune's code.")}) from error


def provision_commune(
    *,
    slug: str,
    name_fr: str,
    code: str = "",
    name_ar: str = "",
    name_en: str = "",
    name_tzm: str = "",
    province: Province | None = None,
    contacts: OfficeContacts | None = None,
    office_head_email: str | None = None,
    office_head_name: str = "",
    office_head_language: str = "fr",
) -> Commune:
    """Create a commune's workspace and invite its first office head by e-mail.

    `code` is the commune's official code, if the operator knows it; without one, a code is read from its
    French name (tenants.codes). Either begins the references of its cases, so it is unique in the country.
    """
    slug = slug.strip().lower()
    validate_slug(slug)
    if not name_fr.strip():
        raise ProvisioningError({"name_fr": _("The French name is required.")})
    if code.strip():
        validate_code(code)  # checked again under the lock below; refused here before a schema is built
    if not Commune.objects.filter(status=Commune.Status.POOLED).exists():
        # Nothing ready (first start, or a burst of creations): build one now.
        fill_pool(size=1)

    with transaction.atomic():
        commune = _claim_pooled_commune()
        if commune is None:  # another process took the last one meanwhile
            raise ProvisioningError(_("No schema is ready; try again in a moment."))
        schema_name = Commune.schema_name_for(slug)
        cross_schema.rename_schema(commune.schema_name, schema_name)
        now = timezone.now()
        commune.schema_name = schema_name
        commune.slug = slug
        commune.status = Commune.Status.ACTIVE
        commune.code = choose_code(name_fr=name_fr, slug=slug, given=code)
        commune.name_fr = name_fr.strip()
        commune.name_ar = name_ar.strip()
        commune.name_en = name_en.strip()
        commune.name_tzm = name_tzm.strip()
        commune.province = province
        for field, value in vars(contacts or OfficeContacts()).items():
            setattr(commune, field, value)
        commune.created_at = now
        commune.activated_at = now
        commune.full_clean(exclude=["schema_name"])
        commune.save()
        Domain.objects.create(domain=commune_domain(slug), tenant=commune, is_primary=True)
        if office_head_email:
            from jisr.accounts.services import invite_staff

            with cross_schema.schema_context(schema_name):
                invite_staff(
                    email=office_head_email,
                    full_name=office_head_name,
                    role=Role.OFFICE_HEAD,
                    language=office_head_language,
                )
        transaction.on_commit(_refill_pool_later)
    logger.info("Commune %s created in schema %s", slug, schema_name)
    return commune


def _claim_pooled_commune() -> Commune | None:
    """Lock one ready schema, bringing it up to date with the code's migrations."""
    commune = (
        Commune.objects.select_for_update(skip_locked=True)
        .filter(status=Commune.Status.POOLED)
        .order_by("created_at")
        .first()
    )
    if commune is not None and not cross_schema.is_current(commune.schema_name):
        logger.warning("Pooled schema %s is behind the code's migrations; migrating it", commune.schema_name)
        cross_schema.migrate_schema(commune.schema_name)
    return commune


def _refill_pool_later() -> None:
    from tenants.tasks import refill_pool

    try:
        refill_pool.delay()
    except (BrokerError, RedisError, OSError):
        # Beat refills the pool too: a broker outage must not fail provisioning.
        logger.warning("Could not queue a pool refill; beat will do it", exc_info=True)


def fill_pool(*, size: int | None = None) -> int:
    """Build migrated, empty schemas until `size` wait in the pool. Returns how many were built."""
    target = settings.TENANT_POOL_SIZE if size is None else size
    built = 0
    while True:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [POOL_LOCK])
            if Commune.objects.filter(status=Commune.Status.POOLED).count() >= target:
                return built
            schema_name = f"pool_{uuid.uuid4().hex[:16]}"
            cross_schema.build_schema(schema_name)
            Commune.objects.create(schema_name=schema_name, status=Commune.Status.POOLED)
            built += 1


def migrate_pool() -> int:
    """Bring every pooled schema up to date (after a deploy with new migrations)."""
    stale = [
        schema
        for schema in Commune.objects.filter(status=Commune.Status.POOLED).values_list("schema_name", flat=True)
        if not cross_schema.is_current(schema)
    ]
    for schema in stale:
        cross_schema.migrate_schema(schema)
    return len(stale)


def update_office_contacts(*, commune: Commune, contacts: OfficeContacts) -> Commune:
    """Change what the office's public page shows (its office head, from the office's settings: the
    commune is the one of the request's host, never one named in the request)."""
    values = {name: " ".join(str(value).split()) for name, value in vars(contacts).items()}
    values["email"] = values["email"].lower()
    for name, value in values.items():
        setattr(commune, name, value)
    try:
        commune.full_clean(exclude=[field.name for field in Commune._meta.fields if field.name not in values])
    except ValidationError as error:
        raise ProvisioningError(error.message_dict) from error
    commune.save(update_fields=list(values))
    return commune


def suspend_commune(*, commune: Commune, reason: str) -> Commune:
    """Close the workspace: its pages show a notice, its data stays untouched."""
    if commune.status != Commune.Status.ACTIVE:
        raise ProvisioningError(_("Only an active commune can be suspended."))
    if not reason.strip():
        raise ProvisioningError({"reason": _("Say why the commune is suspended.")})
    commune.status = Commune.Status.SUSPENDED
    commune.suspended_at = timezone.now()
    commune.suspension_reason = reason.strip()
    commune.save(update_fields=["status", "suspended_at", "suspension_reason"])
    logger.info("Commune %s suspended: %s", commune.slug, reason)
    return commune


def reactivate_commune(*, commune: Commune) -> Commune:
    if commune.status != Commune.Status.SUSPENDED:
        raise ProvisioningError(_("Only a suspended commune can be reactivated."))
    commune.status = Commune.Status.ACTIVE
    commune.suspended_at = None
    commune.suspension_reason = ""
    commune.save(update_fields=["status", "suspended_at", "suspension_reason"])
    return commune


def delete_commune(*, commune: Commune, confirm_slug: str) -> None:
    """Drop a commune's schema, rows and files for good. The slug must be typed again."""
    if confirm_slug != commune.slug:
        raise ProvisioningError(_("Type the commune's slug to confirm the deletion."))
    if commune.status == Commune.Status.ACTIVE:
        raise ProvisioningError(_("Suspend the commune before deleting it."))
    from tenants.storage import delete_commune_files

    schema_name = commune.schema_name
    with transaction.atomic():
        cross_schema.drop_schema(schema_name)
        commune.delete()
        transaction.on_commit(lambda: delete_commune_files(schema_name))
    logger.info("Commune %s deleted (schema %s dropped)", confirm_slug, schema_name)
