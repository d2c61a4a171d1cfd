"""The programmes and networks of the sources (network/data/programmes.py). Idempotent: matched by code."""

from django.db import migrations


def load(apps, schema_editor):
    # Runs in public only: django-tenants' router skips shared apps elsewhere.
    from network.services import sync_programmes

    sync_programmes(
        programme_model=apps.get_model("network", "Programme"),
        network_model=apps.get_model("network", "Network"),
        region_model=apps.get_model("network", "Region"),
    )


class Migration(migrations.Migration):
    dependencies = [("network", "0006_programmes_networks_scopes")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
