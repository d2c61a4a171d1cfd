"""The office's texts (name, address, opening hours) in Arabic, French and English, each reader seeing
theirs. The one opening hours field is shared out by the script it is written in: Arabic → Arabic,
anything else → French; a value with both ("Lundi-vendredi 08:30-16:30 · من الاثنين إلى الجمعة") is cut
at its separators and each part goes to its language."""

import re
import unicodedata

from django.db import migrations, models

SEPARATORS = re.compile(r"\s+[·|/•]\s+|\n+")


def _arabic(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    arabic = sum(unicodedata.bidirectional(char) in ("AL", "R") for char in letters)
    return arabic > len(letters) - arabic


def share_out(value: str) -> tuple[str, str]:
    """(French, Arabic) of one text written in either or both."""
    value = value.strip()
    parts = [part.strip() for part in SEPARATORS.split(value) if part.strip()]
    arabic = [part for part in parts if _arabic(part)]
    other = [part for part in parts if not _arabic(part)]
    if arabic and other:
        return " · ".join(other), " · ".join(arabic)
    return ("", value) if _arabic(value) else (value, "")


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Commune = apps.get_model("tenants", "Commune")
    for commune in Commune.objects.exclude(opening_hours=""):
        commune.opening_hours_fr, commune.opening_hours_ar = share_out(commune.opening_hours)
        commune.save(update_fields=["opening_hours_fr", "opening_hours_ar"])


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Commune = apps.get_model("tenants", "Commune")
    for commune in Commune.objects.all():
        versions = [commune.opening_hours_fr, commune.opening_hours_ar, commune.opening_hours_en]
        commune.opening_hours = " · ".join(text for text in versions if text)[:200]
        commune.save(update_fields=["opening_hours"])


def _text(label: str, length: int) -> models.CharField:
    return models.CharField(blank=True, max_length=length, verbose_name=label)


class Migration(migrations.Migration):
    dependencies = [
        ("tenants", "0003_retention_years"),
    ]

    operations = [
        migrations.AddField("commune", "office_name_en", _text("office name in English", 200)),
        migrations.AddField("commune", "address_en", _text("address in English", 300)),
        migrations.AddField("commune", "opening_hours_ar", _text("opening hours in Arabic", 200)),
        migrations.AddField("commune", "opening_hours_fr", _text("opening hours in French", 200)),
        migrations.AddField("commune", "opening_hours_en", _text("opening hours in English", 200)),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField("commune", "opening_hours"),
    ]
