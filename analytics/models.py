"""Anonymised facts: what leaves a commune's schema, in the public schema.

Each row counts cases (or referrals, or survey answers) of one commune in one
month over a few coarse dimensions. No name, no identifier, no free text, no
date finer than a month, no year of birth: an age band at the time of the
case, a group of countries. Each theme has its table, so that no table crosses
so many dimensions that its rows come close to describing one person; what is
shown outside the commune passes disclosure control (analytics.disclosure)
on top of that.

tests/analytics/test_no_personal_data.py holds the list of columns these tables
may have; a new column fails it until it is added there on purpose.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from analytics import indicators
from network.models import Programme
from tenants.models import Commune


class Fact(models.Model):
    # No index of its own: the (commune, month) index below serves every lookup by commune, and each index is
    # written again for every fact row a run inserts.
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        abstract = True
        indexes = [models.Index(fields=["commune", "month"], name="%(class)s_month")]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.commune_id} {self.month:%Y-%m}: {self.count}"


class CaseFact(Fact):
    """Cases opened in the month, by what they were about and how far they got."""

    kind = models.CharField(max_length=20)
    category = models.CharField(max_length=40)
    channel = models.CharField(max_length=20)
    status = models.CharField(max_length=20)
    answered = models.PositiveIntegerField(default=0)
    answered_in_time = models.PositiveIntegerField(default=0)
    # Sum of the days from opening to answer, over the answered ones: with `answered`, a mean.
    days_to_answer = models.PositiveIntegerField(default=0)


class PeopleFact(Fact):
    """Cases opened in the month, by who brought them."""

    sex = models.CharField(max_length=6)
    age_band = models.CharField(max_length=8)
    generation = models.CharField(max_length=1)
    country_group = models.CharField(max_length=20)


class AnswerTimeFact(Fact):
    """Cases opened in the month and answered, by the days it took (capped): medians come from here."""

    category = models.CharField(max_length=40)
    channel = models.CharField(max_length=20)
    days = models.PositiveSmallIntegerField()


class ReferralFact(Fact):
    """Referrals sent in the month, by the kind of service and what came of them."""

    target_type = models.CharField(max_length=40)
    outcome = models.CharField(max_length=20)
    # Sum of the days from sending to the outcome, over those with an outcome.
    with_outcome = models.PositiveIntegerField(default=0)
    days_to_outcome = models.PositiveIntegerField(default=0)


class SatisfactionFact(Fact):
    """Survey answers given in the month, by score."""

    score = models.PositiveSmallIntegerField()


class Extraction(models.Model):
    """Where the extraction of a commune stands: it takes again only what changed after `changes_until`."""

    commune = models.OneToOneField(Commune, on_delete=models.CASCADE, related_name="+")
    changes_until = models.DateTimeField(null=True, blank=True)
    ran_at = models.DateTimeField(null=True, blank=True)
    months_rebuilt = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"extraction of commune {self.commune_id} until {self.changes_until}"


class Target(models.Model):
    """What a programme aims at for one indicator in one year, set by the platform's operators.

    Not a fact: a figure the programme and its funders agreed on, in the indicator's unit
    (shares in percent, 0 to 100; a mean score out of 5). Funders read it next to the
    actual value; nobody but an operator changes it.
    """

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+", verbose_name=_("programme"))
    indicator = models.CharField(_("indicator"), max_length=10, choices=indicators.choices())
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    value = models.DecimalField(
        _("target"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("In the indicator's unit: a number, a percent (0 to 100), days, or a score out of 5."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True, help_text=_("Where the target comes from."))

    class Meta:
        ordering = ["programme", "year", "indicator"]
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = [
            models.UniqueConstraint(fields=["programme", "indicator", "year"], name="target_once_a_year"),
            models.CheckConstraint(name="target_not_negative", condition=Q(value__gte=0)),
            models.CheckConstraint(
                name="target_share_at_most_100",
                condition=~Q(indicator__in=[i.code for i in indicators.INDICATORS if i.unit == "share"])
                | Q(value__lte=100),
            ),
            models.CheckConstraint(
                name="target_score_at_most_5",
                condition=~Q(indicator__in=[i.code for i in indicators.INDICATORS if i.unit == "score"])
                | Q(value__lte=5),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.indicator} · {self.year}: {self.value}"

    def clean(self) -> None:
        indicator = indicators.BY_CODE.get(self.indicator)
        if indicator is None or self.value is None:
            return
        upper = indicators.UPPER_BOUNDS[indicator.unit]
        if upper is not None and self.value > upper:
            raise ValidationError(
                {
                    "value": _("A target in %(unit)s is at most %(upper)s.")
                    % {"unit": indicator.unit_label, "upper": upper}
                }
            )
        if indicator.unit == "count" and self.value != self.value.to_integral_value():
            raise ValidationError({"value": _("A target that counts is a whole number.")})
