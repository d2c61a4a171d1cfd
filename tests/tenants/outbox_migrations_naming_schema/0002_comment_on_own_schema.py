"""A migration that writes its own schema's name into the database: its SQL
only makes sense in the schema it ran in, so it cannot be replayed elsewhere."""

from django.db import migrations


def comment_on_schema(apps, schema_editor):  # type: ignore[no-untyped-def]
    name = schema_editor.connection.schema_name
    schema_editor.execute(f"COMMENT ON SCHEMA \"{name}\" IS 'built for {name}'")


class Migration(migrations.Migration):
    dependencies = [("outbox", "0001_initial")]
    operations = [migrations.RunPython(comment_on_schema, migrations.RunPython.noop)]
