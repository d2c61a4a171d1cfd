"""The network's directory of external services, keyed by a stable code.

The directory is reference data every deployment needs, like the provinces:
its entries come from network.data.services and are matched by `code`, so
running this again (or a later migration with corrected data) updates them
instead of adding copies. Entries added by hand have no code and are left alone.
"""

from django.db import migrations, models


def load(apps, schema_editor):
    # Runs in public only: django-tenants' router skips shared apps elsewhere.
    from network.data.services import SERVICES

    Region = apps.get_model("network", "Region")
    Province = apps.get_model("network", "Province")
    ExternalService = apps.get_model("network", "ExternalService")
    regions = {region.code: region for region in Region.objects.all()}
    provinces = {province.code: province for province in Province.objects.all()}
    for code, kind, region_code, province_code, name_fr, name_ar, name_en, website in SERVICES:
        province = provinces[province_code] if province_code else None
        region = regions[region_code] if region_code else None
        if province is not None and province.region_id != region.pk:
            raise ValueError(f"{code}: {province_code} is not in {region_code}")
        ExternalService.objects.update_or_create(
            code=code,
            defaults={
                "kind": kind,
                "region": region,
                "province": province,
                "name_fr": name_fr,
                "name_ar": name_ar,
                "name_en": name_en,
                "website": website,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("network", "0003_externalservice")]

    operations = [
        migrations.AddField(
            model_name="externalservice",
            name="code",
            field=models.SlugField(blank=True, db_index=False, max_length=80, verbose_name="code"),
        ),
        migrations.AddConstraint(
            model_name="externalservice",
            constraint=models.UniqueConstraint(
                condition=models.Q(("code", ""), _negated=True), fields=("code",), name="external_service_code_once"
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
