"""The regional layer's reference data, in the public schema.

No personal data of visitors lives here, ever (see DESIGN.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from tenants.models import Commune


class MultilingualName(models.Model):
    """A place or body named in Arabic, French and English.

    `name` picks the one of the active language and falls back to French,
    the offices' administrative language after Arabic.
    """

    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_fr = models.CharField(_("name in French"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "fr")[:2]
        return getattr(self, f"name_{language}", "") or self.name_fr


class Region(MultilingualName):
    """One of Morocco's twelve regions (2015 division)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Province(MultilingualName):
    """A province or prefecture, inside a region."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("province")
        PREFECTURE = "prefecture", _("prefecture")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PROVINCE)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="provinces", verbose_name=_("region"))

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("province or prefecture")
        verbose_name_plural = _("provinces and prefectures")


class ExternalService(MultilingualName):
    """A service offices refer people to, shared by the network (read-only in the offices).

    Scoped to a province, a region, or the whole country (neither set).
    Entries of the seeded directory (network.data.services) have a `code`, their
    stable key; entries added by hand may have none.
    """

    class Kind(models.TextChoices):
        LAND_REGISTRY = "land_registry", _("land registry (ANCFCC)")
        URBAN_AGENCY = "urban_agency", _("urban agency")
        UTILITY = "utility", _("water and electricity")
        PENSION_FUND = "pension_fund", _("pension fund")
        COURT = "court", _("court")
        CONSULATE = "consulate", _("consulate")
        TAX = "tax", _("tax administration")
        CUSTOMS = "customs", _("customs")
        CIVIL_STATUS = "civil_status", _("civil status")
        EDUCATION = "education", _("education")
        HEALTH_SOCIAL = "health_social", _("health and social services")
        INVESTMENT = "investment", _("investment centre")
        OTHER = "other", _("other")

    code = models.SlugField(_("code"), max_length=80, blank=True, db_index=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="services", verbose_name=_("region")
    )
    province = models.ForeignKey(
        Province, null=True, blank=True, on_delete=models.PROTECT, related_name="services", verbose_name=_("province")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("external service")
        verbose_name_plural = _("directory of external services")
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="external_service_code_once"),
        ]


# --- Procedures guide: the network's templates ----------------------------------

# The national e-government portals a procedure may link to (https only).
PORTALS = {
    "idarati.ma": "Idarati",
    "chikaya.ma": "Chikaya",
    "chafafya.ma": "Chafafya",
    "rokhas.ma": "Rokhas",
    "watiqa.ma": "Watiqa",
}


def portal_of(url: str) -> str | None:
    """The portal a link points to ("rokhas.ma"), or None if it is not an https link to one of them."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or parts.username or parts.password:
        return None
    return next((portal for portal in PORTALS if host == portal or host.endswith(f".{portal}")), None)


def link_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ProcedureTemplate(models.Model):
    """A procedure as the network describes it, that offices copy into their own guide.

    Read-only in the offices. National (no region) or shared by one region's network.
    `category_code` is a cases.Category code ("urbanism", "civil_status", ...).
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title_ar = models.CharField(_("title in Arabic"), max_length=200)
    title_fr = models.CharField(_("title in French"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    category_code = models.SlugField(_("category code"), max_length=40, blank=True)
    documents_ar = models.TextField(_("documents required, in Arabic"), blank=True)
    documents_fr = models.TextField(_("documents required, in French"), blank=True)
    fees = models.CharField(_("fees"), max_length=300, blank=True)
    delay = models.CharField(_("delay"), max_length=300, blank=True)
    handled_by = models.CharField(_("handled by"), max_length=300, blank=True)
    links = models.TextField(_("links to the national portals"), blank=True, help_text=_("One https link a line."))
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="procedure_templates",
        verbose_name=_("region"),
    )

    class Meta:
        ordering = ["title_fr"]
        verbose_name = _("procedure template")
        verbose_name_plural = _("procedure templates")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        language = (get_language() or "fr")[:2]
        return getattr(self, f"title_{language}", "") or self.title_fr

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        bad = [url for url in link_lines(self.links) if portal_of(url) is None]
        if bad:
            raise ValidationError(
                {"links": _("Only https links to the national portals: %(links)s") % {"links": ", ".join(bad)}}
            )


# --- Programmes, networks and who may see them ------------------------------------


class Programme(MultilingualName):
    """A funded programme that supports offices (PRIM, Jamaâ Mouwatena, ...).

    Its funders follow its indicators. Every figure shown about its communes is published by the cell key
    method (analytics.disclosure), the same for every programme: a commune's figure is one number wherever
    it is shown.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    funders = models.CharField(_("funded by"), max_length=200, blank=True)
    operator = models.CharField(_("run by"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    regions = models.ManyToManyField(Region, blank=True, related_name="programmes", verbose_name=_("regions"))

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                name="programme_ends_after_it_starts",
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
            ),
        ]


