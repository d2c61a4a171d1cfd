"""Each commune gets a code, unique in the country, that begins its case references from now on (AITM-2026-00042
instead of AIT-2026-00042, which every "Aït …" commune gave). Existing communes get the one their French name
gives by the rule of tenants.codes, in the order they were created (so the same codes on every copy of the
database); pooled schemas get none. References already given keep their old form: they are stored in each case.
"""

import django.core.validators
from django.db import migrations, models

from tenants.codes import derive_code

PATTERN = "^[A-Z][A-Z0-9]{3,5}$"


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Commune = apps.get_model("tenants", "Commune")
    taken: set[str] = set()
    for commune in Commune.objects.exclude(status="pooled").order_by("created_at", "pk"):
        commune.code = derive_code(commune.name_fr, commune.slug or "", taken)
        taken.add(commune.code)
        commune.save(update_fields=["code"])


class Migration(migrations.Migration):
    # Runs in public only: django-tenants' router skips shared apps elsewhere.
    dependencies = [
        ("network", "0009_without_disclosure_threshold"),
        ("tenants", "0004_office_texts_in_each_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="commune",
            name="code",
            field=models.CharField(
                blank=True,
                help_text="The commune's official code if it has one, otherwise read from its French name.",
                max_length=6,
                null=True,
                unique=True,
                validators=[
                    django.core.validators.RegexValidator(
                        PATTERN,
                        "4 to 6 capital letters or digits, starting with a letter (it begins the references of"
                        " the commune's cases, e.g. AITM-2026-00042).",
                    )
                ],
                verbose_name="code",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="commune",
            constraint=models.CheckConstraint(
                condition=models.Q(status="pooled", code__isnull=True)
                | (~models.Q(status="pooled") & models.Q(code__isnull=False)),
                name="commune_has_code_unless_pooled",
            ),
        ),
        migrations.AddConstraint(
            model_name="commune",
            constraint=models.CheckConstraint(
                condition=models.Q(code__isnull=True) | models.Q(code__regex=PATTERN),
                name="commune_code_form",
            ),
        ),
    ]
