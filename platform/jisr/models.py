"""The platform's own tables, in the public schema: what holds for every commune at once."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# An announced date replaces python-holidays' estimate of the same holiday within this many days of it
# (the moon moves a date by a day or two; the same holiday comes back only after some 354 days).
MATCH_DAYS = 15


class LunarHolidayDate(models.Model):
    """The date of a lunar public holiday as announced, for the whole country.

    python-holidays estimates Eid al-Fitr, Eid al-Adha, 1 Muharram and the Mawlid years ahead
    (jisr.holidays); in Morocco the sighting of the moon decides, and the Ministry of Habous and
    Islamic Affairs announces the date a few days before. A platform operator then enters it here
    once (Django admin, or `manage.py lunar_holidays confirm`), and it replaces the estimate of the
    same holiday within MATCH_DAYS days in every commune's deadlines. Offices add only their local
    closures (cases.models.Holiday).

    The operator is a platform account: DO_NOTHING and no reverse accessor, as for
    network.AccountScope (the users table exists in every schema; a delete run from a commune's
    schema must not reach these rows).
    """

    class Kind(models.TextChoices):
        EID_AL_FITR = "eid_al_fitr", _("Eid al-Fitr")
        EID_AL_ADHA = "eid_al_adha", _("Eid al-Adha")
        ISLAMIC_NEW_YEAR = "islamic_new_year", _("1 Muharram (Islamic New Year)")
        MAWLID = "mawlid", _("The Mawlid (Prophet's Birthday)")

    kind = models.CharField(_("holiday"), max_length=20, choices=Kind.choices)
    first_day = models.DateField(_("first day"))
    days = models.PositiveSmallIntegerField(
        _("days off"),
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text=_("Eid al-Fitr, Eid al-Adha and the Mawlid: 2 days; 1 Muharram: 1 day."),
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("The announcement, e.g. the Ministry of Habous' statement."),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now=True)

    class Meta:
        verbose_name = _("announced lunar holiday")
        verbose_name_plural = _("announced lunar holidays")
        ordering = ["-first_day", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "first_day"], name="lunar_holiday_date_unique"),
            models.CheckConstraint(name="lunar_holiday_date_days", condition=Q(days__gte=1, days__lte=3)),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.first_day:%d/%m/%Y}"

    def clean(self) -> None:
        """Near python-holidays' estimate of the same holiday (a typo in the year shows), and one date per
        occurrence: a moved date is changed, not entered twice."""
        from jisr import holidays

        if not self.kind or not self.first_day:
            return
        if holidays.estimate_near(self.kind, self.first_day) is None:
            raise ValidationError(
                {
                    "first_day": str(
                        _("No estimated date of this holiday within %(n)s days of this date: check the year.")
                    )
                    % {"n": MATCH_DAYS}
                }
            )
        window = (self.first_day - timedelta(days=2 * MATCH_DAYS), self.first_day + timedelta(days=2 * MATCH_DAYS))
        other = LunarHolidayDate.objects.filter(kind=self.kind, first_day__range=window).exclude(pk=self.pk).first()
        if other is not None:
            raise ValidationError(
                {
                    "first_day": str(_("This holiday already has an announced date (%(day)s): change that one."))
                    % {"day": f"{other.first_day:%d/%m/%Y}"}
                }
            )
