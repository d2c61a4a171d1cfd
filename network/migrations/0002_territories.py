from django.db import migrations


def load(apps, schema_editor):
    # Runs in public only: django-tenants' router skips shared apps elsewhere.
    from network.services import sync_territories

    sync_territories(
        region_model=apps.get_model("network", "Region"), province_model=apps.get_model("network", "Province")
    )


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
