"""The regional layer's reference data, in the public schema.

No personal data of visitors lives here, ever (see DESIGN.md).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


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
