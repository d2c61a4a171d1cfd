"""The commune tenant and its domains, in the public schema.

A commune's reception office gets a PostgreSQL schema of its own; the host
name of a request (`<slug>.<platform domain>`) picks the schema. Changes go
through `tenants.services` (create, suspend, reactivate, delete).
"""

from __future__ import annotations

import functools
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

from jisr.wording import TEXT_LANGUAGES, in_language, of_place
from network.models import Region
from tenants.codes import CODE_PATTERN

SLUG_PATTERN = r"^[a-z][a-z0-9]{1,39}$"
slug_validator = RegexValidator(
    SLUG_PATTERN,
    _("2 to 40 lower-case letters or digits, starting with a letter (it becomes the sub-domain)."),
)
code_validator = RegexValidator(
    CODE_PATTERN,
    _(
        "4 to 6 capital letters or digits, starting with a letter (it begins the references of the commune's"
        " cases, e.g. AITM-2026-00042)."
    ),
)
# The office's texts written in each of jisr.wording.TEXT_LANGUAGES: fields `<text>_ar`, `<text>_fr`, `<text>_en`.
OFFICE_TEXTS = ("office_name", "address", "opening_hours")
RESERVED_SLUGS = frozenset({"www", "api", "admin", "static", "media", "mail", "public", "pool", "template"})


@functools.cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())  # reads the disk: once per process


def validate_timezone(value: str) -> None:
    if value not in _time_zones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class Commune(TenantMixin):
    """A commune whose reception office has a workspace on the platform.

    Rows with status POOLED are ready, migrated schemas without a commune yet:
    provisioning renames one instead of building a schema while the operator
    waits (tenants.services.provision_commune). They have no domain, so no
    request can reach them.
    """

    class Status(models.TextChoices):
        POOLED = "pooled", _("ready in the pool")
        ACTIVE = "active", _("active")
        SUSPENDED = "suspended", _("suspended")

    # Schemas are built by tenants.services, never by a bare save().
    auto_create_schema = False
    auto_drop_schema = False

    slug = models.CharField(_("slug"), max_length=40, unique=True, null=True, blank=True, validators=[slug_validator])
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    # Begins the references of the commune's cases, which must name one case in the whole country
    # (tenants.codes): set at provisioning, never changed, since a code given up could be taken again.
    code = models.CharField(
        _("code"),
        max_length=6,
        unique=True,
        null=True,
        blank=True,
        validators=[code_validator],
        help_text=_("The commune's official code if it has one, otherwise read from its French name."),
    )
    name_ar = models.CharField(_("name in Arabic"), max_length=120, blank=True)
    name_fr = models.CharField(_("name in French"), max_length=120, blank=True)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    name_tzm = models.CharField(_("name in Tamazight (Tifinagh)"), max_length=120, blank=True)
    province = models.ForeignKey(
        "network.Province",
        on_delete=models.PROTECT,
        related_name="communes",
        null=True,
        blank=True,
        verbose_name=_("province or prefecture"),
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, default="Africa/Casablanca", validators=[validate_timezone]
    )
    # The office's contacts, shown on its public page; its texts in each language an office writes
    # (jisr.wording.TEXT_LANGUAGES), each reader seeing theirs (office_text).
    office_name_ar = models.CharField(_("office name in Arabic"), max_length=200, blank=True)
    office_name_fr = models.CharField(_("office name in French"), max_length=200, blank=True)
    office_name_en = models.CharField(_("office name in English"), max_length=200, blank=True)
    address_ar = models.CharField(_("address in Arabic"), max_length=300, blank=True)
    address_fr = models.CharField(_("address in French"), max_length=300, blank=True)
    address_en = models.CharField(_("address in English"), max_length=300, blank=True)
    opening_hours_ar = models.CharField(_("opening hours in Arabic"), max_length=200, blank=True)
    opening_hours_fr = models.CharField(_("opening hours in French"), max_length=200, blank=True)
    opening_hours_en = models.CharField(_("opening hours in English"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    whatsapp = models.CharField(_("WhatsApp"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    map_url = models.URLField(_("map link"), blank=True)
    # Law 09.08: personal data kept no longer than needed. Closed cases older than this are anonymised, and
    # people with nothing newer erased (cases.services.retention, every night).
    retention_years = models.PositiveSmallIntegerField(
        _("years closed cases are kept"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_(
            "After this many years, a closed case loses its text and files, and a person with nothing newer"
            " their personal data; the statistics stay."
        ),
    )

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True)
    suspended_at = models.DateTimeField(_("suspended"), null=True, blank=True)
    suspension_reason = models.CharField(_("reason for suspension"), max_length=300, blank=True)

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        constraints = [
            models.CheckConstraint(
                name="commune_has_slug_unless_pooled",
                condition=Q(status="pooled") | (Q(slug__isnull=False) & ~Q(name_fr="")),
            ),
            models.CheckConstraint(
                name="commune_has_code_unless_pooled",
                condition=Q(status="pooled", code__isnull=True) | (~Q(status="pooled") & Q(code__isnull=False)),
            ),
            models.CheckConstraint(
                name="commune_code_form", condition=Q(code__isnull=True) | Q(code__regex=CODE_PATTERN)
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.schema_name

    @property
    def name(self) -> str:
        language = (get_language() or "fr")[:2]
        return getattr(self, f"name_{language}", "") or self.name_fr

    @property
    def of_name(self) -> str:
        """The name as the complement of « office » in a sentence, in the active language: « d'Aït Melloul »,
        « de Nador », « بالناظور », « of Nador » (jisr.wording.of_place)."""
        return of_place(self.name)

    def office_text(self, text: str, language: str | None = None) -> str:
        """One of OFFICE_TEXTS in the reader's language (the active one by default), else in another."""
        return in_language({code: getattr(self, f"{text}_{code}") for code in TEXT_LANGUAGES}, language)

    @property
    def office_name(self) -> str:
        return self.office_text("office_name")

    @property
    def address(self) -> str:
        return self.office_text("address")

    @property
    def opening_hours(self) -> str:
        return self.office_text("opening_hours")

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def region(self) -> Region | None:
        return self.province.region if self.province is not None else None

    @staticmethod
    def schema_name_for(slug: str) -> str:
        """The schema of a commune: a prefix keeps it apart from PostgreSQL's own."""
        return f"commune_{slug}"


class Domain(DomainMixin):
    """A host name that leads to a commune (`aitmelloul.jisr.ma`)."""

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")


class SchemaRecipe(models.Model):
    """The SQL Django's migrations ran to build an empty commune schema, recorded once.

    One per migration state (and PostgreSQL version): replaying it into a new
    schema gives the same tables, indexes, constraints and rows as running
    the migrations, in about a tenth of the time (tenants.cross_schema).
    """

    key = models.CharField(max_length=64, unique=True)
    script = models.TextField()
    statements = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("schema recipe")
        verbose_name_plural = _("schema recipes")

    def __str__(self) -> str:
        return f"{self.key[:12]} ({self.statements} statements)"
