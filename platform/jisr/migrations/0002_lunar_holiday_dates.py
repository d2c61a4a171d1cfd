"""The lunar holidays' dates as announced, entered once for every commune by a platform operator (public schema)."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("jisr", "0001_extensions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="LunarHolidayDate",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("eid_al_fitr", "Eid al-Fitr"),
                            ("eid_al_adha", "Eid al-Adha"),
                            ("islamic_new_year", "1 Muharram (Islamic New Year)"),
                            ("mawlid", "The Mawlid (Prophet's Birthday)"),
                        ],
                        max_length=20,
                        verbose_name="holiday",
                    ),
                ),
                ("first_day", models.DateField(verbose_name="first day")),
                (
                    "days",
                    models.PositiveSmallIntegerField(
                        help_text="Eid al-Fitr, Eid al-Adha and the Mawlid: 2 days; 1 Muharram: 1 day.",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(3),
                        ],
                        verbose_name="days off",
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        blank=True,
                        help_text="The announcement, e.g. the Ministry of Habous' statement.",
                        max_length=200,
                        verbose_name="source",
                    ),
                ),
                ("confirmed_at", models.DateTimeField(auto_now=True, verbose_name="confirmed at")),
                (
                    "confirmed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="confirmed by",
                    ),
                ),
            ],
            options={
                "verbose_name": "announced lunar holiday",
                "verbose_name_plural": "announced lunar holidays",
                "ordering": ["-first_day", "kind"],
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "first_day"), name="lunar_holiday_date_unique"),
                    models.CheckConstraint(
                        condition=models.Q(("days__gte", 1), ("days__lte", 3)), name="lunar_holiday_date_days"
                    ),
                ],
            },
        ),
    ]
