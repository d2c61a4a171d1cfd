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
    # No foreign-key constraint: facts are written by the hundred thousand in a run, and PostgreSQL checks a
    # constraint row by row (a commune's facts are still deleted with it, by Django). No index of its own
    # either: each theme's key (commune, month, dimensions) is unique, and its index serves every lookup by
    # commune and month.
    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    count = models.PositiveIntegerField(_("count"))
    # The sum of the record keys of what `count` counts, modulo cases.models.RECORD_KEY_MODULUS: what a published
    # cell's key is made of (analytics.disclosure). Never shown, exported or sent.
    key_sum = models.BigIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.commune_id} {self.month:%Y-%m}: {self.count}"


class Change(models.Model):
    """What one edit in a commune did to a theme's facts: the counts it added (+) or took away (-).

    Written by the triggers on the commune's tables (analytics.extraction.trigger_functions), in the same
    transaction as the edit; the hourly run adds them to the facts and deletes them. The same columns as
    the facts, signed: nothing a fact could not say.
    """

    commune = models.ForeignKey(
        Commune, on_delete=models.DO_NOTHING, related_name="+", db_index=False, db_constraint=False
    )
    month = models.DateField()
    count = models.IntegerField()
    key_sum = models.BigIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.commune_id} {self.month:%Y-%m}: {self.count:+}"


def _key(name: str, *dimensions: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(fields=["commune", "month", *dimensions], name=name)


class CaseKey(models.Model):
    kind = models.CharField(max_length=20)
    category = models.CharField(max_length=40)
    channel = models.CharField(max_length=20)
    status = models.CharField(max_length=20)

    class Meta:
        abstract = True


class CaseFact(CaseKey, Fact):
    """Cases opened in the month, by what they were about and how far they got."""

    answered = models.PositiveIntegerField(default=0)
    answered_in_time = models.PositiveIntegerField(default=0)
    # Sum of the days from opening to answer, over the answered ones: with `answered`, a mean.
    days_to_answer = models.PositiveIntegerField(default=0)
    # The record keys' sums of the answered cases and of those answered in time: cells of their own.
    answered_key_sum = models.BigIntegerField(default=0)
    in_time_key_sum = models.BigIntegerField(default=0)

    class Meta:
        constraints = [_key("casefact_key", "kind", "category", "channel", "status")]


class CaseFactChange(CaseKey, Change):
    answered = models.IntegerField(default=0)
    answered_in_time = models.IntegerField(default=0)
    days_to_answer = models.IntegerField(default=0)
    answered_key_sum = models.BigIntegerField(default=0)
    in_time_key_sum = models.BigIntegerField(default=0)


class PeopleKey(models.Model):
    sex = models.CharField(max_length=6)
    age_band = models.CharField(max_length=8)
    generation = models.CharField(max_length=1)
    country_group = models.CharField(max_length=20)

    class Meta:
        abstract = True


class PeopleFact(PeopleKey, Fact):
    """Cases opened in the month, by who brought them."""

    class Meta:
        constraints = [_key("peoplefact_key", "sex", "age_band", "generation", "country_group")]


class PeopleFactChange(PeopleKey, Change):
    pass


class AnswerTimeKey(models.Model):
    category = models.CharField(max_length=40)
    channel = models.CharField(max_length=20)
    days = models.PositiveSmallIntegerField()

    class Meta:
        abstract = True


class AnswerTimeFact(AnswerTimeKey, Fact):
    """Cases opened in the month and answered, by the days it took (capped): medians come from here."""

    class Meta:
        constraints = [_key("answertimefact_key", "category", "channel", "days")]


class AnswerTimeFactChange(AnswerTimeKey, Change):
    pass


class ReferralKey(models.Model):
    target_type = models.CharField(max_length=40)
    outcome = models.CharField(max_length=20)

    class Meta:
        abstract = True


class ReferralFact(ReferralKey, Fact):
    """Referrals sent in the month, by the kind of service and what came of them."""

    # Sum of the days from sending to the outcome, over those with an outcome.
    with_outcome = models.PositiveIntegerField(default=0)
    days_to_outcome = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [_key("referralfact_key", "target_type", "outcome")]


class ReferralFactChange(ReferralKey, Change):
    with_outcome = models.IntegerField(default=0)
    days_to_outcome = models.IntegerField(default=0)


class SatisfactionKey(models.Model):
    score = models.PositiveSmallIntegerField()

    class Meta:
        abstract = True


class SatisfactionFact(SatisfactionKey, Fact):
    """Survey answers given in the month, by score."""

    class Meta:
        constraints = [_key("satisfactionfact_key", "score")]


class SatisfactionFactChange(SatisfactionKey, Change):
    pass


class Extraction(models.Model):
    """Where the extraction of a commune stands: its facts hold every change committed by `changes_until`.

    A commune with no mark has never been counted: its next run counts it whole, whatever changes wait.
    """

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