class Network(MultilingualName):
    """Communes whose offices work together and that a coordinator compares.

    Membership is dated (`Membership`), so that figures of past months count
    the communes that were members then.
    """

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("network of a programme's offices")
        PARTNERSHIP = "partnership", _("partnership")
        NATIONAL = "national", _("national network")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="networks",
        verbose_name=_("programme"),
    )
    description = models.TextField(_("description"), blank=True)
    communes: models.ManyToManyField[Commune, Membership] = models.ManyToManyField(
        "tenants.Commune", through="Membership", related_name="networks", verbose_name=_("communes")
    )

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")


class Membership(models.Model):
    """A commune in a network, from one date and, once it left, until another (not included)."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("network")
    )
    commune = models.ForeignKey(
        "tenants.Commune", on_delete=models.CASCADE, related_name="memberships", verbose_name=_("commune")
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["network", "joined_on"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "commune"], condition=Q(left_on__isnull=True), name="membership_open_once"
            ),
            models.CheckConstraint(
                name="membership_leaves_after_joining",
                condition=Q(left_on__isnull=True) | Q(left_on__gt=F("joined_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commune} - {self.network}"


class MembershipChange(models.Model):
    """An operator's change to a membership, kept for good: who, when, and the dates before and after.

    Which communes belong to a network, and from when, decides whose facts its figures count, so every
    change made through network.services is written here in the same transaction. The platform has no
    audit log of its own in the public schema (each commune's is in its schema, cases.AuditEntry).
    The author is a platform account: DO_NOTHING and no reverse accessor, as for AccountScope (a delete
    run from a commune's schema must not reach these rows), and the database's foreign key refuses to
    delete an account that changed memberships.
    """

    class Action(models.TextChoices):
        JOINED = "joined", _("joined the network")
        LEFT = "left", _("left the network")
        CORRECTED = "corrected", _("dates corrected")

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="changes", verbose_name=_("membership")
    )
    action = models.CharField(_("change"), max_length=12, choices=Action.choices)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    # The dates before the change; empty for a new membership.
    joined_on_before = models.DateField(_("joined on, before"), null=True, blank=True)
    left_on_before = models.DateField(_("left on, before"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, related_name="+", verbose_name=_("changed by")
    )
    at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("change to a membership")
        verbose_name_plural = _("changes to memberships")

    def __str__(self) -> str:
        return f"{self.membership} - {self.action}"


def scope_errors(role: str, *, networks: int, programmes: int) -> dict[str, list[str]]:
    """What is wrong with a platform account's scope, by field; empty if nothing is.

    Coordinators are scoped to networks, funders to programmes; operators see
    everything and have no scope. Shared by `AccountScope.clean` and the service.
    """
    from jisr.accounts.models import Role

    errors: dict[str, list[str]] = {}
    if role == Role.COORDINATOR:
        if networks < 1:
            errors["networks"] = [str(_("A coordinator follows at least one network."))]
        if programmes:
            errors["programmes"] = [str(_("A coordinator is scoped to networks, not to programmes."))]
    elif role == Role.FUNDER:
        if programmes < 1:
            errors["programmes"] = [str(_("A funder follows at least one programme."))]
        if networks:
            errors["networks"] = [str(_("A funder is scoped to programmes, not to networks."))]
    else:
        errors["user"] = [str(_("Only coordinators and funders have a scope."))]
    return errors


class AccountScope(models.Model):
    """What a platform account (public schema) may see: its networks or its programmes.

    The users table exists in every schema, and django-tenants puts public on
    every search path: a reverse relation from User, or a cascade run from a
    commune's schema, would reach the scope of the public account that has
    the same id. Hence no reverse accessor and DO_NOTHING (the database's
    foreign key still refuses to delete a public account that has a scope;
    `network.services.remove_scope` first). Read it through network.selectors.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, related_name="+", verbose_name=_("account")
    )
    networks = models.ManyToManyField(Network, blank=True, related_name="+", verbose_name=_("networks"))
    programmes = models.ManyToManyField(Programme, blank=True, related_name="+", verbose_name=_("programmes"))

    class Meta:
        verbose_name = _("scope of a platform account")
        verbose_name_plural = _("scopes of platform accounts")

    def __str__(self) -> str:
        return str(self.user)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        # Many-to-many rows exist only once saved; the service checks the new ones before.
        if self.pk is None:
            return
        errors = scope_errors(self.user.role, networks=self.networks.count(), programmes=self.programmes.count())
        if errors:
            raise ValidationError(errors)
