"""The office's guide to procedures, and its on-duty rota.

A `Procedure` is the office's own page on one procedure, often copied from
a network template (network.ProcedureTemplate, in the public schema) and
then edited. A `DutyShift` is one staff member on duty outside regular
hours (weekends, holidays, Opération Marhaba); the rules for planning one
are in cases.guide.services.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from network.models import PORTALS, link_lines, portal_of


class Procedure(models.Model):
    title_ar = models.CharField(_("title in Arabic"), max_length=200, blank=True)
    title_fr = models.CharField(_("title in French"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    category = models.ForeignKey(
        "cases.Category",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("category"),
    )
    documents_ar = models.TextField(_("documents required, in Arabic"), blank=True)
    documents_fr = models.TextField(_("documents required, in French"), blank=True)
    documents_en = models.TextField(_("documents required, in English"), blank=True)
    fees = models.CharField(_("fees"), max_length=300, blank=True)
    delay = models.CharField(_("delay"), max_length=300, blank=True)
    handled_by = models.CharField(_("service that handles it"), max_length=300, blank=True)
    links = models.TextField(_("links to the national portals"), blank=True)
    template = models.ForeignKey(
        "network.ProcedureTemplate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("copied from the template"),
    )
    published = models.BooleanField(_("published"), default=False)
    position = models.PositiveSmallIntegerField(_("order"), default=100)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["position", "title_fr", "id"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")

    def __str__(self) -> str:
        return self.title

    def _in_language(self, stem: str) -> str:
        language = (get_language() or "fr")[:2]
        return str(getattr(self, f"{stem}_{language}", "") or getattr(self, f"{stem}_fr"))

    @property
    def title(self) -> str:
        return self._in_language("title")

    @property
    def documents(self) -> list[str]:
        return link_lines(self._in_language("documents"))

    @property
    def portal_links(self) -> list[tuple[str, str]]:
        """(url, portal name) of each link; links that are not to a national portal are left out."""
        return [(url, PORTALS[portal]) for url in link_lines(self.links) if (portal := portal_of(url)) is not None]


class DutyShift(models.Model):
    class Kind(models.TextChoices):
        WEEKEND = "weekend", _("weekend")
        HOLIDAY = "holiday", _("public holiday")
        MARHABA = "marhaba", _("Opération Marhaba")
        OTHER = "other", _("other")

    day = models.DateField(_("date"))
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("to"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="duty_shifts", verbose_name=_("staff member")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["day", "starts_at", "id"]
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty shifts")
        constraints = [
            models.CheckConstraint(name="duty_shift_ends_after_start", condition=Q(ends_at__gt=F("starts_at")))
        ]
        indexes = [models.Index(fields=["day"], name="duty_shift_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"
